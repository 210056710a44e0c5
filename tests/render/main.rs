//! The render tier: what cargo-generate writes for given answers, checked
//! without building anything (`samples.rs` builds). One module per concern:
//!
//! - `snapshots`: every named case renders exactly as committed in
//!   `tests/snapshots/`; the comparison reports a changed line;
//! - `style`: the template's files need no formatting and follow one Liquid style;
//! - `hooks`: the hooks' Rhai modules (Python versions, names) do what they say;
//! - `docs`: the documentation names every answer, option, Python version and
//!   generated file as the template declares them;
//! - `answers`: licenses, authors, the next steps, the recorded answers;
//! - `refusals`: every answer the hooks refuse, and what a refusal leaves;
//! - `properties`: fixed and generated adversarial answers are refused with a
//!   message that names them, or render a project whose gates pass;
//! - `workflows`: the generated GitHub workflows are clean and run the nox
//!   sessions; hand-made faults are caught;
//! - `platform`: the workflows run on runners GitHub offers today, with the
//!   action releases `facts/github.toml` records;
//! - `sources`: generating from a git URL, and interactively;
//! - `updates`: a project takes in a newer template.

mod answers;
mod docs;
mod hooks;
mod platform;
mod properties;
mod refusals;
mod snapshots;
mod sources;
mod style;
mod updates;
mod workflows;

use std::path::{Path, PathBuf};

use template_selftest::generate::{Answers, Generation, generate};
use template_selftest::tools::Tools;

/// The tools, set up on first use.
fn tools() -> &'static Tools {
    Tools::get(env!("CARGO_TARGET_TMPDIR")).unwrap_or_else(|err| panic!("{err:#}"))
}

/// Generates with `answers`; panics unless that succeeds.
fn generated(answers: &Answers) -> (Generation, PathBuf) {
    let generation = generate(tools(), answers).expect("cargo-generate runs");
    let project = generation
        .project()
        .unwrap_or_else(|err| panic!("generating {answers:?} failed: {err:#}"));
    (generation, project)
}

/// The text of `relative` in `project`.
fn read(project: &Path, relative: &str) -> String {
    std::fs::read_to_string(project.join(relative))
        .unwrap_or_else(|err| panic!("cannot read {relative}: {err}"))
}

/// Each fault, `(what, file, text, replacement, wanted)`: `file` of `project`
/// with its first `text` replaced must make `check` fail with a report that
/// holds `wanted`. The file is restored after each.
fn assert_faults_caught<T>(
    project: &Path,
    faults: &[(&str, &str, &str, &str, &str)],
    check: impl Fn(&Path) -> anyhow::Result<T>,
) {
    for &(fault, file, text, replacement, wanted) in faults {
        let original = read(project, file);
        let broken = original.replacen(text, replacement, 1);
        assert_ne!(broken, original, "{fault}: {text:?} is not in {file}");
        std::fs::write(project.join(file), &broken).unwrap();
        let result = check(project);
        std::fs::write(project.join(file), &original).unwrap();
        let Err(err) = result else {
            panic!("{fault}: not caught")
        };
        let message = format!("{err:#}");
        assert!(
            message.contains(wanted),
            "{fault}: caught, but the report lacks {wanted:?}:\n{message}"
        );
    }
}

/// What a refused generation may leave in the destination folder.
#[derive(Debug, Clone, Copy)]
enum Leaves {
    /// Nothing at all: the init hook refused before cargo-generate made a folder.
    Nothing,
    /// One empty folder: refused after cargo-generate made the destination.
    AnEmptyFolder,
}

/// Generates with `answers`, asserts that it fails with `message` and leaves
/// only what `leaves` says; returns what cargo-generate printed.
fn assert_refused(answers: &Answers, message: &str, leaves: Leaves) -> String {
    let generation = generate(tools(), answers).unwrap();
    let output = generation.output.combined();
    assert!(!generation.succeeded(), "{answers:?} was accepted");
    assert!(
        output.contains(message),
        "{answers:?}: no {message:?} in:\n{output}"
    );
    let as_expected = match leaves {
        Leaves::Nothing => generation.left_nothing(),
        Leaves::AnEmptyFolder => generation.left_only_an_empty_folder(),
    };
    assert!(
        as_expected,
        "{answers:?} should leave {leaves:?} but left {:?}",
        generation.parent_entries()
    );
    output
}

/// Git settings for commits made by the tests: a fixed identity, no user or
/// system configuration, no editor for merge messages.
const GIT_ENV: [(&str, &str); 8] = [
    ("GIT_AUTHOR_NAME", "Selftest"),
    ("GIT_AUTHOR_EMAIL", "selftest@example.com"),
    ("GIT_COMMITTER_NAME", "Selftest"),
    ("GIT_COMMITTER_EMAIL", "selftest@example.com"),
    ("GIT_CONFIG_NOSYSTEM", "1"),
    (
        "GIT_CONFIG_GLOBAL",
        if cfg!(windows) { "NUL" } else { "/dev/null" },
    ),
    ("GIT_MERGE_AUTOEDIT", "no"),
    ("NO_COLOR", "1"),
];

/// Runs git with `args` in `dir`, with [`GIT_ENV`]; panics unless it succeeds.
fn git(dir: &Path, args: &[&str]) -> String {
    template_selftest::cmd::Cmd::new("git")
        .args(args)
        .dir(dir)
        .envs(GIT_ENV)
        .run()
        .unwrap_or_else(|err| panic!("{err:#}"))
        .stdout
}

/// A git repository at `dir` holding this template (its root
/// `cargo-generate.toml`, `template/` and `hooks/`), changed by `edit` before
/// the one commit: what `cargo generate --git <URL>` clones.
fn template_repository(dir: &Path, edit: impl FnOnce(&Path)) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::copy(
        template_selftest::repo_root().join("cargo-generate.toml"),
        dir.join("cargo-generate.toml"),
    )
    .unwrap();
    for folder in ["template", "hooks"] {
        copy_tree(
            &template_selftest::repo_root().join(folder),
            &dir.join(folder),
        );
    }
    edit(dir);
    git(dir, &["init", "--quiet"]);
    git(dir, &["add", "--all"]);
    git(dir, &["commit", "--quiet", "--message", "The template"]);
}

/// Copies `from` (a folder) to `to`, recursively.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
