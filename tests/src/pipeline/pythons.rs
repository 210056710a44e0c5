//! Other CPython releases, checked with the release wheel: the abi3 wheel on
//! every newer release found here, the newest releases in a Debian chroot,
//! the abi3t wheel, and free-threaded builds.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, ensure};

use super::Sample;
use crate::artifacts;
use crate::cmd::{Cmd, Progress};
use crate::debian::Chroot;
use crate::python::Interpreter;
use crate::tree;

impl Sample<'_> {
    /// The release wheel on the other CPython releases the project supports:
    /// the abi3 wheel on every newer one found here; the newest ones from the
    /// Debian chroot; and, with `free_threaded`, CI's test job on every
    /// free-threaded build found.
    pub(super) fn other_pythons(&self, progress: &mut Progress, wheel: &Path) -> Result<()> {
        if self.case.answers.has("abi3") {
            for other in self.tools.pythons_from(self.project.min_minor) {
                if other.minor != self.python.minor {
                    progress.step(
                        &format!("abi3 wheel on Python {}: pytest", other.version),
                        || self.wheel_tests_on(wheel, other),
                    )?;
                }
            }
        }
        match self.tools.chroot() {
            Ok(chroot) => {
                let versions: Vec<&str> = self
                    .chroot_pythons(chroot)
                    .map(|(_, version)| version.as_str())
                    .collect();
                if !versions.is_empty() {
                    progress.step(
                        &format!("CPython {} (Debian unstable): pytest", versions.join(", ")),
                        || self.newest_pythons(chroot, wheel),
                    )?;
                }
            }
            Err(reason) => println!(
                "[{}] the newest CPython releases: not tested here ({reason})",
                self.case.label
            ),
        }
        if self.case.answers.has("free_threaded") {
            let builds = self.tools.free_threaded_from(self.project.min_minor);
            if builds.is_empty() {
                println!(
                    "[{}] free-threaded CPython: not tested here (none found; \
                     SELFTEST_PYTHONS can name one, such as a python3.14t)",
                    self.case.label
                );
            }
            for python in builds {
                progress.step(
                    &format!(
                        "free-threaded CPython {}t: nox -s rust-test tests",
                        python.version
                    ),
                    || self.free_threaded_checks(python),
                )?;
            }
        }
        Ok(())
    }

    /// The CPython releases of the chroot the project supports.
    fn chroot_pythons<'c>(&self, chroot: &'c Chroot) -> impl Iterator<Item = &'c (u32, String)> {
        let min_minor = self.project.min_minor;
        chroot
            .pythons
            .iter()
            .filter(move |(minor, _)| *minor >= min_minor)
    }

    /// The project's pytest suite on each CPython of the chroot it supports,
    /// against a wheel for it built here (the abi3 wheel serves them all).
    pub(super) fn newest_pythons(&self, chroot: &Chroot, release_wheel: &Path) -> Result<()> {
        let minors: Vec<(u32, String)> = self.chroot_pythons(chroot).cloned().collect();
        if self.case.answers.has("abi3") {
            return self.chroot_pytest(chroot, &[release_wheel.to_path_buf()], &minors);
        }
        // maturin knows these versions' build configuration: no interpreter
        // is needed here to build for them. A debug build: the release build
        // is tested above, and what differs here is the interpreter.
        let built = self.wheel_folder("-chroot")?;
        let mut build = self
            .command(self.tools.maturin())?
            .args(["build", "--target", &host_triple()?, "--out"])
            .arg(&built);
        for (minor, _) in &minors {
            build = build.args(["--interpreter", &format!("python3.{minor}")]);
        }
        build.run()?;
        let wheels: Vec<PathBuf> = std::fs::read_dir(&built)?
            .map(|entry| entry.map(|entry| entry.path()))
            .collect::<Result<_, _>>()?;
        self.chroot_pytest(chroot, &wheels, &minors)
    }

    /// The project's pytest suite in the chroot, on each of `minors` (minor,
    /// version), with the one of `wheels` that fits it installed.
    pub(super) fn chroot_pytest(
        &self,
        chroot: &Chroot,
        wheels: &[PathBuf],
        minors: &[(u32, String)],
    ) -> Result<()> {
        let label = &self.case.label;
        let inside = chroot.root.join("work");
        let folder = inside.join(format!("{label}-wheels"));
        if folder.exists() {
            std::fs::remove_dir_all(&folder)?;
        }
        std::fs::create_dir_all(&folder)?;
        let mut names = Vec::new();
        for wheel in wheels {
            let name = wheel.file_name().context("a wheel file name")?;
            std::fs::copy(wheel, folder.join(name))?;
            names.push(name.to_string_lossy().into_owned());
        }
        let project = inside.join(label);
        if project.exists() {
            std::fs::remove_dir_all(&project)?;
        }
        for file in tree::files(&self.project.dir)? {
            let target = project.join(&file);
            std::fs::create_dir_all(target.parent().context("a folder")?)?;
            std::fs::copy(self.project.dir.join(&file), target)?;
        }
        for (minor, version) in minors {
            let wheel = names
                .iter()
                .find(|name| name.contains(&format!("-cp3{minor}-")) || name.contains("-abi3"))
                .with_context(|| format!("no wheel for 3.{minor} among {names:?}"))?;
            let venv = format!("/work/venvs/{label}-3.{minor}");
            let output = chroot.run(&format!(
                "cd /work/{label} && uv venv --quiet --clear --python /usr/bin/python3.{minor} {venv} \
                 && VIRTUAL_ENV={venv} uv pip install --quiet /work/{label}-wheels/{wheel} \
                    --group pyproject.toml:test \
                 && {venv}/bin/python -m pytest -q -p no:cacheprovider"
            ))?;
            let summary = output.stdout.lines().last().unwrap_or_default().to_owned();
            println!("[{label}] CPython {version}, {wheel}: {summary}");
        }
        Ok(())
    }

    /// With `abi3` and `free_threaded`: the abi3t wheel, built for the first
    /// CPython with the Stable ABI for free-threaded builds (3.15), tagged
    /// `cp315-abi3.abi3t`; its tests on that CPython with the GIL (the
    /// chroot) and on every free-threaded build of it found here, where
    /// importing the module must leave the GIL off.
    pub(super) fn abi3t(&self, progress: &mut Progress) -> Result<()> {
        let minor = crate::template::pythons().abi3t_from_minor;
        let tag = format!("-cp3{minor}-abi3.abi3t-");
        let wheel = progress.step(
            &format!(
                "the abi3t wheel: built for 3.{minor}, tagged {}",
                tag.trim_matches('-')
            ),
            || {
                let out = self.wheel_folder("-abi3t")?;
                self.command(self.tools.maturin())?
                    .args(["build", "--out"])
                    .arg(&out)
                    .args(["--interpreter", &format!("python3.{minor}")])
                    .run()?;
                let (wheel, _) = artifacts::tagged_wheel(&out, &tag)?;
                artifacts::check_wheel(self.project, &wheel)?;
                Ok(wheel)
            },
        )?;
        match self.tools.chroot() {
            Ok(chroot) => {
                let found: Vec<(u32, String)> = chroot
                    .pythons
                    .iter()
                    .filter(|(m, _)| *m == minor)
                    .cloned()
                    .collect();
                if found.is_empty() {
                    println!(
                        "[{}] CPython 3.{minor} with the GIL: not in the chroot",
                        self.case.label
                    );
                } else {
                    progress.step(
                        &format!(
                            "the abi3t wheel on CPython {} (Debian unstable): pytest",
                            found[0].1
                        ),
                        || self.chroot_pytest(chroot, std::slice::from_ref(&wheel), &found),
                    )?;
                }
            }
            Err(reason) => println!(
                "[{}] the abi3t wheel with the GIL: not tested here ({reason})",
                self.case.label
            ),
        }
        let builds = self.tools.free_threaded_from(minor);
        if builds.is_empty() {
            println!(
                "[{}] the abi3t wheel on free-threaded CPython 3.{minor}: not tested here (none \
                 found; SELFTEST_PYTHONS can name a python3.{minor}t)",
                self.case.label
            );
        }
        for python in builds {
            progress.step(
                &format!(
                    "the abi3t wheel on free-threaded CPython {}t: pytest, the GIL stays off",
                    python.version
                ),
                || {
                    let venv = self.fresh_venv(&wheel, python)?;
                    let output = Cmd::new(venv.python())
                        .args(["-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider"])
                        .dir(&self.project.dir)
                        .run()?
                        .combined();
                    ensure!(
                        !free_threaded_test_skipped(&output),
                        "tests/test_free_threaded.py was skipped:\n{output}"
                    );
                    let module = &self.project.python_module;
                    let gil = Cmd::new(venv.python())
                        .args([
                            "-c",
                            &format!("import sys, {module}; print(sys._is_gil_enabled())"),
                        ])
                        .run()?
                        .stdout;
                    ensure!(
                        gil.trim() == "False",
                        "importing {module} turned the GIL on: {gil}"
                    );
                    println!(
                        "[{}] free-threaded CPython {}t, the abi3t wheel: {}; the GIL stays off",
                        self.case.label,
                        python.version,
                        output
                            .lines()
                            .rfind(|line| line.contains(" passed"))
                            .unwrap_or_default()
                    );
                    Ok(())
                },
            )?;
        }
        Ok(())
    }

    /// What CI's test job runs on a free-threaded build: `nox -s rust-test`
    /// with PyO3 built for it, and `nox -s tests` with it, where the test
    /// that the GIL stays off must run rather than be skipped.
    pub(super) fn free_threaded_checks(&self, python: &Interpreter) -> Result<()> {
        self.command(self.tools.nox())?
            .args(["-s", "rust-test"])
            .env("PYO3_PYTHON", &python.path)
            .run()?;
        let output = self
            .command(self.tools.nox())?
            .args(["-s", "tests", "--force-python"])
            .arg(&python.path)
            .args(["--", "-rs"])
            .env("PYO3_PYTHON", &python.path)
            .run()?
            .combined();
        ensure!(
            output.contains(" passed") && !free_threaded_test_skipped(&output),
            "tests/test_free_threaded.py did not run on {}:\n{output}",
            python.path.display()
        );
        Ok(())
    }
}

/// Whether pytest's output (with `-rs`, which lists every skipped test as
/// `SKIPPED [1] tests/<file>:<line>: <reason>`) says the free-threaded test
/// was skipped.
fn free_threaded_test_skipped(output: &str) -> bool {
    output
        .lines()
        .any(|line| line.starts_with("SKIPPED") && line.contains("test_free_threaded.py"))
}

/// The host's target triple (`rustc -vV`).
fn host_triple() -> Result<String> {
    let host = Cmd::new("rustc").arg("-vV").run()?.stdout;
    Ok(host
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .context("rustc -vV names no host")?
        .to_owned())
}
