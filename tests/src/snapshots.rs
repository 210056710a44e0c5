//! Expected renders: for each named case, the whole project the template
//! renders is committed under `tests/snapshots/<case>/`, and every render is
//! compared with it file by file (snapbox does the comparing and writes the
//! diffs). A template change then shows in review as a diff of what users get.
//!
//! `SNAPSHOTS=overwrite` replaces the expected trees with the new renders.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use snapbox::dir::PathDiff;
use snapbox::report::Palette;

use crate::{repo_root, tree};

/// The environment variable that decides what a mismatch does: fail (unset),
/// or `overwrite` the snapshot with the render.
pub const ACTION_ENV: &str = "SNAPSHOTS";

/// Where the expected render of `case` lives.
pub fn dir(case: &str) -> PathBuf {
    repo_root().join("tests").join("snapshots").join(case)
}

/// Whether mismatching snapshots are to be rewritten.
pub fn overwriting() -> bool {
    std::env::var(ACTION_ENV).is_ok_and(|action| action == "overwrite")
}

/// Compares the project rendered at `actual` with the snapshot of `case`,
/// or rewrites the snapshot when [`overwriting`].
pub fn check(case: &str, actual: &Path) -> Result<()> {
    let expected = dir(case);
    if !overwriting() && !expected.is_dir() {
        bail!(
            "no snapshot of {case} in {}: run with {ACTION_ENV}=overwrite to write it",
            expected.display()
        );
    }
    compare(&expected, actual, overwriting())
}

/// Compares the project at `actual` with the expected tree at `expected`: the
/// same files with the same contents. On a difference it fails with a diff
/// per file and the files only one side has, or, with `overwrite`, makes
/// `expected` a copy of `actual`.
pub fn compare(expected: &Path, actual: &Path, overwrite: bool) -> Result<()> {
    if overwrite {
        return copy(expected, actual);
    }
    let want = tree::files(expected)?;
    let have = tree::files(actual)?;
    let mut report = String::new();
    for missing in want.difference(&have) {
        let _ = writeln!(report, "{missing} is no longer rendered");
    }
    for added in have.difference(&want) {
        let _ = writeln!(report, "{added} is rendered, and not in the snapshot");
    }
    for diff in PathDiff::subset_eq_iter(expected, actual).filter_map(Result::err) {
        // A file missing on one side is reported above.
        if !matches!(diff, PathDiff::TypeMismatch { .. }) {
            diff.write(&mut report, Palette::plain())
                .context("cannot write a diff")?;
        }
    }
    if !report.is_empty() {
        bail!(
            "the render differs from {}:\n{report}\n\
             If the change is intended, rewrite the snapshots with \
             {ACTION_ENV}=overwrite and review their diff.",
            expected.display()
        );
    }
    Ok(())
}

/// Makes `expected` an exact copy of the project at `actual`.
fn copy(expected: &Path, actual: &Path) -> Result<()> {
    let _writing = crate::generate::REPOSITORY
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if expected.exists() {
        std::fs::remove_dir_all(expected)
            .with_context(|| format!("cannot remove {}", expected.display()))?;
    }
    for file in tree::files(actual)? {
        let target = expected.join(&file);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(actual.join(&file), &target)
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    Ok(())
}
