//! The full check of one generated sample: everything a user of the generated
//! project runs, in the order CI would.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};

use crate::checks;
use crate::cmd::{Cmd, Progress};
use crate::generate::{Answers, Opt, generate};
use crate::python::{Interpreter, Venv};
use crate::tools::Tools;
use crate::workflows;

/// How a developer sets up a generated project; each one listed for a sample
/// is exercised after the wheel checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workflow {
    /// `uv sync` then `uv run pytest` (and the stub check) in the project.
    Uv,
    /// `python -m venv`, `pip install -e . --group dev`, `pytest`, then
    /// `maturin develop` and `pytest` again.
    PipEditable,
}

/// One sample: answers for cargo-generate and what to check beyond the common steps.
pub struct Sample {
    /// A short name for progress lines.
    pub label: &'static str,
    /// The answers.
    pub answers: Answers,
    /// Developer workflows to exercise.
    pub workflows: Vec<Workflow>,
    /// Checks of the rendered files specific to this sample's answers.
    pub expect: fn(&Project) -> Result<()>,
}

/// A generated project and the names the template gave it.
pub struct Project {
    /// Its folder.
    pub dir: PathBuf,
    /// The Rust library name (`[lib] name`).
    pub crate_name: String,
    /// The Python distribution name (`[project] name`).
    pub dist_name: String,
    /// The import name of the Python package.
    pub python_module: String,
    /// The minimum Python minor version (from `requires-python`).
    pub min_minor: u32,
}

impl Project {
    /// Reads the names from the project's Cargo.toml and pyproject.toml.
    pub fn read(dir: &Path) -> Result<Self> {
        let cargo: toml::Table = std::fs::read_to_string(dir.join("Cargo.toml"))?.parse()?;
        let pyproject: toml::Table =
            std::fs::read_to_string(dir.join("pyproject.toml"))?.parse()?;
        let get = |table: &toml::Table, path: &[&str]| -> Result<String> {
            let mut value = table
                .get(path[0])
                .with_context(|| format!("no {}", path[0]))?;
            for key in &path[1..] {
                value = value
                    .get(key)
                    .with_context(|| format!("no {}", path.join(".")))?;
            }
            value
                .as_str()
                .map(str::to_owned)
                .with_context(|| format!("{} is not a string", path.join(".")))
        };
        let module_name = get(&pyproject, &["tool", "maturin", "module-name"])?;
        let requires = get(&pyproject, &["project", "requires-python"])?;
        Ok(Self {
            dir: dir.to_path_buf(),
            crate_name: get(&cargo, &["lib", "name"])?,
            dist_name: get(&pyproject, &["project", "name"])?,
            python_module: module_name
                .strip_suffix("._core")
                .context("module-name does not end in ._core")?
                .to_owned(),
            min_minor: requires
                .strip_prefix(">=3.")
                .and_then(|minor| minor.parse().ok())
                .with_context(|| format!("unexpected requires-python {requires}"))?,
        })
    }

    /// The compiled module, `<python_module>._core`: the one with hand-written stubs.
    pub fn native_module(&self) -> String {
        format!("{}._core", self.python_module)
    }

    /// The text of a file of the project.
    pub fn read_file(&self, relative: &str) -> Result<String> {
        std::fs::read_to_string(self.dir.join(relative))
            .with_context(|| format!("cannot read {relative}"))
    }
}

/// Runs the whole pipeline for `sample`, printing progress; returns the summary.
pub fn run(tools: &Tools, sample: &Sample) -> Result<String> {
    let mut progress = Progress::new(sample.label);
    let generation = progress.step("cargo generate", || generate(tools, &sample.answers))?;
    let project = Project::read(&generation.project()?)?;
    let python = tools.python_for(project.min_minor)?.clone();
    println!(
        "[{}] generated {} (crate {}, import {}) in {}; building for Python {}",
        sample.label,
        project.dist_name,
        project.crate_name,
        project.python_module,
        project.dir.display(),
        python.version
    );
    let result = check(tools, sample, &project, &python, &mut progress);
    println!("{}", progress.summary());
    if result.is_err() {
        println!(
            "[{}] the project is kept in {} (set SELFTEST_KEEP=1 to keep it after the run)",
            sample.label,
            project.dir.display()
        );
    }
    result.map(|()| progress.summary())
}

fn check(
    tools: &Tools,
    sample: &Sample,
    project: &Project,
    python: &Interpreter,
    progress: &mut Progress,
) -> Result<()> {
    let dir = &project.dir;
    progress.step("no template leftovers", || checks::no_leftovers(dir))?;
    progress.step("answers reach the files", || (sample.expect)(project))?;
    progress.step("options: files, text and dependencies", || {
        checks::options_match(dir, &sample.answers, &project.python_module)
    })?;
    let has = |option| sample.answers.has(option);
    progress.step("workflows: actionlint, zizmor", || {
        let verdict = workflows::lint(tools, dir)?;
        println!("[{}] {verdict}", sample.label);
        Ok(())
    })?;
    progress.step("workflows follow the answers", || {
        workflows::matrices_match(dir, &workflows::Expected::new(project.min_minor, has))
    })?;

    // Windows finds the Python DLL that the Rust tests link through PATH.
    let path = crate::path_with(
        python
            .path
            .parent()
            .filter(|_| cfg!(windows))
            .map(Path::to_path_buf),
    )?;
    let cargo = |args: &[&str]| {
        Cmd::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args(args)
            .dir(dir)
            .env("PATH", &path)
            .env("CARGO_TARGET_DIR", tools.cargo_target())
            .env("PYO3_PYTHON", &python.path)
            .env("CARGO_TERM_COLOR", "never")
            .env_remove("RUST_BACKTRACE")
            .env_remove("RUST_LIB_BACKTRACE")
    };
    progress.step("cargo fmt --check", || {
        cargo(&["fmt", "--check"]).run().map(drop)
    })?;
    progress.step("cargo clippy --all-targets -- -D warnings", || {
        cargo(&["clippy", "--all-targets", "--", "-D", "warnings"])
            .run()
            .map(drop)
    })?;
    progress.step("cargo clippy, without the python feature", || {
        cargo(&[
            "clippy",
            "--all-targets",
            "--no-default-features",
            "--",
            "-D",
            "warnings",
        ])
        .run()
        .map(drop)
    })?;
    progress.step(
        "cargo doc, warnings as errors, with and without Python",
        || {
            for features in [&[][..], &["--no-default-features"][..]] {
                cargo(&["doc", "--no-deps"])
                    .args(features)
                    .env("RUSTDOCFLAGS", "-D warnings")
                    .run()?;
            }
            Ok(())
        },
    )?;
    progress.step("cargo test", || cargo(&["test"]).run().map(drop))?;
    progress.step("one PyO3, version 0.30", || one_pyo3(dir))?;
    progress.step("cargo test --no-default-features", || {
        cargo(&["test", "--no-default-features"]).run().map(drop)
    })?;
    let cli = |args: &[&str]| cargo(&["run", "--quiet", "--example", "cli", "--"]).args(args);
    progress.step("cargo run --example cli", || {
        let sum = cli(&["add", "2", "3"]).run()?;
        ensure!(
            sum.stdout == "5\n",
            "`cli add 2 3` printed {:?}",
            sum.stdout
        );
        let stopped = cli(&["count", "3", "--step", "5", "--limit", "12"]).output()?;
        ensure!(
            !stopped.status.success(),
            "counting past the limit succeeded"
        );
        ensure!(
            stopped.stdout == "5\n10\n",
            "`cli count` printed {:?}",
            stopped.stdout
        );
        for expected in ["Error: stopped after 10", "limit 12 exceeded"] {
            ensure!(
                stopped.stderr.contains(expected),
                "`cli count` error lacks {expected:?}:\n{}",
                stopped.stderr
            );
        }
        let invalid = cli(&["add", "2", "x"]).output()?;
        ensure!(
            !invalid.status.success() && invalid.stderr.contains("invalid integer 'x' for <b>"),
            "`cli add 2 x` did not fail clearly:\n{}",
            invalid.stderr
        );
        if has(Opt::Serde) {
            let settings = cli(&["settings", "examples/settings.toml"]).run()?;
            ensure!(
                settings.stdout.contains("\"baud_rate\": 57600"),
                "`cli settings` printed {:?}",
                settings.stdout
            );
            let missing = cli(&["settings", "missing.toml"]).output()?;
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
    })?;

    let ruff = |args: &[&str]| {
        Cmd::new(tools.ruff())
            .args(args)
            .dir(dir)
            .env("NO_COLOR", "1")
    };
    progress.step("ruff check", || ruff(&["check"]).run().map(drop))?;
    progress.step("ruff format --check", || {
        ruff(&["format", "--check"]).run().map(drop)
    })?;
    progress.step(
        "cargo fmt, ruff format, ruff check --fix change nothing",
        || {
            let before = checks::snapshot(dir)?;
            cargo(&["fmt"]).run()?;
            ruff(&["format"]).run()?;
            ruff(&["check", "--fix"]).run()?;
            checks::unchanged(&before, &checks::snapshot(dir)?)
        },
    )?;

    let wheels = tools.work.join("wheels").join(sample.label);
    let wheel = progress.step("maturin build --release", || {
        if wheels.exists() {
            std::fs::remove_dir_all(&wheels)?;
        }
        Cmd::new(tools.maturin())
            .args(["build", "--release", "--out"])
            .arg(&wheels)
            .arg("--interpreter")
            .arg(&python.path)
            .dir(dir)
            .env("CARGO_TARGET_DIR", tools.cargo_target())
            .run()?;
        single_file(&wheels, ".whl")
    })?;
    progress.step("wheel contents", || check_wheel(project, &wheel))?;
    progress.step("wheel tag", || {
        let name = wheel.file_name().unwrap_or_default().to_string_lossy();
        let tag = if has(Opt::Abi3) {
            format!("-cp3{}-abi3-", project.min_minor)
        } else {
            format!("-cp3{0}-cp3{0}-", python.minor)
        };
        ensure!(name.contains(&tag), "{name} is not tagged {tag}");
        Ok(())
    })?;
    if has(Opt::Abi3) {
        progress.step("abi3audit", || {
            Cmd::new(tools.venv.tool("abi3audit"))
                .args(["--strict", "--report"])
                .arg(&wheel)
                .run()
                .map(drop)
        })?;
    }
    progress.step("maturin sdist, and a wheel built from it", || {
        // Outside this repository: the build unpacks the sdist next to its
        // output, and cargo would take a crate inside tests/ for a member of
        // the self-tests' workspace.
        let scratch = tempfile::Builder::new()
            .prefix("selftest-sdist-")
            .tempdir()?;
        let sdists = scratch.path().join("sdist");
        Cmd::new(tools.maturin())
            .args(["sdist", "--out"])
            .arg(&sdists)
            .dir(dir)
            .run()?;
        let sdist = single_file(&sdists, ".tar.gz")?;
        check_sdist(tools, project, &sdist)?;
        // What pip or uv does with the sdist where no wheel fits: build in isolation.
        let built = scratch.path().join("built");
        Cmd::new(tools.uv())
            .args(["build", "--wheel", "--quiet", "--out-dir"])
            .arg(&built)
            .arg("--python")
            .arg(&python.path)
            .arg(&sdist)
            .env("CARGO_TARGET_DIR", tools.cargo_target())
            .env("UV_PYTHON_DOWNLOADS", "never")
            .env_remove("VIRTUAL_ENV")
            .run()?;
        check_wheel(project, &single_file(&built, ".whl")?)
    })?;

    let venv = progress.step("fresh virtualenv with the wheel and the dev group", || {
        let venv = Venv::create(
            &tools.uv(),
            &python.path,
            &tools.work.join("venvs").join(sample.label),
        )?;
        install_wheel(tools, &venv, &wheel, dir, "dev")?;
        Ok(venv)
    })?;
    let in_venv = |args: &[&str]| Cmd::new(venv.python()).args(args).dir(dir);
    progress.step("the package imports from the virtualenv", || {
        let script = format!("import {0}; print({0}.__file__)", project.python_module);
        let found = in_venv(&["-c", &script]).run()?;
        let file = PathBuf::from(found.stdout.trim());
        ensure!(
            file.starts_with(&venv.dir),
            "{} imported from {} instead of the virtualenv",
            project.python_module,
            file.display()
        );
        Ok(())
    })?;
    progress.step("pytest", || {
        in_venv(&["-m", "pytest", "-q"]).run().map(drop)
    })?;
    progress.step("mypy.stubtest", || {
        in_venv(&["-m", "mypy.stubtest", &project.native_module()])
            .run()
            .map(drop)
    })?;
    progress.step("mypy", || in_venv(&["-m", "mypy"]).run().map(drop))?;
    progress.step("benchmarks/compare.py --quick", || {
        let table = in_venv(&["benchmarks/compare.py", "--quick"]).run()?.stdout;
        let mut expected = vec!["add(1, 2) via PyO3", "Counter.advance()"];
        if has(Opt::CAbi) {
            expected.push("via ctypes");
        }
        if has(Opt::Numpy) {
            expected.push("numpy.linalg.norm");
        }
        for row in expected {
            ensure!(table.contains(row), "no {row:?} row in:\n{table}");
        }
        ensure!(
            table.lines().count()
                == 1 + 2 + usize::from(has(Opt::CAbi)) + usize::from(has(Opt::Numpy)),
            "unexpected rows:\n{table}"
        );
        Ok(())
    })?;

    if has(Opt::Abi3) {
        // The one abi3 wheel, on every newer CPython found here.
        for other in tools.pythons_from(project.min_minor) {
            if other.minor == python.minor {
                continue;
            }
            progress.step(
                &format!("abi3 wheel on Python {}: pytest", other.version),
                || {
                    let venv = Venv::create(
                        &tools.uv(),
                        &other.path,
                        &tools.work.join("venvs").join(format!(
                            "{}-{}",
                            sample.label,
                            other.short()
                        )),
                    )?;
                    install_wheel(tools, &venv, &wheel, dir, "test")?;
                    Cmd::new(venv.python())
                        .args(["-m", "pytest", "-q"])
                        .dir(dir)
                        .run()
                        .map(drop)
                },
            )?;
        }
    }

    for workflow in &sample.workflows {
        match workflow {
            Workflow::Uv => progress.step("uv sync, uv run pytest", || {
                uv_workflow(tools, project, python, sample.answers.git)
            })?,
            Workflow::PipEditable => progress.step(
                "pip install -e . --group dev, pytest, maturin develop, pytest",
                || pip_workflow(tools, project, python),
            )?,
        }
    }
    Ok(())
}

/// Installs `wheel` and the project's dependency group `group` into `venv`.
fn install_wheel(tools: &Tools, venv: &Venv, wheel: &Path, dir: &Path, group: &str) -> Result<()> {
    let group = format!("{}:{group}", dir.join("pyproject.toml").display());
    venv.install(
        &tools.uv(),
        [wheel.as_os_str(), "--group".as_ref(), group.as_ref()],
    )
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

/// The one file in `dir` whose name ends with `suffix`.
fn single_file(dir: &Path, suffix: &str) -> Result<PathBuf> {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.to_string_lossy().ends_with(suffix))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        other => bail!(
            "expected one {suffix} file in {}, found {other:?}",
            dir.display()
        ),
    }
}

/// The sdist holds what a build from source needs (the crate, its build
/// script, the Python package with stubs and marker, README and licenses) and
/// no build output.
fn check_sdist(tools: &Tools, project: &Project, sdist: &Path) -> Result<()> {
    let listing = Cmd::new(tools.venv.python())
        .args(["-m", "tarfile", "-l"])
        .arg(sdist)
        .run()?
        .stdout;
    // One entry per line (with a trailing space), under `<name>-<version>/`.
    let names: Vec<&str> = listing
        .lines()
        .filter_map(|line| line.trim_end().split_once('/').map(|(_, path)| path))
        .collect();
    let module = &project.python_module;
    for wanted in [
        "PKG-INFO".to_owned(),
        "pyproject.toml".to_owned(),
        "Cargo.toml".to_owned(),
        "Cargo.lock".to_owned(),
        "build.rs".to_owned(),
        "README.md".to_owned(),
        "src/lib.rs".to_owned(),
        "src/python/mod.rs".to_owned(),
        format!("python/{module}/__init__.py"),
        format!("python/{module}/_core.pyi"),
        format!("python/{module}/py.typed"),
    ] {
        ensure!(
            names.contains(&wanted.as_str()),
            "the sdist lacks {wanted}:\n{listing}"
        );
    }
    ensure!(
        names.iter().any(|name| name.starts_with("LICENSE")),
        "the sdist carries no license file:\n{listing}"
    );
    let stray: Vec<&&str> = names
        .iter()
        .filter(|name| name.split('/').any(|part| checks::SKIPPED.contains(&part)))
        .collect();
    ensure!(stray.is_empty(), "the sdist holds build output: {stray:?}");
    Ok(())
}

/// The wheel holds the package, its stubs and marker, the licenses and the
/// metadata the answers asked for.
fn check_wheel(project: &Project, wheel: &Path) -> Result<()> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(wheel)?)?;
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    let module = &project.python_module;
    for wanted in ["__init__.py", "_core.pyi", "py.typed"] {
        let path = format!("{module}/{wanted}");
        ensure!(names.contains(&path), "the wheel lacks {path}: {names:?}");
    }
    ensure!(
        names.iter().any(|name| {
            name.starts_with(&format!("{module}/_core."))
                && (name.ends_with(".so") || name.ends_with(".pyd"))
        }),
        "the wheel lacks the compiled {module}._core: {names:?}"
    );
    ensure!(
        names
            .iter()
            .any(|name| name.contains(".dist-info/licenses/LICENSE")),
        "the wheel carries no license file: {names:?}"
    );
    let metadata_name = names
        .iter()
        .find(|name| name.ends_with(".dist-info/METADATA"))
        .context("no METADATA")?
        .clone();
    let mut metadata = String::new();
    archive
        .by_name(&metadata_name)?
        .read_to_string(&mut metadata)?;
    let cargo: toml::Table = project.read_file("Cargo.toml")?.parse()?;
    let license = cargo["package"]["license"].as_str().context("no license")?;
    for line in [
        format!("Name: {}", project.dist_name),
        format!("Requires-Python: >=3.{}", project.min_minor),
        format!("License-Expression: {license}"),
    ] {
        ensure!(
            metadata.lines().any(|l| l == line),
            "METADATA lacks {line:?}:\n{metadata}"
        );
    }
    Ok(())
}

/// `uv sync` + `uv run pytest` + `uv run python -m mypy.stubtest` in the
/// project; with git, also that building left no file git would pick up.
fn uv_workflow(tools: &Tools, project: &Project, python: &Interpreter, git: bool) -> Result<()> {
    let dir = &project.dir;
    let untracked = |dir: &Path| -> Result<String> {
        Ok(Cmd::new("git")
            .args(["status", "--porcelain", "--untracked-files=all"])
            .dir(dir)
            .run()?
            .stdout)
    };
    let before = if git { Some(untracked(dir)?) } else { None };
    let uv = |args: &[&str]| {
        Cmd::new(tools.uv())
            .args(args)
            .dir(dir)
            .env("CARGO_TARGET_DIR", tools.cargo_target())
            .env("UV_PYTHON_DOWNLOADS", "never")
            .env("UV_PYTHON", &python.path)
            .env_remove("VIRTUAL_ENV")
    };
    uv(&["sync", "--quiet"]).run()?;
    uv(&["run", "pytest", "-q"]).run()?;
    uv(&[
        "run",
        "python",
        "-m",
        "mypy.stubtest",
        &project.native_module(),
    ])
    .run()?;
    if let Some(before) = before {
        let after = untracked(dir)?;
        // uv writes a lock file users are meant to commit.
        let after: String = after
            .lines()
            .filter(|line| *line != "?? uv.lock")
            .map(|line| format!("{line}\n"))
            .collect();
        ensure!(
            after == before,
            "building left files that .gitignore does not cover:\nbefore:\n{before}\nafter:\n{after}"
        );
    }
    Ok(())
}

/// A plain `venv`, an editable pip install with the dev group, then pytest.
fn pip_workflow(tools: &Tools, project: &Project, python: &Interpreter) -> Result<()> {
    let dir = &project.dir;
    let venv = Venv {
        dir: tools
            .work
            .join("venvs")
            .join(format!("pip-{}", project.python_module)),
    };
    if venv.dir.exists() {
        std::fs::remove_dir_all(&venv.dir)?;
    }
    Cmd::new(&python.path)
        .args(["-m", "venv"])
        .arg(&venv.dir)
        .run()?;
    let pip = |args: &[&str]| {
        Cmd::new(venv.python())
            .args(["-m", "pip", "--disable-pip-version-check"])
            .args(args)
            .dir(dir)
            .env("CARGO_TARGET_DIR", tools.cargo_target())
    };
    // `--group` needs pip 25.1 or newer.
    pip(&["install", "--quiet", "--upgrade", "pip"]).run()?;
    pip(&["install", "--quiet", "-e", ".", "--group", "dev"]).run()?;
    let pytest = || {
        Cmd::new(venv.python())
            .args(["-m", "pytest", "-q"])
            .dir(dir)
            .run()
    };
    pytest()?;
    // The edit-build-test loop the README describes: rebuild in place.
    Cmd::new(venv.tool("maturin"))
        .args(["develop", "--quiet"])
        .dir(dir)
        .env("VIRTUAL_ENV", &venv.dir)
        .env("CARGO_TARGET_DIR", tools.cargo_target())
        .run()?;
    pytest()?;
    Ok(())
}
