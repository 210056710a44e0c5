//! Every named case renders exactly as its snapshot in `tests/snapshots/`
//! (`SNAPSHOTS=overwrite` rewrites them), with tidy files and each option's
//! files where they belong; and the comparison itself reports what changed.

use template_selftest::cases;
use template_selftest::project::Project;
use template_selftest::{snapshots, tree};

use crate::{generated, read};

#[test]
fn every_named_case_renders_as_its_snapshot() {
    let cases = cases::named().unwrap_or_else(|err| panic!("{err:#}"));
    assert!(cases.len() >= 4, "too few cases: {}", cases.len());
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

/// Every folder in `tests/snapshots/` belongs to a named case: a case that
/// was removed or renamed leaves no stale snapshot behind.
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
        assert!(
            labels.contains(&name),
            "tests/snapshots/{name} has no case in tests/cases/"
        );
    }
}

/// A changed line shows as a diff naming the file and the line; a file that
/// appears or disappears is named; overwriting accepts the change.
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
    for wanted in [
        "README.md".to_owned(),
        format!("{line} + ## Changed: "),
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
