//! The release artifacts of a generated project: its wheel and its sdist.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};

use crate::cmd::Cmd;
use crate::project::Project;
use crate::python::{Interpreter, Venv};
use crate::tools::Tools;
use crate::tree;

/// Installs `wheel` and the project's dependency group `group` into `venv`.
pub fn install_wheel(
    tools: &Tools,
    venv: &Venv,
    wheel: &Path,
    dir: &Path,
    group: &str,
) -> Result<()> {
    let group = format!("{}:{group}", dir.join("pyproject.toml").display());
    venv.install(
        &tools.uv(),
        [wheel.as_os_str(), "--group".as_ref(), group.as_ref()],
    )
}

/// The one file in `dir` whose name ends with `suffix`.
pub fn single_file(dir: &Path, suffix: &str) -> Result<PathBuf> {
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

/// The one wheel in `dir`, and its file name, which must hold `tag` (such as
/// `-cp315-abi3.abi3t-`).
pub fn tagged_wheel(dir: &Path, tag: &str) -> Result<(PathBuf, String)> {
    let wheel = single_file(dir, ".whl")?;
    let name = wheel
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    ensure!(name.contains(tag), "{name} is not tagged {tag}");
    Ok((wheel, name))
}

/// `maturin sdist` holds what a build from source needs, and a wheel built
/// from it in isolation (as pip and uv do where no wheel fits) holds what the
/// release wheel holds.
pub fn sdist_builds(tools: &Tools, project: &Project, python: &Interpreter) -> Result<()> {
    // Outside this repository: the build unpacks the sdist next to its
    // output, and cargo would take a crate inside tests/ for a member of the
    // self-tests' workspace.
    let scratch = tempfile::Builder::new()
        .prefix("selftest-sdist-")
        .tempdir()?;
    let sdists = scratch.path().join("sdist");
    Cmd::new(tools.maturin())
        .args(["sdist", "--out"])
        .arg(&sdists)
        .dir(&project.dir)
        .run()?;
    let sdist = single_file(&sdists, ".tar.gz")?;
    check_sdist(tools, project, &sdist)?;
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
        .filter(|name| name.split('/').any(|part| tree::SKIPPED.contains(&part)))
        .collect();
    ensure!(stray.is_empty(), "the sdist holds build output: {stray:?}");
    Ok(())
}

/// The wheel holds the package, its stubs and marker, the licenses and the
/// metadata the answers asked for.
pub fn check_wheel(project: &Project, wheel: &Path) -> Result<()> {
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

/// The files of an lcov report with the lines each has and the lines that ran.
pub fn lcov_lines(lcov: &str) -> Vec<(String, u64, u64)> {
    let mut files = Vec::new();
    let mut current: Option<(String, u64, u64)> = None;
    for line in lcov.lines() {
        if let Some(path) = line.strip_prefix("SF:") {
            current = Some((path.to_owned(), 0, 0));
        } else if let (Some(file), Some(found)) = (current.as_mut(), line.strip_prefix("LF:")) {
            file.1 = found.parse().unwrap_or(0);
        } else if let (Some(file), Some(hit)) = (current.as_mut(), line.strip_prefix("LH:")) {
            file.2 = hit.parse().unwrap_or(0);
        } else if line == "end_of_record" {
            files.extend(current.take());
        }
    }
    files
}

/// The lines a Cobertura XML report (pytest-cov's `--cov-report=xml`) counts
/// and the lines that ran: its root's `lines-valid` and `lines-covered`.
pub fn cobertura_lines(xml: &str) -> Result<(u64, u64)> {
    let root = xml
        .find("<coverage ")
        .map(|start| &xml[start..])
        .and_then(|rest| rest.find('>').map(|end| &rest[..end]))
        .context("no <coverage> element")?;
    let attribute = |name: &str| -> Result<u64> {
        let marker = format!(" {name}=\"");
        let start = root
            .find(&marker)
            .with_context(|| format!("<coverage> has no {name}"))?
            + marker.len();
        let value = root[start..].split('"').next().unwrap_or_default();
        value
            .parse()
            .with_context(|| format!("{name}={value:?} is not a count"))
    };
    Ok((attribute("lines-valid")?, attribute("lines-covered")?))
}

/// `part` of `whole` as a percentage with one decimal, e.g. `97.5%`.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "no lines".to_owned();
    }
    // Counts of lines are far below 2^52: exact as floats.
    let ratio = part as f64 / whole as f64;
    format!("{:.1}%", 100.0 * ratio)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_are_read() {
        let lcov = "SF:/p/src/lib.rs\nDA:1,1\nLF:4\nLH:3\nend_of_record\n\
                    SF:/p/src/error.rs\nLF:2\nLH:0\nend_of_record\n";
        assert_eq!(
            lcov_lines(lcov),
            [
                ("/p/src/lib.rs".to_owned(), 4, 3),
                ("/p/src/error.rs".to_owned(), 2, 0)
            ]
        );
        let xml = "<?xml version=\"1.0\" ?>\n<coverage version=\"7.6\" \
                   lines-valid=\"40\" lines-covered=\"39\" line-rate=\"0.975\">\n";
        assert_eq!(cobertura_lines(xml).unwrap(), (40, 39));
        assert!(cobertura_lines("<coverage line-rate=\"1\">").is_err());
        assert_eq!(percent(39, 40), "97.5%");
        assert_eq!(percent(0, 0), "no lines");
    }
}
