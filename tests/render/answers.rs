//! Answers reach the files: licenses, authors, the next steps the post hook
//! prints, and the recorded answers, which reproduce the project.

use template_selftest::generate::Answers;
use template_selftest::{template, tree};

use crate::{generated, read};

#[test]
fn each_license_ships_its_files() {
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "MIT OR Apache-2.0",
            &["LICENSE-APACHE", "LICENSE-MIT"],
            "MIT License",
        ),
        ("MIT", &["LICENSE"], "MIT License"),
        ("Apache-2.0", &["LICENSE"], "Apache License"),
        ("BSD-3-Clause", &["LICENSE"], "BSD 3-Clause License"),
    ];
    for (license, files, text) in cases {
        let (_generation, project) =
            generated(&Answers::named("licensed").define("license", license));
        let found: Vec<String> = tree::files(&project)
            .unwrap()
            .into_iter()
            .filter(|file| file.starts_with("LICENSE"))
            .collect();
        assert_eq!(found, *files, "license {license}");
        assert!(
            files.iter().any(|file| read(&project, file).contains(text)),
            "license {license}: no file contains {text:?}"
        );
        let spdx = format!(r#"license = "{license}""#);
        assert!(read(&project, "Cargo.toml").contains(&spdx));
        assert!(read(&project, "pyproject.toml").contains(&spdx));
    }
}

#[test]
fn authors_are_escaped_or_left_out() {
    let answers = Answers::named("quoted-author").env("CARGO_NAME", r#"Jane "JD" Doe"#);
    let (_generation, project) = generated(&answers);
    let pyproject = read(&project, "pyproject.toml");
    let parsed: toml::Table = pyproject.parse().expect("pyproject.toml is valid TOML");
    assert_eq!(
        parsed["project"]["authors"][0]["name"].as_str(),
        Some(r#"Jane "JD" Doe"#)
    );
    assert!(read(&project, "LICENSE-MIT").contains(r#"Jane "JD" Doe"#));
}

#[test]
fn the_post_hook_prints_the_next_steps() {
    let (generation, _project) =
        generated(&Answers::named("next-steps").define("python_module", "nsteps"));
    let output = generation.output.combined();
    for expected in [
        "uvx nox",
        "cargo test",
        "uv sync && uv run pytest",
        "README.md",
    ] {
        assert!(output.contains(expected), "no {expected:?} in:\n{output}");
    }
}

/// The answers of the recorded file `.template-answers.toml`, parsed.
fn recorded_answers(project: &std::path::Path) -> toml::Table {
    let text = read(project, tree::ANSWERS_FILE);
    let parsed: toml::Table = text.parse().expect("the answers file is valid TOML");
    parsed["values"]
        .as_table()
        .expect("a [values] table")
        .clone()
}

/// `.template-answers.toml` records every answer: generating again from it
/// alone, on a machine with another git identity, gives the same project, and
/// the recorded year is the one the license keeps.
#[test]
fn the_recorded_answers_reproduce_the_project() {
    let answers = Answers::named("recorded")
        .define("python_module", "kept_answers")
        .define("description", "Answers kept for the next update")
        .define("license", "BSD-3-Clause")
        .define("min_python", "3.10")
        .options(&["serde", "numpy", "abi3"])
        .env("CARGO_NAME", r#"Jane "JD" Doe"#);
    let (_first, project) = generated(&answers.without("year"));
    let recorded = recorded_answers(&project);
    // Every answer the template asks for is recorded: one left out would fall
    // back to its default at the next update. (Each option's value is checked
    // for every render, by tree::options_match.)
    for key in template::placeholders().unwrap() {
        assert!(recorded.contains_key(&key), "{key} is not recorded");
    }
    assert_eq!(
        recorded["authors"].as_str(),
        Some(r#"Jane "JD" Doe <selftest@example.com>"#)
    );
    assert_eq!(recorded["python_module"].as_str(), Some("kept_answers"));
    assert_eq!(recorded["min_python"].as_str(), Some("3.10"));
    assert_eq!(recorded["numpy"].as_bool(), Some(true));
    let before = tree::contents(&project).unwrap();

    // Without a year of their own: the file's answers must be enough.
    let again = Answers::named("recorded")
        .without("year")
        .values_file(project.join(tree::ANSWERS_FILE))
        .env("CARGO_NAME", "Someone Else")
        .env("CARGO_EMAIL", "else@example.com");
    let (_second, copy) = generated(&again);
    tree::unchanged(&before, &tree::contents(&copy).unwrap())
        .expect("the recorded answers give the same project");

    // Without -d year, the year is this one; a project started in 1999
    // keeps that year through an update.
    let year = recorded["year"]
        .as_str()
        .expect("a recorded year")
        .to_owned();
    assert_eq!(year, this_year());
    let answers_file = project.join(tree::ANSWERS_FILE);
    let text = read(&project, tree::ANSWERS_FILE);
    std::fs::write(
        &answers_file,
        text.replace(&format!("year = \"{year}\""), "year = \"1999\""),
    )
    .unwrap();
    let (_third, old) = generated(
        &Answers::named("recorded")
            .without("year")
            .values_file(&answers_file),
    );
    assert!(
        read(&old, "LICENSE").contains("Copyright (c) 1999"),
        "{}",
        read(&old, "LICENSE")
    );
    assert_eq!(recorded_answers(&old)["year"].as_str(), Some("1999"));
}

/// The current year (UTC), from the system clock.
fn this_year() -> String {
    template_selftest::platform::today()[..4].to_owned()
}
