//! What the wheels and release workflows build, checked: the release wheel
//! and its tags, the wheel in fresh virtualenvs and the documentation's
//! reference.

use std::path::Path;
use std::path::PathBuf;

use anyhow::{Result, ensure};

use super::Sample;
use crate::artifacts;
use crate::cmd::Cmd;
use crate::python::{Interpreter, Venv};

impl Sample<'_> {
    /// `maturin build --release`: the wheel holds the package, and is tagged
    /// for the sample's Python (or `cp3X-abi3` for `min_python` with abi3).
    pub(super) fn release_wheel(&self) -> Result<PathBuf> {
        let wheels = self.wheel_folder("")?;
        self.command(self.tools.maturin())?
            .args(["build", "--release", "--out"])
            .arg(&wheels)
            .arg("--interpreter")
            .arg(&self.python.path)
            .run()?;
        let tag = if self.case.answers.has("abi3") {
            format!("-cp3{}-abi3-", self.project.min_minor)
        } else {
            format!("-cp3{0}-cp3{0}-", self.python.minor)
        };
        let (wheel, _) = artifacts::tagged_wheel(&wheels, &tag)?;
        artifacts::check_wheel(self.project, &wheel)?;
        Ok(wheel)
    }

    /// The release wheel in a fresh virtualenv with the `test` group, as the
    /// wheels workflow tests it: it imports from there, pytest passes, and the
    /// benchmark script prints a row per comparison.
    pub(super) fn wheel_in_fresh_venv(&self, wheel: &Path) -> Result<()> {
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
    /// module, every public attribute of its classes and their constructors
    /// (listed by Python, from the release wheel).
    pub(super) fn docs(&self, wheel: &Path) -> Result<()> {
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
                    // Every public name, every public attribute of its classes,
                    // and their constructors.
                    "from {module} import _core\n\
                     for n in dir(_core):\n\
                     \x20   if n.startswith('_'): continue\n\
                     \x20   print(n)\n\
                     \x20   o = getattr(_core, n)\n\
                     \x20   if isinstance(o, type) and not issubclass(o, BaseException):\n\
                     \x20       print(n + '.__new__')\n\
                     \x20       for m in vars(o):\n\
                     \x20           if not m.startswith('_'): print(n + '.' + m)"
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

    /// pytest with the wheel installed for another interpreter.
    pub(super) fn wheel_tests_on(&self, wheel: &Path, python: &Interpreter) -> Result<()> {
        let venv = self.fresh_venv(wheel, python)?;
        Cmd::new(venv.python())
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
            .dir(&self.project.dir)
            .run()
            .map(drop)
    }

    /// A new virtualenv of `python` holding `wheel` and the `test` group.
    pub(super) fn fresh_venv(&self, wheel: &Path, python: &Interpreter) -> Result<Venv> {
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
