//! The checks around the sessions that only the template's tests can make:
//! the rendered files, the walkthroughs, the example program, clippy for other
//! platforms, coverage's reports, the local pre-commit hooks, one PyO3.

use std::path::Path;

use anyhow::{Context, Result, ensure};

use super::Sample;
use crate::artifacts;
use crate::cmd::Cmd;
use crate::github;
use crate::tools::{self, Tools};
use crate::tree;
use crate::walkthrough;

impl Sample<'_> {
    /// No template syntax left and every text file tidy; each option's files
    /// there exactly when it is on; the workflows clean under actionlint and
    /// zizmor, and the pre-commit configuration valid.
    pub(super) fn rendered_files(&self) -> Result<()> {
        let dir = &self.project.dir;
        tree::no_leftovers(dir)?;
        tree::options_match(dir, &self.case.answers, &self.project.python_module)?;
        let verdict = github::lint(self.tools, dir)?;
        println!("[{}] {verdict}", self.case.label);
        let findings =
            crate::platform::check(dir, crate::platform::facts(), &crate::platform::today())?;
        for warning in findings.warnings {
            println!("[{}] warning: {warning}", self.case.label);
        }
        // The spell checker of the project's pre-commit hooks.
        Cmd::new(self.tools.venv.tool("typos"))
            .arg("--format=brief")
            .dir(dir)
            .run()?;
        Ok(())
    }

    /// clippy with warnings as errors for another platform: the code for it
    /// compiles and is clean, without its linker or its Python.
    pub(super) fn cross_clippy(&self, target: &str) -> Result<()> {
        self.tools.rustup(&["target", "add", target])?;
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let minor = self.project.min_minor;
        self.command(&cargo)?
            .args([
                "clippy",
                "--all-targets",
                "--target",
                target,
                "--",
                "-D",
                "warnings",
            ])
            .env("PYO3_CROSS_PYTHON_VERSION", format!("3.{minor}"))
            .env_remove("PYO3_PYTHON")
            .run()
            .map(drop)
    }

    /// `nox -s coverage`, then: the Rust report covers every file of the
    /// crate's `src/` that has a function, with lines run, and the Python
    /// report exists.
    pub(super) fn coverage(&self) -> Result<()> {
        self.tools.rustup(&["component", "add", "llvm-tools"])?;
        let llvm_cov = self.tools.cargo_tool(tools::CARGO_LLVM_COV)?;
        let output = self
            .command_with(self.tools.nox(), &[llvm_cov])?
            .args(["-s", "coverage", "--force-python"])
            .arg(&self.python.path)
            .run()?;
        let lcov = std::fs::read_to_string(self.project.dir.join("coverage/rust.lcov"))?;
        let summary = artifacts::lcov_lines(&lcov);
        // Every Rust file of the crate with a function in it must have run (a
        // file of type definitions alone, such as a thiserror enum, has no
        // line to measure).
        let mut sources = Vec::new();
        for file in tree::files(&self.project.dir)? {
            if file.starts_with("src/") && file.ends_with(".rs") {
                let text = std::fs::read_to_string(self.project.dir.join(&file))?;
                if text.contains("fn ") {
                    sources.push(file);
                }
            }
        }
        ensure!(!sources.is_empty(), "no Rust function in src/");
        for file in &sources {
            let (found, hit) = summary
                .iter()
                .find(|(path, _, _)| path.ends_with(file.as_str()))
                .map(|(_, found, hit)| (*found, *hit))
                .with_context(|| format!("coverage/rust.lcov does not cover {file}"))?;
            ensure!(hit > 0, "{file}: no line of {found} ran");
            println!(
                "[{}] coverage of {file}: {hit} of {found} lines",
                self.case.label
            );
        }
        let python = std::fs::read_to_string(self.project.dir.join("coverage/python.xml"))
            .with_context(|| format!("no Python coverage report:\n{}", output.combined()))?;
        let (found, hit) = summary
            .iter()
            .fold((0, 0), |(found, hit), (_, f, h)| (found + f, hit + h));
        let (valid, covered) = artifacts::cobertura_lines(&python)?;
        println!(
            "[{}] line coverage: Rust {hit} of {found} ({}), Python {covered} of {valid} ({})",
            self.case.label,
            artifacts::percent(hit, found),
            artifacts::percent(covered, valid),
        );
        Ok(())
    }

    /// The pre-commit hooks that need no network (the local ones, which run
    /// the project's nox sessions), as `pre-commit run --all-files` runs them;
    /// the others are fetched from GitHub.
    pub(super) fn local_hooks(&self) -> Result<()> {
        let config: serde_norway::Value = serde_norway::from_str(&std::fs::read_to_string(
            self.project.dir.join(".pre-commit-config.yaml"),
        )?)?;
        let local: Vec<&serde_norway::Value> = config["repos"]
            .as_sequence()
            .context("no repos")?
            .iter()
            .filter(|repo| repo["repo"].as_str() == Some("local"))
            .collect();
        let local_count = local
            .iter()
            .map(|repo| repo["hooks"].as_sequence().map_or(0, Vec::len))
            .sum::<usize>();
        ensure!(local_count > 0, "no local hooks");
        let scratch = tempfile::tempdir()?;
        let only_local = scratch.path().join("local-hooks.yaml");
        std::fs::write(
            &only_local,
            serde_norway::to_string(&serde_norway::Mapping::from_iter([(
                "repos".into(),
                serde_norway::Value::Sequence(local.into_iter().cloned().collect()),
            )]))?,
        )?;
        // pre-commit checks the files git knows.
        Cmd::new("git")
            .args(["add", "--all"])
            .dir(&self.project.dir)
            .run()?;
        let output = self
            .command(self.tools.pre_commit())?
            .args(["run", "--all-files", "--config"])
            .arg(&only_local)
            .env("PRE_COMMIT_HOME", self.tools.work.join("pre-commit"))
            .run()?;
        let passed = output
            .stdout
            .lines()
            .filter(|line| line.ends_with("Passed"))
            .count();
        ensure!(
            passed == local_count,
            "{passed} of {local_count} local hooks passed:\n{}",
            output.stdout
        );
        Ok(())
    }

    /// Applies docs/development.md's "Add a function" and "Add a class" as
    /// written; each touches four files at most.
    pub(super) fn walkthroughs(&self) -> Result<()> {
        let readme = std::fs::read_to_string(self.project.dir.join(crate::walkthrough::PAGE))?;
        for heading in ["## Add a function", "## Add a class"] {
            let steps = walkthrough::steps(&readme, heading)?;
            let touched = walkthrough::apply(&self.project.dir, &steps)?;
            ensure!(
                touched.len() <= 4,
                "{heading} touches {} files: {touched:?}",
                touched.len()
            );
        }
        Ok(())
    }

    /// The example program gives a result, answers `--help` with its usage,
    /// and fails with anyhow's chain of causes (with `serde`, also on a
    /// settings file).
    pub(super) fn example_program(&self) -> Result<()> {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let cli = |args: &[&str]| -> Result<Cmd> {
            Ok(self
                .command(&cargo)?
                .args(["run", "--quiet", "--example", "cli", "--"])
                .args(args))
        };
        let sum = cli(&["add", "2", "3"])?.run()?;
        ensure!(
            sum.stdout == "5\n",
            "`cli add 2 3` printed {:?}",
            sum.stdout
        );
        let help = cli(&["--help"])?.output()?;
        ensure!(
            help.status.success() && help.stdout.starts_with("usage:\n  cli add"),
            "`cli --help` printed {:?} and exited with {}",
            help.stdout,
            help.status
        );
        let nothing = cli(&[])?.output()?;
        ensure!(
            !nothing.status.success()
                && nothing.stderr.contains("no command given")
                && nothing.stderr.contains("usage:"),
            "`cli` without a command did not fail with the usage:\n{}",
            nothing.stderr
        );
        let stopped = cli(&["count", "3", "--step", "5", "--limit", "12"])?.output()?;
        ensure!(
            !stopped.status.success() && stopped.stdout == "5\n10\n",
            "`cli count` printed {:?} and exited with {}",
            stopped.stdout,
            stopped.status
        );
        for expected in ["Error: stopped after 10", "limit 12 exceeded"] {
            ensure!(
                stopped.stderr.contains(expected),
                "`cli count` error lacks {expected:?}:\n{}",
                stopped.stderr
            );
        }
        let invalid = cli(&["add", "2", "x"])?.output()?;
        ensure!(
            !invalid.status.success() && invalid.stderr.contains("invalid integer 'x' for <b>"),
            "`cli add 2 x` did not fail clearly:\n{}",
            invalid.stderr
        );
        if self.case.answers.has("serde") {
            let settings = cli(&["settings", "examples/settings.toml"])?.run()?;
            ensure!(
                settings.stdout.contains("\"baud_rate\": 57600"),
                "`cli settings` printed {:?}",
                settings.stdout
            );
            let missing = cli(&["settings", "missing.toml"])?.output()?;
            ensure!(
                missing
                    .stderr
                    .contains("cannot use the settings in missing.toml")
                    && missing.stderr.contains("cannot read missing.toml"),
                "`cli settings missing.toml` did not fail clearly:\n{}",
                missing.stderr
            );
        }
        Ok(())
    }
}

/// The platforms whose code clippy checks without their toolchains: Windows
/// with MSVC, and macOS on Apple silicon.
pub(super) const CROSS_TARGETS: [&str; 2] = ["x86_64-pc-windows-msvc", "aarch64-apple-darwin"];

/// clippy with warnings as errors on this crate, the self-tests, for each of
/// [`CROSS_TARGETS`], in a target folder of its own.
pub fn self_tests_cross_clippy(tools: &Tools) -> Result<()> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    for target in CROSS_TARGETS {
        tools.rustup(&["target", "add", target])?;
        Cmd::new(&cargo)
            .args(["clippy", "--all-targets", "--locked", "--target", target])
            .arg("--manifest-path")
            .arg(crate::repo_root().join("tests/Cargo.toml"))
            .args(["--", "-D", "warnings"])
            .env("CARGO_TARGET_DIR", tools.work.join("cross-target"))
            .env("CARGO_TERM_COLOR", "never")
            .run()?;
        println!("self-tests: clippy --target {target}: clean");
    }
    Ok(())
}

/// Every crate in the lock file resolves against one PyO3, of the release
/// `Cargo.toml` asks for (`0.30.1` → a `0.30.x`).
pub(super) fn one_pyo3(dir: &Path) -> Result<()> {
    let manifest: toml::Table = std::fs::read_to_string(dir.join("Cargo.toml"))?.parse()?;
    let wanted = manifest["dependencies"]["pyo3"]["version"]
        .as_str()
        .context("Cargo.toml asks for no pyo3 version")?;
    // Caret requirements: 0.x.y accepts 0.x.*.
    let series = format!(
        "{}.",
        wanted.rsplit_once('.').map_or(wanted, |(series, _)| series)
    );
    let lock: toml::Table = std::fs::read_to_string(dir.join("Cargo.lock"))?.parse()?;
    let versions: Vec<&str> = lock["package"]
        .as_array()
        .context("no packages in Cargo.lock")?
        .iter()
        .filter(|package| package["name"].as_str() == Some("pyo3"))
        .filter_map(|package| package["version"].as_str())
        .collect();
    ensure!(
        matches!(versions.as_slice(), [one] if one.starts_with(&series)),
        "expected one pyo3 {series}x in Cargo.lock (Cargo.toml asks for {wanted}), found {versions:?}"
    );
    Ok(())
}
