//! The programs the self-tests drive, installed on first use.
//!
//! - cargo-generate: the one on `PATH` (or in `$CARGO_GENERATE`) if it is at
//!   least [`CARGO_GENERATE_VERSION`], otherwise installed with
//!   `cargo install` into the work folder (a few minutes, once).
//! - maturin, uv, nox, ruff, abi3audit, actionlint, zizmor and pre-commit:
//!   installed with pip from `tests/requirements.txt` into a virtualenv in the
//!   work folder, made by the first `python3` (or `python`) on `PATH`, or by
//!   `$SELFTEST_PYTHON`.
//! - Python interpreters for the generated projects: see [`crate::python`].
//!
//! The work folder is `<cargo target dir>/tmp/selftest`; it also holds the
//! cargo target folder shared by all generated samples, so each dependency is
//! compiled once per configuration.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::{Context, Result, anyhow, bail};

use crate::cmd::Cmd;
use crate::debian::Chroot;
use crate::python::{Interpreter, Venv, discover};
use crate::{exe, repo_root};

/// The cargo-generate release the template is tested with (its minimum too:
/// see `cargo_generate_version` in template/cargo-generate.toml).
pub const CARGO_GENERATE_VERSION: &str = "0.26.0";

/// Everything the tests run, found or installed once per test process.
#[derive(Debug)]
pub struct Tools {
    /// The work folder.
    pub work: PathBuf,
    /// The cargo-generate executable.
    pub cargo_generate: PathBuf,
    /// The virtualenv holding maturin, uv and ruff.
    pub venv: Venv,
    /// The CPython interpreters found on this machine.
    pub pythons: Vec<Interpreter>,
    /// The other cargo tools, installed when first asked for.
    extra: std::sync::Mutex<std::collections::BTreeMap<&'static str, PathBuf>>,
    /// The rustup commands run so far.
    rustup_done: std::sync::Mutex<std::collections::BTreeSet<String>>,
    /// The Debian chroot with the newest CPython releases, or why there is none.
    chroot: OnceLock<Result<Chroot, String>>,
}

static TOOLS: OnceLock<Result<Tools, String>> = OnceLock::new();

impl Tools {
    /// The tools, set up on the first call. `target_tmp` is the test's
    /// `CARGO_TARGET_TMPDIR`.
    pub fn get(target_tmp: &str) -> Result<&'static Self> {
        TOOLS
            .get_or_init(|| Self::set_up(Path::new(target_tmp)).map_err(|err| format!("{err:#}")))
            .as_ref()
            .map_err(|err| anyhow!("setting up the test tools failed: {err}"))
    }

    fn set_up(target_tmp: &Path) -> Result<Self> {
        let work = target_tmp.join("selftest");
        std::fs::create_dir_all(&work)?;
        // cargo-generate skips folders tagged like this when it copies the
        // template (`--path` copies the whole repository).
        std::fs::write(
            work.join("CACHEDIR.TAG"),
            "Signature: 8a477f597d28d172789f06886806bc55\n\
             # The template's self-test work folder: tools, builds, virtualenvs.\n",
        )?;
        let cargo_generate = CARGO_GENERATE.find_or_install(&work)?;
        let venv = tools_venv(&work)?;
        let pythons = discover(&venv.tool("uv"));
        if pythons.iter().all(|python| python.free_threaded) {
            bail!("no CPython interpreter found (set SELFTEST_PYTHONS to a list of them)");
        }
        let list: Vec<String> = pythons
            .iter()
            .map(|p| format!("{}{}", p.version, if p.free_threaded { "t" } else { "" }))
            .collect();
        say(&format!("Pythons found: {}", list.join(", ")));
        Ok(Self {
            work,
            cargo_generate,
            venv,
            pythons,
            extra: std::sync::Mutex::default(),
            rustup_done: std::sync::Mutex::default(),
            chroot: OnceLock::new(),
        })
    }

    /// The folder holding `tool`, installed on first use: put it on PATH for
    /// cargo to find the subcommand.
    pub fn cargo_tool(&self, tool: CargoTool) -> Result<PathBuf> {
        let mut extra = self
            .extra
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(folder) = extra.get(tool.name) {
            return Ok(folder.clone());
        }
        let executable = tool.find_or_install(&self.work)?;
        let folder = executable
            .parent()
            .filter(|folder| !folder.as_os_str().is_empty())
            .map_or_else(|| which(&executable), Path::to_path_buf);
        extra.insert(tool.name, folder.clone());
        Ok(folder)
    }

    /// Runs `rustup` with `args` once per test process (installing targets
    /// and components is idempotent but slow to ask twice).
    pub fn rustup(&self, args: &[&str]) -> Result<()> {
        let key = args.join(" ");
        let mut done = self
            .rustup_done
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !done.contains(&key) {
            say(&format!("rustup {key}"));
            Cmd::new("rustup").args(args).run()?;
            done.insert(key);
        }
        Ok(())
    }

    /// The chroot with the supported CPython releases this machine lacks,
    /// made on first use ([`Chroot`]); or why it cannot be had here.
    pub fn chroot(&self) -> Result<&Chroot, &str> {
        self.chroot
            .get_or_init(|| {
                Chroot::set_up(&self.work.join("debian-sid"), &self.pythons, &self.uv())
                    .map_err(|err| format!("{err:#}"))
            })
            .as_ref()
            .map_err(String::as_str)
    }

    /// uv, from the tools virtualenv.
    pub fn uv(&self) -> PathBuf {
        self.venv.tool("uv")
    }

    /// maturin, from the tools virtualenv.
    pub fn maturin(&self) -> PathBuf {
        self.venv.tool("maturin")
    }

    /// ruff, from the tools virtualenv.
    pub fn ruff(&self) -> PathBuf {
        self.venv.tool("ruff")
    }

    /// actionlint, from the tools virtualenv (with shellcheck beside it).
    pub fn actionlint(&self) -> PathBuf {
        self.venv.tool("actionlint")
    }

    /// zizmor, from the tools virtualenv.
    pub fn zizmor(&self) -> PathBuf {
        self.venv.tool("zizmor")
    }

    /// nox, from the tools virtualenv: it runs the generated projects' checks.
    pub fn nox(&self) -> PathBuf {
        self.venv.tool("nox")
    }

    /// pre-commit, from the tools virtualenv (to validate configurations).
    pub fn pre_commit(&self) -> PathBuf {
        self.venv.tool("pre-commit")
    }

    /// The tools virtualenv's executables folder (for `PATH`).
    pub fn bin(&self) -> PathBuf {
        self.venv.bin()
    }

    /// The cargo target folder all generated samples share.
    pub fn cargo_target(&self) -> PathBuf {
        self.work.join("cargo-target")
    }

    /// The interpreters (with the GIL) of 3.`min_minor` and newer.
    pub fn pythons_from(&self, min_minor: u32) -> Vec<&Interpreter> {
        self.pythons
            .iter()
            .filter(|python| !python.free_threaded && python.minor >= min_minor)
            .collect()
    }

    /// The free-threaded interpreters a project with this minimum Python
    /// supports with `free_threaded` (3.14t and newer; rarely installed).
    pub fn free_threaded_from(&self, min_minor: u32) -> Vec<&Interpreter> {
        let first = min_minor.max(crate::template::pythons().free_threaded_from_minor);
        self.pythons
            .iter()
            .filter(|python| python.free_threaded && python.minor >= first)
            .collect()
    }

    /// The interpreter a sample with this minimum Python is built with: the
    /// oldest one it supports, which catches code too new for its minimum.
    pub fn python_for(&self, min_minor: u32) -> Result<&Interpreter> {
        self.pythons_from(min_minor)
            .first()
            .copied()
            .with_context(|| format!("no CPython 3.{min_minor} or newer found"))
    }
}

/// A cargo subcommand the tests run, installed with `cargo install` when no
/// recent enough copy is on PATH.
#[derive(Debug, Clone, Copy)]
pub struct CargoTool {
    /// The crate, which is also the executable's name.
    pub name: &'static str,
    /// The version installed (and the oldest one accepted on PATH).
    pub version: &'static str,
    /// The arguments that make it print its version (cargo subcommands differ).
    pub version_args: &'static [&'static str],
    /// The environment variable that can name the executable instead.
    pub env: Option<&'static str>,
}

/// cargo-generate: renders the template (its minimum is also the template's:
/// `cargo_generate_version` in template/cargo-generate.toml).
pub const CARGO_GENERATE: CargoTool = CargoTool {
    name: "cargo-generate",
    version: CARGO_GENERATE_VERSION,
    version_args: &["--version"],
    env: Some("CARGO_GENERATE"),
};

/// cargo-llvm-cov: the generated projects' `coverage` session.
pub const CARGO_LLVM_COV: CargoTool = CargoTool {
    name: "cargo-llvm-cov",
    version: "0.9.1",
    version_args: &["llvm-cov", "--version"],
    env: None,
};

/// cargo-deny: the generated projects' `deny` session.
pub const CARGO_DENY: CargoTool = CargoTool {
    name: "cargo-deny",
    version: "0.20.2",
    version_args: &["--version"],
    env: None,
};

impl CargoTool {
    /// The executable to use, installed into `work/tools/<name>` if needed.
    fn find_or_install(self, work: &Path) -> Result<PathBuf> {
        let mut candidates = Vec::new();
        if let Some(path) = self.env.and_then(std::env::var_os) {
            candidates.push(PathBuf::from(path));
        }
        candidates.push(PathBuf::from(exe(self.name)));
        let root = work.join("tools").join(self.name);
        let installed = root.join("bin").join(exe(self.name));
        candidates.push(installed.clone());
        for candidate in &candidates {
            if let Some(version) = self.version_of(candidate) {
                if version_at_least(&version, self.version) {
                    return Ok(candidate.clone());
                }
                say(&format!(
                    "ignoring {} {version}: older than {}",
                    candidate.display(),
                    self.version
                ));
            }
        }
        say(&format!(
            "installing {} {} into {} (a few minutes, once)",
            self.name,
            self.version,
            root.display()
        ));
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        Cmd::new(cargo)
            .args(["install", "--locked", "--ignore-rust-version", self.name])
            .args(["--version", self.version, "--root"])
            .arg(&root)
            .run()?;
        if self.version_of(&installed).is_none() {
            bail!("{} does not run after installing it", installed.display());
        }
        Ok(installed)
    }

    /// Its version, e.g. `0.26.0`; `None` if it does not run.
    fn version_of(self, program: &Path) -> Option<String> {
        let output = Cmd::new(program).args(self.version_args).run().ok()?;
        output.stdout.split_whitespace().last().map(str::to_owned)
    }
}

/// The folder of `name` on PATH (the current folder if it is not there).
fn which(name: &Path) -> PathBuf {
    std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .find(|folder| folder.join(name).is_file())
        .unwrap_or_default()
}

/// Whether dotted version `have` is at least `want` (numerically, part by part).
fn version_at_least(have: &str, want: &str) -> bool {
    let parts = |version: &str| -> Vec<u64> {
        version
            .split(['.', '-', '+'])
            .map_while(|part| part.parse().ok())
            .collect()
    };
    parts(have) >= parts(want)
}

/// The tools virtualenv, (re)built when `tests/requirements.txt` changes.
fn tools_venv(work: &Path) -> Result<Venv> {
    let requirements = repo_root().join("tests").join("requirements.txt");
    let wanted = std::fs::read_to_string(&requirements)?;
    let venv = Venv {
        dir: work.join("tools").join("venv"),
    };
    let stamp = venv.dir.join("selftest-requirements.txt");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str())
        && venv.python().is_file()
    {
        return Ok(venv);
    }
    let base = base_python()?;
    say(&format!(
        "installing {} into {}",
        requirements.display(),
        venv.dir.display()
    ));
    if venv.dir.exists() {
        std::fs::remove_dir_all(&venv.dir)?;
    }
    Cmd::new(&base).args(["-m", "venv"]).arg(&venv.dir).run()?;
    Cmd::new(venv.python())
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(&requirements)
        .run()?;
    std::fs::write(&stamp, wanted)?;
    Ok(venv)
}

/// Prints a set-up message straight to stderr: the test harness captures
/// `println!` while a test runs, and set-up can take minutes.
fn say(message: &str) {
    let _ = writeln!(std::io::stderr(), "selftest: {message}");
}

/// The Python that makes the tools virtualenv.
fn base_python() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("SELFTEST_PYTHON") {
        return Ok(PathBuf::from(path));
    }
    ["python3", "python"]
        .into_iter()
        .map(|name| PathBuf::from(exe(name)))
        .find(|path| Interpreter::probe(path).is_some())
        .context("no python3 or python on PATH (or set SELFTEST_PYTHON)")
}

#[cfg(test)]
mod tests {
    use super::version_at_least;

    #[test]
    fn versions_compare_by_number() {
        assert!(version_at_least("0.26.0", "0.26.0"));
        assert!(version_at_least("0.26.10", "0.26.9"));
        assert!(version_at_least("1.0.0", "0.26.0"));
        assert!(!version_at_least("0.25.9", "0.26.0"));
        assert!(!version_at_least("0.9", "0.26.0"));
    }
}
