//! A sample's pipeline: generate it, then run, phase by phase, what its
//! users and its CI run. The checks are the project's own nox sessions, read
//! from the project and called as its docs and CI call them ([`sessions`]);
//! the phases around them check what only the template's tests can: the
//! rendered files, the example program ([`checks`]), the release artifacts
//! ([`wheels`]), other CPython releases ([`pythons`]) and the developer
//! setups.

mod checks;
mod pythons;
pub mod sessions;
mod wheels;

use std::path::{Path, PathBuf};

use anyhow::Result;

pub use checks::self_tests_cross_clippy;

use crate::artifacts;
use crate::cases::{Case, Setup};
use crate::cmd::{Cmd, Progress};
use crate::generate::generate;
use crate::project::Project;
use crate::python::Interpreter;
use crate::setups;
use crate::tools::Tools;

/// Generates `case` and runs its whole pipeline, printing progress; returns
/// the timed summary.
pub fn run(tools: &Tools, case: &Case) -> Result<String> {
    let mut progress = Progress::new(&case.label);
    let generation = progress.step("cargo generate", || generate(tools, &case.answers))?;
    let project = Project::read(&generation.project()?)?;
    let python = tools.python_for(project.min_minor)?.clone();
    println!(
        "[{}] generated {} (crate {}, import {}) in {}; building for Python {}",
        case.label,
        project.dist_name,
        project.crate_name,
        project.python_module,
        project.dir.display(),
        python.version
    );
    let sample = Sample {
        tools,
        case,
        project: &project,
        python: &python,
    };
    let result = sample.phases(&mut progress);
    println!("{}", progress.summary());
    if result.is_err() {
        println!(
            "[{}] the project is kept in {} (set SELFTEST_KEEP=1 to keep it after the run)",
            case.label,
            project.dir.display()
        );
    }
    result.map(|()| progress.summary())
}

/// One generated sample, with what its phases need.
pub(super) struct Sample<'a> {
    tools: &'a Tools,
    case: &'a Case,
    project: &'a Project,
    python: &'a Interpreter,
}

impl Sample<'_> {
    fn phases(&self, progress: &mut Progress) -> Result<()> {
        progress.step("rendered files: tidy, options, workflows", || {
            self.rendered_files()
        })?;
        // Every check below runs with the walkthroughs applied.
        progress.step("docs/development.md: add a function, add a class", || {
            self.walkthroughs()
        })?;
        // A project set up with uv has a uv.lock, whose versions the sessions
        // then install (as in CI, once it is committed).
        if self.case.setup == Some(Setup::Uv) {
            progress.step("uv lock: the sessions install the locked versions", || {
                self.command(self.tools.uv())?
                    .args(["lock", "--quiet", "--python"])
                    .arg(&self.python.path)
                    .run()
                    .map(drop)
            })?;
        }
        // The project's own checks, as CI runs them.
        self.sessions(progress)?;
        if self.case.cross_targets {
            for target in checks::CROSS_TARGETS {
                progress.step(&format!("cargo clippy --target {target}"), || {
                    self.cross_clippy(target)
                })?;
            }
        }
        // What the wheels and release workflows build.
        let wheel = progress.step("maturin build --release: contents, tag", || {
            self.release_wheel()
        })?;
        if self.case.answers.has("abi3") {
            progress.step("abi3audit", || {
                Cmd::new(self.tools.venv.tool("abi3audit"))
                    .args(["--strict", "--report"])
                    .arg(&wheel)
                    .run()
                    .map(drop)
            })?;
        }
        progress.step("maturin sdist, and a wheel built from it", || {
            artifacts::sdist_builds(self.tools, self.project, self.python)
        })?;
        progress.step(
            "the wheel in a fresh virtualenv: pytest, benchmarks",
            || self.wheel_in_fresh_venv(&wheel),
        )?;
        if self.case.answers.has("docs") {
            progress.step("nox -s docs: every public name in the reference", || {
                self.docs(&wheel)
            })?;
        }
        self.other_pythons(progress, &wheel)?;
        if self.case.answers.has("abi3") && self.case.answers.has("free_threaded") {
            self.abi3t(progress)?;
        }
        if self.case.answers.git {
            progress.step("pre-commit: the hooks that need no network", || {
                self.local_hooks()
            })?;
        }
        match self.case.setup {
            Some(Setup::Uv) => progress.step("uv sync, uv run pytest, uv run nox -l", || {
                setups::uv(self.tools, self.project, self.python, self.case.answers.git)
            })?,
            Some(Setup::Pip) => progress.step(
                "pip install -e . --group all, pytest; after an edit, maturin develop --skip-install, pytest",
                || setups::pip(self.tools, self.project, self.python),
            )?,
            None => {}
        }
        Ok(())
    }

    /// The environment every command of the sample runs in: the tools (uv
    /// and nox) on PATH, one cargo target folder for all samples, PyO3 built
    /// against the sample's Python, no Python downloads.
    pub(super) fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Result<Cmd> {
        self.command_with(program, &[])
    }

    /// As [`Sample::command`], with `folders` first on PATH.
    pub(super) fn command_with(
        &self,
        program: impl AsRef<std::ffi::OsStr>,
        folders: &[PathBuf],
    ) -> Result<Cmd> {
        command_in(self.tools, &self.project.dir, self.python, program, folders)
    }

    /// An empty folder for one build's wheels: `wheels/<label><suffix>` in
    /// the self-tests' work folder, emptied of an earlier run's.
    pub(super) fn wheel_folder(&self, suffix: &str) -> Result<PathBuf> {
        let folder = self
            .tools
            .work
            .join("wheels")
            .join(format!("{}{suffix}", self.case.label));
        if folder.exists() {
            std::fs::remove_dir_all(&folder)?;
        }
        Ok(folder)
    }

    /// `nox -s <sessions>`, as the README and CI run the Rust sessions.
    pub(super) fn nox(&self, sessions: &[&str]) -> Result<crate::cmd::Output> {
        self.command(self.tools.nox())?
            .arg("-s")
            .args(sessions)
            .run()
    }

    /// `nox -s <sessions> --force-python <the sample's Python>`, as CI runs
    /// the Python sessions.
    pub(super) fn nox_with_python(&self, sessions: &[&str]) -> Result<crate::cmd::Output> {
        self.command(self.tools.nox())?
            .arg("-s")
            .args(sessions)
            .arg("--force-python")
            .arg(&self.python.path)
            .run()
    }
}

/// A command run in the project at `dir` as the samples run every command:
/// `folders` and the tools (uv, nox) first on PATH, one cargo target folder
/// for all samples, PyO3 built against `python`, no Python downloads.
pub fn command_in(
    tools: &Tools,
    dir: &Path,
    python: &Interpreter,
    program: impl AsRef<std::ffi::OsStr>,
    folders: &[PathBuf],
) -> Result<Cmd> {
    // Windows finds the Python DLL that the Rust tests link through PATH.
    let python_dir = python
        .path
        .parent()
        .filter(|_| cfg!(windows))
        .map(Path::to_path_buf);
    let path = crate::path_with(
        folders
            .iter()
            .cloned()
            .chain([tools.bin()])
            .chain(python_dir),
    )?;
    Ok(Cmd::new(program)
        .dir(dir)
        .env("PATH", path)
        .env("CARGO_TARGET_DIR", tools.cargo_target())
        .env("PYO3_PYTHON", &python.path)
        .env("UV_PYTHON_DOWNLOADS", "never")
        .env("CARGO_TERM_COLOR", "never")
        .env("NO_COLOR", "1")
        .env_remove("VIRTUAL_ENV")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE"))
}
