//! A sample's pipeline: generate it, then run, phase by phase, what its
//! users and its CI run. The checks are the project's own nox sessions,
//! called as its README and CI call them; the phases around them check what
//! only the template's tests can: the rendered files, the example program,
//! the release artifacts and the developer setups.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, ensure};

use crate::artifacts;
use crate::cases::{Case, Setup};
use crate::cmd::{Cmd, Progress};
use crate::debian::Chroot;
use crate::generate::generate;
use crate::github;
use crate::project::Project;
use crate::python::{Interpreter, Venv};
use crate::setups;
use crate::tools::{self, Tools};
use crate::tree;
use crate::walkthrough;

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
struct Sample<'a> {
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
        // The project's own checks, as CI runs them (.github/workflows/ci.yml).
        progress.step("nox -s rust-lint", || self.nox(&["rust-lint"]).map(drop))?;
        progress.step("nox -s rust-test", || self.nox(&["rust-test"]).map(drop))?;
        progress.step("one PyO3, version 0.30", || one_pyo3(&self.project.dir))?;
        progress.step("the example program", || self.example_program())?;
        progress.step("nox -s lint types", || {
            self.nox_with_python(&["lint", "types"]).map(drop)
        })?;
        progress.step("nox -s tests", || {
            self.nox_with_python(&["tests"]).map(drop)
        })?;
        progress.step("nox -s fmt changes nothing", || {
            let before = tree::contents(&self.project.dir)?;
            self.nox(&["fmt"])?;
            tree::unchanged(&before, &tree::contents(&self.project.dir)?)
        })?;
        // cargo-deny's checks that need no network (advisories do).
        progress.step("nox -s deny: licenses, bans, sources", || {
            let cargo_deny = self.tools.cargo_tool(tools::CARGO_DENY)?;
            self.command_with(self.tools.nox(), &[cargo_deny])?
                .args(["-s", "deny", "--", "--offline", "check"])
                .args(["licenses", "bans", "sources"])
                .run()
                .map(drop)
        })?;
        if self.case.answers.has("crates_io") {
            progress.step(
                "nox -s crate: no Python file, cargo publish --dry-run",
                || self.nox(&["crate"]).map(drop),
            )?;
        }
        if self.runs("msrv") {
            progress.step("nox -s msrv", || self.nox(&["msrv"]).map(drop))?;
        }
        if self.case.cross_targets {
            for target in CROSS_TARGETS {
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
        if self.case.answers.has("abi3") {
            // The one abi3 wheel, on every newer CPython found here.
            for other in self.tools.pythons_from(self.project.min_minor) {
                if other.minor != self.python.minor {
                    progress.step(
                        &format!("abi3 wheel on Python {}: pytest", other.version),
                        || self.wheel_tests_on(&wheel, other),
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
                        || self.newest_pythons(chroot, &wheel),
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
        if self.runs("coverage") {
            progress.step("nox -s coverage: Rust and Python", || self.coverage())?;
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
                "pip install -e . --group dev, pytest; after an edit, maturin develop --skip-install, pytest",
                || setups::pip(self.tools, self.project, self.python),
            )?,
            None => {}
        }
        Ok(())
    }

    /// No template syntax left and every text file tidy; each option's files
    /// there exactly when it is on; the workflows clean under actionlint and
    /// zizmor, and the pre-commit configuration valid.
    fn rendered_files(&self) -> Result<()> {
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
    fn cross_clippy(&self, target: &str) -> Result<()> {
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

    /// `nox -s coverage`, then: the Rust report covers the crate's own files
    /// with lines run, and the Python report exists.
    fn coverage(&self) -> Result<()> {
        self.tools.rustup(&["component", "add", "llvm-tools"])?;
        let llvm_cov = self.tools.cargo_tool(tools::CARGO_LLVM_COV)?;
        let output = self
            .command_with(self.tools.nox(), &[llvm_cov])?
            .args(["-s", "coverage", "--force-python"])
            .arg(&self.python.path)
            .run()?;
        let lcov = std::fs::read_to_string(self.project.dir.join("coverage/rust.lcov"))?;
        let summary = artifacts::lcov_lines(&lcov);
        for file in [
            "src/lib.rs",
            "src/counter.rs",
            "src/python/mod.rs",
            "src/python/counter.rs",
        ] {
            let (found, hit) = summary
                .iter()
                .find(|(path, _, _)| path.ends_with(file))
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
    fn local_hooks(&self) -> Result<()> {
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
    fn walkthroughs(&self) -> Result<()> {
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

    /// The environment every command of the sample runs in: the tools (uv
    /// and nox) on PATH, one cargo target folder for all samples, PyO3 built
    /// against the sample's Python, no Python downloads.
    fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Result<Cmd> {
        self.command_with(program, &[])
    }

    /// As [`Sample::command`], with `folders` first on PATH.
    fn command_with(
        &self,
        program: impl AsRef<std::ffi::OsStr>,
        folders: &[PathBuf],
    ) -> Result<Cmd> {
        command_in(self.tools, &self.project.dir, self.python, program, folders)
    }

    /// `nox -s <sessions>`, as the README and CI run the Rust sessions.
    fn nox(&self, sessions: &[&str]) -> Result<crate::cmd::Output> {
        self.command(self.tools.nox())?
            .arg("-s")
            .args(sessions)
            .run()
    }

    /// `nox -s <sessions> --force-python <the sample's Python>`, as CI runs
    /// the Python sessions.
    fn nox_with_python(&self, sessions: &[&str]) -> Result<crate::cmd::Output> {
        self.command(self.tools.nox())?
            .arg("-s")
            .args(sessions)
            .arg("--force-python")
            .arg(&self.python.path)
            .run()
    }

    /// The example program gives a result, answers `--help` with its usage,
    /// and fails with anyhow's chain of causes (with `serde`, also on a
    /// settings file).
    fn example_program(&self) -> Result<()> {
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

    /// `maturin build --release`: the wheel holds the package, and is tagged
    /// for the sample's Python (or `cp3X-abi3` for `min_python` with abi3).
    fn release_wheel(&self) -> Result<PathBuf> {
        let wheels = self.tools.work.join("wheels").join(&self.case.label);
        if wheels.exists() {
            std::fs::remove_dir_all(&wheels)?;
        }
        self.command(self.tools.maturin())?
            .args(["build", "--release", "--out"])
            .arg(&wheels)
            .arg("--interpreter")
            .arg(&self.python.path)
            .run()?;
        let wheel = artifacts::single_file(&wheels, ".whl")?;
        artifacts::check_wheel(self.project, &wheel)?;
        let name = wheel.file_name().unwrap_or_default().to_string_lossy();
        let tag = if self.case.answers.has("abi3") {
            format!("-cp3{}-abi3-", self.project.min_minor)
        } else {
            format!("-cp3{0}-cp3{0}-", self.python.minor)
        };
        ensure!(name.contains(&tag), "{name} is not tagged {tag}");
        Ok(wheel)
    }

    /// The release wheel in a fresh virtualenv with the `test` group, as the
    /// wheels workflow tests it: it imports from there, pytest passes, and the
    /// benchmark script prints a row per comparison.
    fn wheel_in_fresh_venv(&self, wheel: &Path) -> Result<()> {
        let venv = self.fresh_venv(wheel, self.python)?;
        let in_venv = |args: &[&str]| Cmd::new(venv.python()).args(args).dir(&self.project.dir);
        let module = &self.project.python_module;
        let found = in_venv(&["-c", &format!("import {module}; print({module}.__file__)")])
            .run()?
            .stdout;
        ensure!(
            Path::new(found.trim()).starts_with(&venv.dir),
            "{module} imported from {found} instead of the virtualenv"
        );
        in_venv(&["-m", "pytest", "-q", "-p", "no:cacheprovider"]).run()?;
        let table = in_venv(&["benchmarks/compare.py", "--quick"]).run()?.stdout;
        ensure!(
            table.lines().count() > 1 && table.contains("via PyO3"),
            "the benchmark printed no comparison:\n{table}"
        );
        Ok(())
    }

    /// `nox -s docs` builds the site from nothing, warnings as errors, and
    /// its API reference has a section for every public name of the compiled
    /// module (listed by Python, from the release wheel).
    fn docs(&self, wheel: &Path) -> Result<()> {
        let site = self.project.dir.join("site");
        if site.exists() {
            std::fs::remove_dir_all(&site)?;
        }
        self.nox(&["docs"])?;
        let venv = self.fresh_venv(wheel, self.python)?;
        let module = &self.project.python_module;
        let names = Cmd::new(venv.python())
            .args([
                "-c",
                &format!(
                    "from {module} import _core; \
                     print('\\n'.join(n for n in dir(_core) if not n.startswith('_')))"
                ),
            ])
            .run()?
            .stdout;
        let reference = std::fs::read_to_string(site.join("reference/index.html"))?;
        let missing: Vec<&str> = names
            .lines()
            .filter(|name| !reference.contains(&format!("id=\"{module}.{name}\"")))
            .collect();
        ensure!(
            !names.trim().is_empty() && missing.is_empty(),
            "the API reference lacks {missing:?} of {names:?}"
        );
        println!(
            "[{}] the API reference documents {} names",
            self.case.label,
            names.lines().count()
        );
        Ok(())
    }

    /// Whether the case asks its sample to run the nox session `session`.
    fn runs(&self, session: &str) -> bool {
        self.case.sessions.iter().any(|name| name == session)
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
    fn newest_pythons(&self, chroot: &Chroot, release_wheel: &Path) -> Result<()> {
        let label = &self.case.label;
        let inside = chroot.root.join("work");
        let wheels = inside.join(format!("{label}-wheels"));
        if wheels.exists() {
            std::fs::remove_dir_all(&wheels)?;
        }
        std::fs::create_dir_all(&wheels)?;
        if self.case.answers.has("abi3") {
            let name = release_wheel.file_name().context("a wheel file name")?;
            std::fs::copy(release_wheel, wheels.join(name))?;
        } else {
            // maturin knows these versions' build configuration: no
            // interpreter is needed here to build for them.
            let host = Cmd::new("rustc").arg("-vV").run()?.stdout;
            let host = host
                .lines()
                .find_map(|line| line.strip_prefix("host: "))
                .context("rustc -vV names no host")?
                .to_owned();
            let mut build = self
                .command(self.tools.maturin())?
                .args(["build", "--release", "--target", &host, "--out"])
                .arg(&wheels);
            for (minor, _) in self.chroot_pythons(chroot) {
                build = build.args(["--interpreter", &format!("python3.{minor}")]);
            }
            build.run()?;
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
        for (minor, version) in self.chroot_pythons(chroot) {
            let wheel = std::fs::read_dir(&wheels)?
                .filter_map(|entry| entry.ok().map(|entry| entry.file_name()))
                .map(|name| name.to_string_lossy().into_owned())
                .find(|name| name.contains(&format!("-cp3{minor}-")) || name.contains("-abi3-"))
                .with_context(|| format!("no wheel for 3.{minor}"))?;
            let venv = format!("/work/venvs/{label}-3.{minor}");
            let output = chroot.run(&format!(
                "cd /work/{label} && uv venv --quiet --clear --python /usr/bin/python3.{minor} {venv} \
                 && VIRTUAL_ENV={venv} uv pip install --quiet /work/{label}-wheels/{wheel} \
                    --group pyproject.toml:test \
                 && {venv}/bin/python -m pytest -q -p no:cacheprovider"
            ))?;
            let summary = output.stdout.lines().last().unwrap_or_default().to_owned();
            println!("[{label}] CPython {version}: {summary}");
        }
        Ok(())
    }

    /// What CI's test job runs on a free-threaded build: `nox -s rust-test`
    /// with PyO3 built for it, and `nox -s tests` with it, where the test
    /// that the GIL stays off must run rather than be skipped.
    fn free_threaded_checks(&self, python: &Interpreter) -> Result<()> {
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
        // -rs lists every skipped test: `SKIPPED [1] tests/<file>:<line>: <reason>`.
        let skipped = output
            .lines()
            .any(|line| line.starts_with("SKIPPED") && line.contains("test_free_threaded.py"));
        ensure!(
            output.contains(" passed") && !skipped,
            "tests/test_free_threaded.py did not run on {}:\n{output}",
            python.path.display()
        );
        Ok(())
    }

    /// pytest with the wheel installed for another interpreter.
    fn wheel_tests_on(&self, wheel: &Path, python: &Interpreter) -> Result<()> {
        let venv = self.fresh_venv(wheel, python)?;
        Cmd::new(venv.python())
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
            .dir(&self.project.dir)
            .run()
            .map(drop)
    }

    /// A new virtualenv of `python` holding `wheel` and the `test` group.
    fn fresh_venv(&self, wheel: &Path, python: &Interpreter) -> Result<Venv> {
        let dir =
            self.tools
                .work
                .join("venvs")
                .join(format!("{}-{}", self.case.label, python.short()));
        let venv = Venv::create(&self.tools.uv(), &python.path, &dir)?;
        artifacts::install_wheel(self.tools, &venv, wheel, &self.project.dir, "test")?;
        Ok(venv)
    }
}

/// The platforms whose code clippy checks without their toolchains: Windows
/// with MSVC, and macOS on Apple silicon.
const CROSS_TARGETS: [&str; 2] = ["x86_64-pc-windows-msvc", "aarch64-apple-darwin"];

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

/// Every crate in the lock file resolves against one PyO3, a 0.30 release.
fn one_pyo3(dir: &Path) -> Result<()> {
    let lock: toml::Table = std::fs::read_to_string(dir.join("Cargo.lock"))?.parse()?;
    let versions: Vec<&str> = lock["package"]
        .as_array()
        .context("no packages in Cargo.lock")?
        .iter()
        .filter(|package| package["name"].as_str() == Some("pyo3"))
        .filter_map(|package| package["version"].as_str())
        .collect();
    ensure!(
        matches!(versions.as_slice(), [one] if one.starts_with("0.30.")),
        "expected one pyo3 0.30.x in Cargo.lock, found {versions:?}"
    );
    Ok(())
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
