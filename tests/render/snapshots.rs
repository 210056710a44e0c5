//! Every named case renders exactly as its snapshot (`tests/snapshots/`: the
//! default case whole, the others as diffs; `SNAPSHOTS=overwrite` rewrites
//! them), with tidy files and each option's files where they belong; and the
//! comparison itself reports what changed.

use template_selftest::cases;
use template_selftest::project::Project;
use template_selftest::{snapshots, tree};

use crate::{generated, read};

#[test]
fn every_named_case_renders_as_its_snapshot() {
    let mut cases = cases::named().unwrap_or_else(|err| panic!("{err:#}"));
    assert!(cases.len() >= 4, "too few cases: {}", cases.len());
    // The base case first: the others are told from its snapshot, which
    // overwriting must have brought up to date before.
    cases.sort_by_key(|case| case.label != snapshots::BASE_CASE);
    let mut failures = Vec::new();
    for case in cases.iter().filter(|case| case.snapshot) {
        let (_generation, project) = generated(&case.answers);
        let module = Project::read(&project)
            .unwrap_or_else(|err| panic!("{}: {err:#}", case.label))
            .python_module;
        let result = tree::no_leftovers(&project)
            .and_then(|()| tree::options_match(&project, &case.answers, &module))
            .and_then(|()| snapshots::check(&case.label, &project));
        if let Err(err) = result {
            failures.push(format!("{}: {err:#}", case.label));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `tests/snapshots/` holds the base case's tree and one diff per other
/// named case, nothing else: a case that was removed or renamed leaves no
/// stale snapshot behind.
#[test]
fn every_snapshot_has_a_case() {
    let labels: Vec<String> = cases::named()
        .unwrap()
        .into_iter()
        .filter(|case| case.snapshot)
        .map(|case| case.label)
        .collect();
    let folder = template_selftest::repo_root().join("tests/snapshots");
    for entry in std::fs::read_dir(&folder).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let case = if name == snapshots::BASE_CASE {
            name.as_str()
        } else {
            name.strip_suffix(".diff")
                .unwrap_or_else(|| panic!("tests/snapshots/{name} is not a case's diff"))
        };
        assert!(
            labels.iter().any(|label| label == case),
            "tests/snapshots/{name} has no case in tests/cases/"
        );
    }
}

/// A case's diff is rebuilt against the base tree: a line of the case's own
/// render that changes is reported by file and line.
#[test]
fn a_changed_case_render_is_reported() {
    let case = cases::case("all-on").unwrap();
    let (_generation, project) = generated(&case.answers);
    snapshots::check(&case.label, &project).expect("the committed snapshot matches");
    let ffi = read(&project, "src/ffi.rs");
    std::fs::write(
        project.join("src/ffi.rs"),
        ffi.replacen("\npub ", "\npub(crate) ", 1),
    )
    .unwrap();
    let report = format!(
        "{:#}",
        snapshots::check(&case.label, &project).expect_err("caught")
    );
    for wanted in [
        "expected: src/ffi.rs",
        "+pub(crate) ",
        "SNAPSHOTS=overwrite",
    ] {
        assert!(report.contains(wanted), "no {wanted:?} in:\n{report}");
    }
}

/// A changed line shows as a diff naming the file and the line (a unified
/// diff's hunk header); a file that appears or disappears is named;
/// overwriting accepts the change.
#[test]
fn a_changed_render_is_reported_and_can_be_accepted() {
    let case = cases::case("defaults").unwrap();
    let (_generation, project) = generated(&case.answers);
    let expected = tempfile::tempdir().unwrap();
    snapshots::compare(expected.path(), &project, true).expect("an empty snapshot is written");
    snapshots::compare(expected.path(), &project, false).expect("the copy matches");

    let readme = read(&project, "README.md");
    let line = readme.lines().position(|l| l.starts_with("## ")).unwrap() + 1;
    let changed = readme.replacen("\n## ", "\n## Changed: ", 1);
    std::fs::write(project.join("README.md"), &changed).unwrap();
    std::fs::write(project.join("NEW.md"), "new\n").unwrap();
    std::fs::remove_file(project.join("build.rs")).unwrap();
    let report = format!(
        "{:#}",
        snapshots::compare(expected.path(), &project, false).expect_err("the change is caught")
    );
    // A unified diff with two lines of context: the hunk starts two lines up.
    for wanted in [
        "expected: README.md".to_owned(),
        format!("@@ -{},5 +{},5 @@", line - 2, line - 2),
        "+## Changed: ".to_owned(),
        "NEW.md is rendered, and not in the snapshot".to_owned(),
        "build.rs is no longer rendered".to_owned(),
        format!("{}=overwrite", snapshots::ACTION_ENV),
    ] {
        assert!(report.contains(&wanted), "no {wanted:?} in:\n{report}");
    }
    snapshots::compare(expected.path(), &project, true).expect("overwriting works");
    snapshots::compare(expected.path(), &project, false).expect("the new render is accepted");
    assert_eq!(
        std::fs::read_to_string(expected.path().join("README.md")).unwrap(),
        changed
    );
    assert!(!expected.path().join("build.rs").exists());
}
