//! Python interpreters on this machine, and virtualenvs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cmd::Cmd;
use crate::{exe, template};

/// A CPython interpreter found on this machine.
#[derive(Debug, Clone)]
pub struct Interpreter {
    /// The executable.
    pub path: PathBuf,
    /// The minor version (3.`minor`).
    pub minor: u32,
    /// The full version: major, minor and patch.
    pub version: String,
    /// Whether this is a free-threaded (no GIL) build.
    pub free_threaded: bool,
}

impl Interpreter {
    /// Asks `path` what it is; `None` if it does not run or is not CPython 3.
    pub fn probe(path: &Path) -> Option<Self> {
        let script = "import sys, sysconfig; \
            print(sys.implementation.name, '.'.join(map(str, sys.version_info[:3])), \
            int(bool(sysconfig.get_config_var('Py_GIL_DISABLED'))))";
        let output = Cmd::new(path).args(["-c", script]).run().ok()?;
        let mut words = output.stdout.split_whitespace();
        if words.next()? != "cpython" {
            return None;
        }
        let version = words.next()?.to_owned();
        let minor = version.split('.').nth(1)?.parse().ok()?;
        let free_threaded = words.next()? == "1";
        version.starts_with("3.").then(|| Self {
            path: path.to_path_buf(),
            minor,
            version,
            free_threaded,
        })
    }

    /// `3.<minor>`.
    pub fn short(&self) -> String {
        format!("3.{}", self.minor)
    }

    /// The patch version, for picking the newest of one minor version.
    fn patch(&self) -> u32 {
        self.version
            .split('.')
            .nth(2)
            .and_then(|patch| patch.parse().ok())
            .unwrap_or(0)
    }
}

/// Every CPython interpreter of a version the template supports
/// ([`template::pythons`]) this machine offers, newest patch per minor
/// version and kind (GIL or free-threaded), sorted by minor version.
///
/// `SELFTEST_PYTHONS` (a list of executables, separated like `PATH`) replaces
/// the search. Otherwise the search looks in pyenv's versions folder and asks
/// `uv python find` (without downloading anything) for each known version.
pub fn discover(uv: &Path) -> Vec<Interpreter> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(list) = std::env::var_os("SELFTEST_PYTHONS") {
        candidates.extend(std::env::split_paths(&list));
    } else {
        candidates.extend(pyenv_pythons());
        for minor in template::pythons().minors() {
            for request in [format!("3.{minor}"), format!("3.{minor}t")] {
                if let Ok(found) = Cmd::new(uv)
                    .args(["python", "find", "--no-project", &request])
                    .env("UV_PYTHON_DOWNLOADS", "never")
                    .run()
                {
                    candidates.push(PathBuf::from(found.stdout.trim()));
                }
            }
        }
    }
    let mut best: BTreeMap<(u32, bool), Interpreter> = BTreeMap::new();
    for path in candidates {
        let Some(found) = Interpreter::probe(&path)
            .filter(|found| template::pythons().minors().contains(&found.minor))
        else {
            continue;
        };
        let key = (found.minor, found.free_threaded);
        if best
            .get(&key)
            .is_none_or(|known| known.patch() < found.patch())
        {
            best.insert(key, found);
        }
    }
    best.into_values().collect()
}

/// `<pyenv root>/versions/*/bin/python3` (or `python.exe` with pyenv-win).
fn pyenv_pythons() -> Vec<PathBuf> {
    let root = std::env::var_os("PYENV_ROOT")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".pyenv")));
    let Some(Ok(entries)) = root.map(|root| root.join("versions").read_dir()) else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok())
        .flat_map(|entry| {
            let dir = entry.path();
            [dir.join("bin").join("python3"), dir.join(exe("python"))]
        })
        .filter(|path| path.is_file())
        .collect()
}

/// A virtualenv.
#[derive(Debug, Clone)]
pub struct Venv {
    /// Its folder.
    pub dir: PathBuf,
}

impl Venv {
    /// Creates a fresh virtualenv at `dir` (replacing what is there) with uv.
    pub fn create(uv: &Path, python: &Path, dir: &Path) -> Result<Self> {
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        Cmd::new(uv)
            .args(["venv", "--quiet", "--python"])
            .arg(python)
            .arg(dir)
            .env("UV_PYTHON_DOWNLOADS", "never")
            .run()?;
        Ok(Self {
            dir: dir.to_path_buf(),
        })
    }

    /// Its `bin` (or, on Windows, `Scripts`) folder.
    pub fn bin(&self) -> PathBuf {
        self.dir.join(if cfg!(windows) { "Scripts" } else { "bin" })
    }

    /// Its Python executable.
    pub fn python(&self) -> PathBuf {
        self.bin().join(exe("python"))
    }

    /// An executable installed into it, e.g. `ruff`.
    pub fn tool(&self, name: &str) -> PathBuf {
        self.bin().join(exe(name))
    }

    /// Installs `packages` (arguments for `uv pip install`) into this virtualenv.
    pub fn install<I, S>(&self, uv: &Path, packages: I) -> Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        Cmd::new(uv)
            .args(["pip", "install", "--quiet", "--python"])
            .arg(self.python())
            .args(packages)
            .run()?;
        Ok(())
    }
}
