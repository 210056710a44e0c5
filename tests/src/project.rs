//! A generated project, and the names the template gave it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

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
        Self::parse(
            dir,
            &std::fs::read_to_string(dir.join("Cargo.toml"))?,
            &std::fs::read_to_string(dir.join("pyproject.toml"))?,
        )
    }

    /// The project at `dir` whose Cargo.toml and pyproject.toml hold `cargo`
    /// and `pyproject`.
    pub fn parse(dir: &Path, cargo: &str, pyproject: &str) -> Result<Self> {
        let cargo: toml::Table = cargo.parse()?;
        let pyproject: toml::Table = pyproject.parse()?;
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
