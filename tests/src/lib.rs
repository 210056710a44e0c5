//! Shared machinery of the template's self-tests.
//!
//! The tests generate projects from `template/` with cargo-generate, the way a
//! user does, into temporary folders outside this repository. They compare
//! every render of a named case with its committed snapshot, and build the
//! samples: each runs its own nox sessions (the checks its CI runs), then its
//! release wheel and sdist are built, checked and tested in fresh virtualenvs.
//! What the template declares (its options, the Python versions) is read from
//! the template itself ([`template`]).
//!
//! Beyond a Rust toolchain (with rustfmt and clippy) and a Python 3 interpreter,
//! everything the tests run is installed on first use by [`tools::Tools`].

pub mod adversary;
pub mod artifacts;
pub mod cases;
pub mod cmd;
pub mod covering;
pub mod debian;
pub mod declared;
pub mod expr;
pub mod floors;
pub mod generate;
pub mod github;
pub mod nox;
pub mod pipeline;
pub mod platform;
pub mod project;
pub mod python;
pub mod setups;
pub mod snapshots;
pub mod template;
pub mod tools;
pub mod tree;
pub mod walkthrough;
pub mod workflow;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The root of this repository (the parent of `tests/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// `name` with the platform's executable suffix (`.exe` on Windows).
pub fn exe(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}

/// `PATH` with `first` in front of the current entries.
///
/// # Errors
/// When a folder contains the platform's `PATH` separator.
pub fn path_with(first: impl IntoIterator<Item = PathBuf>) -> anyhow::Result<OsString> {
    let current = std::env::var_os("PATH").unwrap_or_default();
    Ok(std::env::join_paths(
        first.into_iter().chain(std::env::split_paths(&current)),
    )?)
}
