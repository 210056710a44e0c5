//! The ways a developer sets up a generated project: uv, or pip with an
//! editable install and `maturin develop --skip-install`.

use std::path::Path;

use anyhow::{Result, ensure};

use crate::cmd::Cmd;
use crate::project::Project;
use crate::python::{Interpreter, Venv};
use crate::tools::Tools;

/// `uv sync` + `uv run pytest` + `uv run nox -l` (nox comes with the dev
/// group) in the project; with git, also that building left no file git
/// would pick up.
pub fn uv(tools: &Tools, project: &Project, python: &Interpreter, git: bool) -> Result<()> {
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
    uv(&["run", "nox", "-l"]).run()?;
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

/// A plain `venv`, an editable pip install with the `all` group, then pytest.
pub fn pip(tools: &Tools, project: &Project, python: &Interpreter) -> Result<()> {
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
    pip(&["install", "--quiet", "-e", ".", "--group", "all"]).run()?;
    let pytest = || {
        Cmd::new(venv.python())
            .args(["-m", "pytest", "-q"])
            .dir(dir)
            .run()
    };
    pytest()?;
    // The edit-build-test loop the README describes. An edit to the Rust
    // code makes pytest stop and say how to rebuild; the rebuild it names
    // (in place, `--skip-install`) makes pytest run again.
    let lib = dir.join("src").join("lib.rs");
    std::fs::File::options()
        .append(true)
        .open(&lib)?
        .set_modified(std::time::SystemTime::now())?;
    let stale = Cmd::new(venv.python())
        .args(["-m", "pytest", "-q"])
        .dir(dir)
        .output()?;
    ensure!(
        !stale.status.success() && stale.combined().contains("maturin develop --skip-install"),
        "pytest ran on a build older than src/lib.rs instead of saying how to rebuild:\n{}",
        crate::cmd::tail(&stale.combined(), 40)
    );
    Cmd::new(venv.tool("maturin"))
        .args(["develop", "--skip-install", "--quiet"])
        .dir(dir)
        .env("VIRTUAL_ENV", &venv.dir)
        .env("CARGO_TARGET_DIR", tools.cargo_target())
        .run()?;
    pytest()?;
    Ok(())
}
