//! The other ways to generate: from a git URL, as users without a checkout
//! do, and interactively, answering cargo-generate's questions.

use template_selftest::generate::Answers;
use template_selftest::tree;

use crate::{generated, template_repository};

/// `cargo generate --git <repository>` (what users run without a checkout)
/// renders exactly what `--path <checkout> template` does.
#[test]
fn generating_from_a_git_url_matches_the_checkout() {
    let scratch = tempfile::Builder::new()
        .prefix("selftest-")
        .tempdir()
        .unwrap();
    let repository = scratch.path().join("template-repository");
    template_repository(&repository, |_| {});
    let (_generation, expected) = generated(&Answers::named("via-git"));
    for subfolder in [None, Some("template")] {
        let (_generation, project) =
            generated(&Answers::named("via-git").from_git(&repository, subfolder));
        tree::unchanged(
            &tree::contents(&expected).unwrap(),
            &tree::contents(&project).unwrap(),
        )
        .unwrap_or_else(|err| panic!("--git with subfolder {subfolder:?}: {err:#}"));
    }
}

/// The way most people start: `cargo generate` with no `--silent`, answering
/// prompts (as `cargo generate --git <URL>` does). Every question of the
/// template is asked, in order, and the typed answers reach the project.
#[cfg(unix)]
#[test]
fn interactive_generation_asks_every_question_and_uses_the_answers() {
    use rexpect::session::{Options, spawn_with_options};
    use template_selftest::repo_root;

    use crate::{read, tools};

    const ENTER: &str = "\r";
    const DOWN: &str = "\x1b[B";
    let chosen_minor = template_selftest::template::pythons().default_minor + 1;
    let chosen_python = format!("3.{chosen_minor}");
    let parent = tempfile::Builder::new()
        .prefix("selftest-")
        .tempdir()
        .unwrap();
    let mut command = std::process::Command::new(&tools().cargo_generate);
    command
        .arg("generate")
        .arg("--path")
        .arg(repo_root())
        .arg("--destination")
        .arg(parent.path())
        .args(["--vcs", "none"])
        .env("CARGO_NAME", "Prompt Author")
        .env("CARGO_EMAIL", "prompt@example.com")
        .env("NO_COLOR", "1")
        .env("CLICOLOR", "0")
        .env("TERM", "xterm");
    let options = Options::new()
        .timeout_ms(Some(30_000))
        .strip_ansi_escape_codes(true);
    let mut session = spawn_with_options(command, options).expect("cargo-generate starts");
    // (what the prompt says, what the user types)
    let mut dialogue: Vec<(String, String)> = [
        ("Which sub-template", ENTER),
        ("Project Name", "InteractiveDemo\r"),
        ("Python import name", "demo_pkg\r"),
        ("One-line description", "Bindings typed at the prompt\r"),
        ("License (SPDX)", &format!("{DOWN}{ENTER}")),
        ("Oldest Python version", &format!("{chosen_python}{ENTER}")),
    ]
    .iter()
    .map(|(prompt, keys)| ((*prompt).to_owned(), (*keys).to_owned()))
    .collect();
    // Every option of the template, in turn answered yes, no and with the
    // default.
    let mut on = Vec::new();
    for (index, option) in template_selftest::template::options().iter().enumerate() {
        let (keys, value) = match index % 3 {
            0 => ("y", true),
            1 => ("n", false),
            _ => (ENTER, option.default),
        };
        if value {
            on.push(option.key.as_str());
        }
        let prompt: String = option.prompt.chars().take(24).collect();
        dialogue.push((prompt, keys.to_owned()));
    }
    let mut transcript = String::new();
    for (prompt, keys) in &dialogue {
        match session.exp_string(prompt) {
            Ok(before) => transcript.push_str(&before),
            Err(err) => panic!("no prompt {prompt:?} ({err}); so far:\n{transcript}"),
        }
        transcript.push_str(prompt);
        session.send(keys).unwrap();
        session.flush().unwrap();
    }
    let rest = session
        .exp_eof()
        .unwrap_or_else(|err| panic!("{err}:\n{transcript}"));
    transcript.push_str(&rest);
    assert!(transcript.contains("Done!"), "{transcript}");

    let project = parent.path().join("interactive-demo");
    let cargo_toml = read(&project, "Cargo.toml");
    assert!(
        cargo_toml.contains("name = \"interactive-demo\""),
        "{cargo_toml}"
    );
    assert!(cargo_toml.contains("license = \"MIT\""), "{cargo_toml}");
    let pyproject = read(&project, "pyproject.toml");
    assert!(
        pyproject.contains(&format!("requires-python = \">={chosen_python}\"")),
        "{pyproject}"
    );
    assert!(
        pyproject.contains("module-name = \"demo_pkg._core\""),
        "{pyproject}"
    );
    assert!(
        pyproject.contains("Bindings typed at the prompt"),
        "{pyproject}"
    );
    assert!(project.join("LICENSE").is_file());
    let answers = Answers::named("interactive-demo").options(&on);
    tree::options_match(&project, &answers, "demo_pkg").unwrap_or_else(|err| panic!("{err:#}"));
}
