//! A generated project takes in a newer version of the template.

use template_selftest::generate::Answers;
use template_selftest::tree;

use crate::{GIT_ENV, generated, read, template_repository, tools};

/// The `sh` code blocks of the README section `heading`, in order.
#[cfg(unix)]
fn shell_blocks(readme: &str, heading: &str) -> Vec<String> {
    let start = readme
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading:?}"));
    let section = &readme[start + heading.len()..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    section
        .split("```sh\n")
        .skip(1)
        .map(|block| block[..block.find("```").expect("a closed block")].to_owned())
        .collect()
}

/// The update procedure of the generated README, run as written (the URL is
/// a local git repository of the newer template): a newer template
/// that changes a file, adds one and drops one, plus an option switched on in
/// `.template-answers.toml`, merge cleanly with the user's own commits.
#[cfg(unix)]
#[test]
fn an_update_from_a_newer_template_merges_with_local_changes() {
    let scratch = tempfile::Builder::new()
        .prefix("selftest-")
        .tempdir()
        .unwrap();
    // The newer template, in a git repository: this one, moved on.
    let newer = scratch.path().join("newer-template");
    template_repository(&newer, |newer| {
        let gitignore = newer.join("template/.gitignore");
        let mut ignored = std::fs::read_to_string(&gitignore).unwrap();
        ignored.push_str("/coverage/\n");
        std::fs::write(&gitignore, ignored).unwrap();
        std::fs::write(
            newer.join("template/CHANGES.md"),
            "# Changes to {{project-name}}\n",
        )
        .unwrap();
        std::fs::remove_file(newer.join("template/benchmarks/compare.py")).unwrap();
    });

    let mut answers = Answers::named("update-demo").options(&["c_abi", "serde"]);
    answers.git = true;
    let (_generation, project) = generated(&answers);
    let blocks = shell_blocks(&read(&project, "README.md"), "## Update from the template");
    let [once, update] = blocks.as_slice() else {
        panic!("expected two sh blocks, found {blocks:#?}");
    };
    let bash = |script: &str| {
        template_selftest::cmd::Cmd::new("bash")
            .args(["-euo", "pipefail", "-c", script])
            .dir(&project)
            .envs(GIT_ENV)
            .run()
            .unwrap_or_else(|err| panic!("{err:#}"))
    };
    bash(once);

    // The user's own work, and an option switched on after the fact.
    let lib = project.join("src/lib.rs");
    const USERS_CODE: &str =
        "\n/// Twice `x`: the user's own code.\npub fn twice(x: i64) -> i64 {\n    2 * x\n}\n";
    let mut code = std::fs::read_to_string(&lib).unwrap();
    code.push_str(USERS_CODE);
    std::fs::write(&lib, code).unwrap();
    let answers_file = project.join(tree::ANSWERS_FILE);
    let text = std::fs::read_to_string(&answers_file).unwrap();
    assert!(text.contains("numpy = false\n"), "{text}");
    std::fs::write(
        &answers_file,
        text.replace("numpy = false\n", "numpy = true\n"),
    )
    .unwrap();
    bash("git commit -qam 'My own function; numpy on'");

    // As written, with the newer template's repository as the URL (and
    // cargo-generate named by its path, which may not be on PATH).
    let command = "cargo generate --git <template repository URL> template";
    assert!(update.contains(command), "{update}");
    let local = format!(
        "'{}' generate --git '{}' template",
        tools().cargo_generate.display(),
        newer.display()
    );
    let output = bash(&update.replace(command, &local));

    let code = read(&project, "src/lib.rs");
    assert!(
        code.contains("pub fn twice(x: i64)"),
        "the user's code is gone:\n{code}"
    );
    assert!(
        code.contains("mod arrays;"),
        "numpy was not switched on:\n{code}"
    );
    assert!(read(&project, ".gitignore").contains("/coverage/"));
    assert_eq!(read(&project, "CHANGES.md"), "# Changes to update-demo\n");
    assert!(!project.join("benchmarks/compare.py").exists());
    let on = answers.clone().options(&["c_abi", "serde", "numpy"]);
    tree::options_match(&project, &on, "update_demo").unwrap_or_else(|err| panic!("{err:#}"));
    let status = bash("git status --porcelain && git worktree list");
    assert_eq!(
        status.stdout.lines().count(),
        1,
        "a clean tree and no extra work tree expected:\n{}\n{}",
        status.stdout,
        output.combined()
    );

    // Exactly what the newer template renders for the new answers, plus the
    // user's code.
    let (_generation, fresh) = generated(
        &Answers::named("update-demo")
            .without("year")
            .from_git(&newer, Some("template"))
            .values_file(project.join(tree::ANSWERS_FILE)),
    );
    let mut merged = tree::contents(&project).unwrap();
    let lib = merged.get_mut("src/lib.rs").unwrap();
    assert!(lib.ends_with(USERS_CODE.as_bytes()));
    lib.truncate(lib.len() - USERS_CODE.len());
    let expected = tree::contents(&fresh).unwrap();
    tree::unchanged(&expected, &merged)
        .expect("the merge gives the newer template's project plus the user's code");
}
