//! A generated project takes in newer releases of its template with its own
//! nox sessions, `template-check` and `template-update`, run as its README
//! says, against git repositories of the template tagged like releases.

use std::path::{Path, PathBuf};

use template_selftest::cmd::{Cmd, Output};
use template_selftest::generate::{Answers, Generation};
use template_selftest::tree;

use crate::{GIT_ENV, generated, git, read, template_repository, tools};

/// A git repository of this template whose release is `version`, tagged so.
fn repository_at(dir: &Path, version: &str) -> PathBuf {
    let repository = dir.join("template-repository");
    template_repository(&repository, |copy| set_version(copy, version));
    git(&repository, &["tag", version]);
    repository
}

/// Makes `hooks/template.rhai` in `repository` name `version` as its release.
fn set_version(repository: &Path, version: &str) {
    let path = repository.join("hooks/template.rhai");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text
        .find("fn version() {")
        .expect("a version() in hooks/template.rhai");
    let end = start + text[start..].find('}').unwrap() + 1;
    let changed = format!(
        "{}fn version() {{ \"{version}\" }}{}",
        &text[..start],
        &text[end..]
    );
    std::fs::write(path, changed).unwrap();
}

/// A new release of the template in `repository`: `edit`, then commit and tag.
fn release(repository: &Path, version: &str, edit: impl FnOnce(&Path)) {
    edit(repository);
    set_version(repository, version);
    git(repository, &["add", "--all"]);
    git(repository, &["commit", "--quiet", "--message", version]);
    git(repository, &["tag", version]);
}

/// The project generated from `release` of `repository`, in a git repository
/// with one commit: the generated files and `extra` ones (path, text).
fn project_from(repository: &Path, release: &str, extra: &[(&str, &str)]) -> (Generation, PathBuf) {
    let mut answers = Answers::named("update-demo")
        .from_git(repository, Some("template"))
        .tag(release)
        .define("template_source", &repository.display().to_string());
    answers.git = true;
    let (generation, project) = generated(&answers);
    // cargo-generate names the branch of a project generated from a tag after
    // the tag's commit; docs/updating.md says to rename it, as here.
    git(&project, &["branch", "--move", "main"]);
    for (path, text) in extra {
        std::fs::write(project.join(path), text).unwrap();
    }
    git(&project, &["add", "--all"]);
    git(
        &project,
        &["commit", "--quiet", "--message", "As generated"],
    );
    (generation, project)
}

/// `nox -s <session> [-- args]` in `project`, with cargo-generate and the
/// tools on PATH; what it printed, whether it succeeded or not.
fn nox(project: &Path, session: &str, args: &[&str]) -> Output {
    let cargo_generate = tools().cargo_generate.parent().map(Path::to_path_buf);
    let path =
        template_selftest::path_with(cargo_generate.into_iter().chain([tools().bin()])).unwrap();
    let mut command = Cmd::new(tools().nox()).args(["-s", session]);
    if !args.is_empty() {
        command = command.arg("--").args(args);
    }
    command
        .dir(project)
        .envs(GIT_ENV)
        .env("PATH", path)
        .output()
        .unwrap()
}

fn assert_clean(project: &Path) {
    let status = git(project, &["status", "--porcelain"]);
    assert!(status.is_empty(), "the work tree is not clean:\n{status}");
}

/// The scenario that used to lose files: the first commit holds lock files
/// and a file of the user's, an option is switched on, and the update runs
/// twice. Nothing the template does not render is touched.
#[test]
fn an_update_keeps_every_file_the_template_does_not_render() {
    let scratch = tempfile::tempdir().unwrap();
    let repository = repository_at(scratch.path(), "v1.0.0");
    let users: [(&str, &str); 3] = [
        ("Cargo.lock", "# a lock file of cargo's\nversion = 4\n"),
        ("uv.lock", "version = 1\n"),
        ("NOTES.md", "# My notes\n"),
    ];
    let (_generation, project) = project_from(&repository, "v1.0.0", &users);
    let answers = project.join(tree::ANSWERS_FILE);
    let text = std::fs::read_to_string(&answers).unwrap();
    std::fs::write(&answers, text.replace("numpy = false", "numpy = true")).unwrap();
    git(
        &project,
        &["commit", "--quiet", "--all", "--message", "numpy on"],
    );

    for run in ["first", "second"] {
        let output = nox(&project, "template-update", &[]);
        assert!(
            output.status.success(),
            "{run} update:\n{}",
            output.combined()
        );
        for (path, text) in users {
            assert_eq!(read(&project, path), text, "{run} update changed {path}");
        }
        assert!(project.join("src/arrays.rs").is_file(), "numpy is not on");
        assert_clean(&project);
    }
    let second = nox(&project, "template-update", &[]);
    assert!(
        second.combined().contains("nothing to take in"),
        "{}",
        second.combined()
    );
}

/// A project generated from a tagged release is told when a newer release
/// is out, and takes it in: a file changed, one added, one dropped, the
/// user's code kept, and the result is what the newer release renders plus
/// the user's code.
#[test]
fn a_newer_release_is_found_and_taken_in() {
    let scratch = tempfile::tempdir().unwrap();
    let repository = repository_at(scratch.path(), "v1.0.0");
    let (_generation, project) = project_from(&repository, "v1.0.0", &[]);
    const USERS_CODE: &str =
        "\n/// Twice `x`: the user's own code.\npub fn twice(x: i64) -> i64 {\n    2 * x\n}\n";
    let lib = project.join("src/lib.rs");
    std::fs::write(&lib, read(&project, "src/lib.rs") + USERS_CODE).unwrap();
    git(
        &project,
        &["commit", "--quiet", "--all", "--message", "My own function"],
    );

    let check = nox(&project, "template-check", &[]);
    assert!(check.status.success(), "{}", check.combined());

    release(&repository, "v1.1.0", |repository| {
        let gitignore = repository.join("template/.gitignore");
        let ignored = std::fs::read_to_string(&gitignore).unwrap() + "/profiles/\n";
        std::fs::write(&gitignore, ignored).unwrap();
        std::fs::write(
            repository.join("template/CHANGES.md"),
            "# Changes to {{project-name}}\n",
        )
        .unwrap();
        std::fs::remove_file(repository.join("template/benchmarks/compare.py")).unwrap();
    });
    let check = nox(&project, "template-check", &[]);
    assert!(!check.status.success(), "no newer release found");
    assert!(
        check
            .combined()
            .contains("has a newer release, v1.1.0; this project is on v1.0.0"),
        "{}",
        check.combined()
    );

    let update = nox(&project, "template-update", &["--to", "latest"]);
    assert!(update.status.success(), "{}", update.combined());
    assert_clean(&project);
    assert!(read(&project, "src/lib.rs").ends_with(USERS_CODE));
    assert!(read(&project, ".gitignore").ends_with("/profiles/\n"));
    assert_eq!(read(&project, "CHANGES.md"), "# Changes to update-demo\n");
    assert!(!project.join("benchmarks/compare.py").exists());
    let recorded: toml::Table = read(&project, tree::ANSWERS_FILE).parse().unwrap();
    assert_eq!(recorded["template"]["version"].as_str(), Some("v1.1.0"));
    let check = nox(&project, "template-check", &[]);
    assert!(check.status.success(), "{}", check.combined());

    // Exactly the newer release's render of the recorded answers, plus the
    // user's code.
    let (_generation, fresh) = generated(
        &Answers::named("update-demo")
            .without("year")
            .from_git(&repository, Some("template"))
            .tag("v1.1.0")
            .values_file(project.join(tree::ANSWERS_FILE))
            .define("template_version", "v1.1.0")
            .define(
                "template_commit",
                git(&repository, &["rev-parse", "v1.1.0"]).trim(),
            )
            .define("template_source", &repository.display().to_string()),
    );
    let mut merged = tree::contents(&project).unwrap();
    let code = merged.get_mut("src/lib.rs").unwrap();
    code.truncate(code.len() - USERS_CODE.len());
    tree::unchanged(&tree::contents(&fresh).unwrap(), &merged)
        .expect("the update gives the newer release's project plus the user's code");
}

/// An update refuses a dirty work tree; a conflict stops with the files and
/// what to do, and `git merge --abort` goes back; without a recorded source
/// it says what to set.
#[test]
fn an_update_stops_clearly_when_it_cannot_merge() {
    let scratch = tempfile::tempdir().unwrap();
    let repository = repository_at(scratch.path(), "v1.0.0");
    let (_generation, project) = project_from(&repository, "v1.0.0", &[]);

    std::fs::write(project.join(".gitignore"), "/target\n/mine/\n").unwrap();
    let dirty = nox(&project, "template-update", &[]);
    assert!(!dirty.status.success());
    assert!(
        dirty.combined().contains("commit or stash them"),
        "{}",
        dirty.combined()
    );
    git(
        &project,
        &["commit", "--quiet", "--all", "--message", "My .gitignore"],
    );

    release(&repository, "v2.0.0", |repository| {
        std::fs::write(
            repository.join("template/.gitignore"),
            "/target\n/theirs/\n",
        )
        .unwrap();
    });
    let head = git(&project, &["rev-parse", "HEAD"]);
    let conflict = nox(&project, "template-update", &["--to", "v2.0.0"]);
    assert!(!conflict.status.success());
    for wanted in [
        "conflicts with this project's changes in:",
        ".gitignore",
        "git merge --abort",
    ] {
        assert!(
            conflict.combined().contains(wanted),
            "no {wanted:?} in:\n{}",
            conflict.combined()
        );
    }
    git(&project, &["merge", "--abort"]);
    assert_clean(&project);
    // Back where the update started, but for the base of updates it recorded.
    assert_eq!(
        git(&project, &["rev-parse", "HEAD^2"]),
        git(&project, &["rev-parse", "template^"])
    );
    assert_eq!(git(&project, &["rev-parse", "HEAD^1"]), head);

    let answers = project.join(tree::ANSWERS_FILE);
    let text = read(&project, tree::ANSWERS_FILE);
    let source = format!("source = \"{}\"", repository.display());
    std::fs::write(&answers, text.replace(&source, "source = \"\"")).unwrap();
    git(
        &project,
        &["commit", "--quiet", "--all", "--message", "No source"],
    );
    for session in ["template-update", "template-check"] {
        let unknown = nox(&project, session, &[]);
        assert!(!unknown.status.success());
        assert!(
            unknown
                .combined()
                .contains("does not say where the template lives"),
            "{session}:\n{}",
            unknown.combined()
        );
    }
}

/// The branches and files an update may change: HEAD, the template branch,
/// the work tree's status.
fn state(project: &Path) -> (String, String, String) {
    let template = Cmd::new("git")
        .args(["rev-parse", "--verify", "--quiet", "refs/heads/template"])
        .dir(project)
        .envs(GIT_ENV)
        .output()
        .unwrap()
        .stdout;
    (
        git(project, &["rev-parse", "HEAD"]),
        template,
        git(project, &["status", "--porcelain", "--ignored"]),
    )
}

/// Asserts `update` failed with one line that holds `wanted` (no traceback)
/// and left `project` as `before` was.
fn assert_refused_cleanly(
    project: &Path,
    update: &Output,
    wanted: &str,
    before: &(String, String, String),
) {
    let output = update.combined();
    assert!(!update.status.success(), "accepted:\n{output}");
    let line = output
        .lines()
        .find(|line| line.starts_with("template update: "))
        .unwrap_or_else(|| panic!("no one-line refusal:\n{output}"));
    assert!(line.contains(wanted), "{line:?} lacks {wanted:?}");
    assert!(!output.contains("Traceback"), "{output}");
    assert_eq!(
        &state(project),
        before,
        "the update changed the repository:\n{output}"
    );
}

/// A failed update changes nothing: an unknown release (a prefix of a real
/// one included), answers of the wrong type, unreadable answers; before the
/// first update and after one.
#[test]
fn a_failed_update_changes_nothing() {
    let scratch = tempfile::tempdir().unwrap();
    let repository = repository_at(scratch.path(), "v1.0.0");
    let (_generation, project) = project_from(&repository, "v1.0.0", &[]);
    for round in ["before the first update", "after an update"] {
        let before = state(&project);
        for (args, wanted) in [
            (
                &["--to", "v9.9.9"][..],
                "has no release tag, branch or commit 'v9.9.9'",
            ),
            (
                &["--to", "v1.0"][..],
                "has no release tag, branch or commit 'v1.0'",
            ),
            (&["--to"][..], "usage:"),
        ] {
            let update = nox(&project, "template-update", args);
            assert_refused_cleanly(&project, &update, wanted, &before);
        }
        let answers = read(&project, tree::ANSWERS_FILE);
        for (broken, wanted) in [
            (
                answers.replace("min_python = \"3.11\"", "min_python = 3.1"),
                "min_python = 3.1 is a number to TOML; write it as a string, e.g. min_python = \"3.10\"",
            ),
            (answers.replace("[values]", "[values"), "is not valid TOML"),
            (
                answers.replace("numpy = false", "numpy = [false]"),
                "numpy = [False] must be a string, true or false",
            ),
        ] {
            assert_ne!(broken, answers);
            std::fs::write(project.join(tree::ANSWERS_FILE), &broken).unwrap();
            git(
                &project,
                &["commit", "--quiet", "--all", "--message", "Broken answers"],
            );
            let before = state(&project);
            let update = nox(&project, "template-update", &[]);
            assert_refused_cleanly(&project, &update, wanted, &before);
            git(&project, &["reset", "--quiet", "--hard", "HEAD^"]);
        }
        if round == "before the first update" {
            release(&repository, "v1.1.0", |repository| {
                let gitignore = repository.join("template/.gitignore");
                let text = std::fs::read_to_string(&gitignore).unwrap() + "/profiles/\n";
                std::fs::write(gitignore, text).unwrap();
            });
            let update = nox(&project, "template-update", &["--to", "v1.1.0"]);
            assert!(update.status.success(), "{}", update.combined());
        }
    }
}

/// After a conflict, an update is refused until the merge is finished or
/// aborted; after `git merge --abort`, the next update merges the template's
/// output again instead of finding nothing to take in.
#[test]
fn an_aborted_update_is_merged_again() {
    let scratch = tempfile::tempdir().unwrap();
    let repository = repository_at(scratch.path(), "v1.0.0");
    let (_generation, project) = project_from(&repository, "v1.0.0", &[]);
    std::fs::write(project.join(".gitignore"), "/target\n/mine/\n").unwrap();
    git(
        &project,
        &["commit", "--quiet", "--all", "--message", "My .gitignore"],
    );
    release(&repository, "v2.0.0", |repository| {
        std::fs::write(
            repository.join("template/.gitignore"),
            "/target\n/theirs/\n",
        )
        .unwrap();
    });
    for attempt in ["first", "again"] {
        let update = nox(&project, "template-update", &["--to", "v2.0.0"]);
        let output = update.combined();
        assert!(!update.status.success(), "{attempt}: {output}");
        assert!(
            output.contains("conflicts with this project's changes in: .gitignore"),
            "{attempt}: {output}"
        );
        if attempt == "again" {
            assert!(
                output.contains("was not merged yet: merging it again"),
                "{output}"
            );
        }
        // An update while the merge is unfinished is refused, untouched.
        let before = state(&project);
        assert_refused_cleanly(
            &project,
            &nox(&project, "template-update", &["--to", "v2.0.0"]),
            "a merge is in progress: finish it (git commit) or undo it (git merge --abort)",
            &before,
        );
        git(&project, &["merge", "--abort"]);
        assert_clean(&project);
    }
    // Resolved this time: the update is then complete.
    let update = nox(&project, "template-update", &["--to", "v2.0.0"]);
    assert!(!update.status.success());
    std::fs::write(project.join(".gitignore"), "/target\n/mine/\n/theirs/\n").unwrap();
    git(&project, &["commit", "--quiet", "--all", "--no-edit"]);
    let again = nox(&project, "template-update", &["--to", "v2.0.0"]);
    assert!(
        again.combined().contains("nothing to take in"),
        "{}",
        again.combined()
    );
}

/// A source without the tag of the recorded release: the update finds the
/// release's commit (the one that made it the release, or the recorded one),
/// says which it used, and records the commit.
#[test]
fn an_update_works_where_the_release_has_no_tag() {
    let scratch = tempfile::tempdir().unwrap();
    let repository = repository_at(scratch.path(), "v1.0.0");
    let (_generation, project) = project_from(&repository, "v1.0.0", &[]);
    let released = git(&repository, &["rev-parse", "v1.0.0"]).trim().to_owned();
    git(&repository, &["tag", "--delete", "v1.0.0"]);
    release(&repository, "v1.1.0", |_| {});
    let update = nox(&project, "template-update", &["--to", "latest"]);
    let output = update.combined();
    assert!(update.status.success(), "{output}");
    assert!(
        output.contains(&format!("has no tag v1.0.0: using {}", &released[..12])),
        "{output}"
    );
    let recorded: toml::Table = read(&project, tree::ANSWERS_FILE).parse().unwrap();
    assert_eq!(recorded["template"]["version"].as_str(), Some("v1.1.0"));
    assert_eq!(
        recorded["template"]["commit"].as_str(),
        Some(git(&repository, &["rev-parse", "v1.1.0"]).trim())
    );
}

/// States an update cannot start from get one line that names the fix: a
/// detached HEAD, a branch named after a commit (what `cargo generate --tag`
/// makes), the template branch of earlier updates gone (a merge in progress:
/// [`an_aborted_update_is_merged_again`]).
/// A dependency the template adds says to update the lock files.
#[test]
fn states_that_stop_an_update_are_named() {
    let scratch = tempfile::tempdir().unwrap();
    let repository = repository_at(scratch.path(), "v1.0.0");
    let (_generation, project) = project_from(&repository, "v1.0.0", &[]);
    let branch = git(&project, &["branch", "--show-current"])
        .trim()
        .to_owned();
    let head = git(&project, &["rev-parse", "HEAD"]).trim().to_owned();

    git(&project, &["switch", "--quiet", "--detach"]);
    let before = state(&project);
    assert_refused_cleanly(
        &project,
        &nox(&project, "template-update", &[]),
        "HEAD is detached: switch",
        &before,
    );
    git(&project, &["switch", "--quiet", &branch]);

    git(&project, &["branch", "--quiet", "--move", &head]);
    let before = state(&project);
    assert_refused_cleanly(
        &project,
        &nox(&project, "template-update", &[]),
        "git branch -m main",
        &before,
    );
    git(&project, &["branch", "--quiet", "--move", &branch]);

    release(&repository, "v1.1.0", |repository| {
        let manifest = repository.join("template/Cargo.toml");
        let text = std::fs::read_to_string(&manifest).unwrap().replacen(
            "thiserror = \"2\"",
            "thiserror = \"2\"\nitoa = \"1\"",
            1,
        );
        std::fs::write(manifest, text).unwrap();
    });
    let update = nox(&project, "template-update", &["--to", "v1.1.0"]);
    assert!(update.status.success(), "{}", update.combined());
    assert!(
        update.combined().contains("update the lock files"),
        "{}",
        update.combined()
    );

    git(&project, &["branch", "--quiet", "-D", "template"]);
    let before = state(&project);
    assert_refused_cleanly(
        &project,
        &nox(&project, "template-update", &[]),
        "git fetch origin template:template",
        &before,
    );
}
