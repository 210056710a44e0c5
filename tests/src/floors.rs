//! Every lower bound a generated project declares, exercised: a declared
//! floor nobody builds with can be false for months.
//!
//! - The crates: a lock file with every direct dependency at the lowest
//!   version `Cargo.toml` allows (a nightly cargo's
//!   `-Z direct-minimal-versions`), then `cargo test` with and without Python
//!   and the example program, on the stable toolchain.
//! - maturin and the Python dependency groups: the project's own `lint`,
//!   `types` and `tests` sessions (and `docs` with that option, `coverage`
//!   with the defaults) in fresh virtualenvs, every direct requirement at its
//!   lowest allowed version (`UV_RESOLUTION=lowest-direct`) and the package
//!   built by the lowest maturin `[build-system]` allows
//!   (`UV_BUILD_CONSTRAINT`); the wheel's metadata must name that maturin.
//! - `requires-python`: every sample is built and tested with the oldest
//!   Python its `min_python` allows (`Tools::python_for`).

use std::path::Path;

use anyhow::{Context, Result, ensure};

use crate::cases;
use crate::cmd::Cmd;
use crate::generate::generate;
use crate::pipeline::command_in;
use crate::project::Project;
use crate::tools::{self, Tools};

/// The named cases whose floors are proven: the defaults, and every option
/// on (every dependency the template can declare).
pub const CASES: [&str; 2] = ["defaults", "all-on"];

/// The case whose floors include the `coverage` group (pytest-cov, and the
/// maturin its session builds with): one case is enough, as the group is the
/// test group plus those two in every project, and the session costs an
/// instrumented build.
const COVERAGE_CASE: &str = "defaults";

/// Proves the floors of the case `label`; prints what it ran with.
pub fn run(tools: &Tools, label: &str) -> Result<()> {
    let case = cases::case(label)?;
    let generation = generate(tools, &case.answers)?;
    let project = Project::read(&generation.project()?)?;
    let python = tools.python_for(project.min_minor)?.clone();
    let maturin = maturin_floor(&project)?;
    python_floors(
        tools,
        &project,
        &python,
        &maturin,
        &case.answers.options_on(),
        label,
    )?;
    abi3t_floor(tools, &project, &python, &maturin, label)?;
    crate_floors(tools, &project, &python, label)
}

/// The lowest maturin the project's `[build-system]` allows.
fn maturin_floor(project: &Project) -> Result<String> {
    let pyproject: toml::Table = project.read_file("pyproject.toml")?.parse()?;
    let backend = pyproject["build-system"]["requires"]
        .as_array()
        .and_then(|requires| {
            requires
                .iter()
                .filter_map(toml::Value::as_str)
                .find(|r| r.starts_with("maturin"))
        })
        .context("pyproject.toml's build-system requires no maturin")?;
    let maturin = lowest(backend).with_context(|| format!("{backend:?} has no lower bound"))?;
    Ok(maturin.to_owned())
}

/// The lowest version a requirement such as `maturin>=1.9.4,<2` allows.
pub fn lowest(requirement: &str) -> Option<&str> {
    let start = requirement.find(">=")? + 2;
    let rest = &requirement[start..];
    let end = rest.find([',', ';', ' ']).unwrap_or(rest.len());
    Some(rest[..end].trim())
}

fn python_floors(
    tools: &Tools,
    project: &Project,
    python: &crate::python::Interpreter,
    maturin: &str,
    options: &[&str],
    label: &str,
) -> Result<()> {
    // Virtualenvs and constraints of their own, outside the project (ruff
    // would read them).
    let scratch = tempfile::Builder::new()
        .prefix("selftest-floors-")
        .tempdir()?;
    let constraints = scratch.path().join("build-constraints.txt");
    std::fs::write(&constraints, format!("maturin=={maturin}\n"))?;
    let venvs = scratch.path().join("venvs");
    let lowest_run = |sessions: &[&str],
                      python: &crate::python::Interpreter,
                      folders: &[std::path::PathBuf]|
     -> Result<()> {
        command_in(tools, &project.dir, python, tools.nox(), folders)?
            .arg("--envdir")
            .arg(&venvs)
            .args(["--reuse-venv", "never", "-s"])
            .args(sessions)
            .arg("--force-python")
            .arg(&python.path)
            .env("UV_RESOLUTION", "lowest-direct")
            .env("UV_BUILD_CONSTRAINT", &constraints)
            .run()
            .map(drop)
            .with_context(|| {
                format!("the lowest versions pyproject.toml allows fail (maturin {maturin})")
            })
    };
    let mut sessions = format!("lint types tests on Python {}", python.version);
    lowest_run(&["lint", "types", "tests"], python, &[])?;
    if options.contains(&"docs") {
        // The docs group needs Python 3.11 (Zensical): the oldest found from there.
        let docs_python = tools.python_for(python.minor.max(11))?;
        lowest_run(&["docs"], docs_python, &[])?;
        sessions += &format!(", docs on Python {}", docs_python.version);
    }
    if label == COVERAGE_CASE {
        tools.rustup(&["component", "add", "llvm-tools"])?;
        let llvm_cov = tools.cargo_tool(tools::CARGO_LLVM_COV)?;
        lowest_run(&["coverage"], python, &[llvm_cov])?;
        sessions += ", coverage";
    }
    // What the sessions ran with: the tools of each group, and the maturin
    // that built the package (its wheel's metadata says; other packages may
    // be built by maturin too).
    let own = format!("{}-", project.dist_name.replace('-', "_"));
    let mut installed = Vec::new();
    let mut built = 0;
    for entry in std::fs::read_dir(&venvs)? {
        for dist in dist_infos(&entry?.path())? {
            let name = dist
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            if name.starts_with(&own) {
                let wheel = std::fs::read_to_string(dist.join("WHEEL"))?;
                let generator = wheel
                    .lines()
                    .find_map(|line| line.strip_prefix("Generator: maturin ("))
                    .map(|rest| rest.trim_end_matches(')'));
                ensure!(
                    generator == Some(maturin),
                    "{name} was built by maturin {generator:?}, not the floor {maturin}"
                );
                built += 1;
            }
            installed.push(name.trim_end_matches(".dist-info").to_owned());
        }
    }
    ensure!(built > 0, "no virtualenv holds {}", project.dist_name);
    installed.sort();
    installed.dedup();
    let shown: Vec<&str> = installed
        .iter()
        .map(String::as_str)
        .filter(|dist| {
            [
                "ruff-",
                "mypy-",
                "pytest-",
                "hypothesis-",
                "pytest_cov-",
                "nox-",
                "numpy-",
                "zensical-",
                "mkdocstrings_python-",
            ]
            .iter()
            .any(|prefix| dist.starts_with(prefix))
        })
        .collect();
    println!(
        "[floors {label}] nox -s {sessions} at the lowest direct requirements, \
         built by maturin {maturin}: {}",
        shown.join(", ")
    );
    Ok(())
}

/// With the abi3t wheel in the plan (PyO3's `abi3t-py3X` feature), the lowest
/// maturin the build system allows builds it, tagged `abi3.abi3t`.
fn abi3t_floor(
    tools: &Tools,
    project: &Project,
    python: &crate::python::Interpreter,
    maturin: &str,
    label: &str,
) -> Result<()> {
    let cargo = project.read_file("Cargo.toml")?;
    let Some(at) = cargo.find("\"abi3t-py3") else {
        return Ok(());
    };
    let minor: String = cargo[at + 10..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let scratch = tempfile::Builder::new()
        .prefix("selftest-floors-")
        .tempdir()?;
    let venv =
        crate::python::Venv::create(&tools.uv(), &python.path, &scratch.path().join("maturin"))?;
    venv.install(&tools.uv(), [format!("maturin=={maturin}")])?;
    let out = scratch.path().join("wheels");
    command_in(tools, &project.dir, python, venv.tool("maturin"), &[])?
        .args(["build", "--out"])
        .arg(&out)
        .args(["--interpreter", &format!("python3.{minor}")])
        .run()?;
    let tag = format!("-cp3{minor}-abi3.abi3t-");
    let (_, name) = crate::artifacts::tagged_wheel(&out, &tag)
        .with_context(|| format!("maturin {maturin}'s abi3t wheel"))?;
    println!("[floors {label}] maturin {maturin} builds the abi3t wheel: {name}");
    Ok(())
}

/// The `*.dist-info` folders of a virtualenv.
fn dist_infos(venv: &Path) -> Result<Vec<std::path::PathBuf>> {
    let site_packages: Vec<std::path::PathBuf> = if cfg!(windows) {
        vec![venv.join("Lib").join("site-packages")]
    } else {
        std::fs::read_dir(venv.join("lib"))
            .into_iter()
            .flatten()
            .filter_map(|entry| entry.ok().map(|entry| entry.path().join("site-packages")))
            .collect()
    };
    let mut found = Vec::new();
    for site in site_packages {
        for entry in std::fs::read_dir(&site).into_iter().flatten() {
            let path = entry?.path();
            if path.extension().is_some_and(|ext| ext == "dist-info") {
                found.push(path);
            }
        }
    }
    Ok(found)
}

fn crate_floors(
    tools: &Tools,
    project: &Project,
    python: &crate::python::Interpreter,
    label: &str,
) -> Result<()> {
    tools.rustup(&["toolchain", "install", "nightly", "--profile", "minimal"])?;
    let cargo = |args: &[&str]| -> Result<Cmd> {
        Ok(command_in(tools, &project.dir, python, "cargo", &[])?.args(args))
    };
    cargo(&[
        "+nightly",
        "generate-lockfile",
        "-Z",
        "direct-minimal-versions",
    ])?
    .run()
    .context("no lock file with every direct dependency at its declared minimum")?;
    cargo(&["test", "--locked"])?.run()?;
    cargo(&["test", "--locked", "--no-default-features"])?.run()?;
    cargo(&[
        "run",
        "--locked",
        "--quiet",
        "--example",
        "cli",
        "--",
        "add",
        "2",
        "3",
    ])?
    .run()?;
    let manifest: toml::Table = project.read_file("Cargo.toml")?.parse()?;
    let lock: toml::Table = project.read_file("Cargo.lock")?.parse()?;
    let mut direct: Vec<String> = ["dependencies", "dev-dependencies", "build-dependencies"]
        .iter()
        .filter_map(|table| manifest.get(*table).and_then(toml::Value::as_table))
        .flat_map(|table| table.keys().cloned())
        .collect();
    direct.sort();
    direct.dedup();
    let versions: Vec<String> = direct
        .iter()
        .map(|name| {
            // A crate can be in the lock twice, once through another crate.
            let versions: Vec<&str> = lock["package"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|package| package["name"].as_str() == Some(name))
                .filter_map(|package| package["version"].as_str())
                .collect();
            format!("{name} {}", versions.join("/"))
        })
        .collect();
    println!(
        "[floors {label}] cargo test, with and without Python, the example: direct dependencies at {}",
        versions.join(", ")
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::lowest;

    #[test]
    fn lower_bounds_are_read() {
        assert_eq!(lowest("maturin>=1.9.4,<2"), Some("1.9.4"));
        assert_eq!(
            lowest("zensical>=0.0.73; python_version >= '3.11'"),
            Some("0.0.73")
        );
        assert_eq!(lowest("maturin"), None);
    }
}
