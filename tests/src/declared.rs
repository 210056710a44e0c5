//! The names a generated project declares or uses, read from a render with
//! every option on: the crates its `Cargo.toml` depends on, the Python
//! distributions its `pyproject.toml` and `noxfile.py` install, and the
//! top-level Python modules and folders of its own files. The hooks refuse
//! these as project and import names; `hooks/declared.rhai` holds them for the
//! hooks (which cannot read files), written from this module and compared with
//! it by the render tier, so the two cannot drift.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};

use crate::repo_root;

/// Where the hooks read the names.
pub const RHAI_FILE: &str = "hooks/declared.rhai";

/// The names of a rendered project.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Declared {
    /// Crates of every dependency table, as Rust names them (`serde_json`).
    pub crates: BTreeSet<String>,
    /// Python distributions, normalised (PEP 503: lower case, `-`).
    pub distributions: BTreeSet<String>,
    /// Top-level Python module names of the project's own files outside its
    /// package (`noxfile`, `conftest`, `test_core`, ...) and its folders.
    pub modules: BTreeSet<String>,
    /// The answers a user can give with `-d` or a values file: the
    /// placeholders of `template/cargo-generate.toml`, the answers the project
    /// records in `.template-answers.toml` (`[values]`, and `[template]`'s as
    /// `template_<key>`), and `project-name`.
    pub answers: BTreeSet<String>,
}

/// PEP 503's normalised form of a distribution name.
pub fn normalise(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// The distribution a requirement string names (`pytest>=8` → `pytest`).
fn requirement_name(requirement: &str) -> Option<String> {
    let name: String = requirement
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    (!name.is_empty()).then(|| normalise(&name))
}

/// Reads the names of the project rendered at `dir`.
pub fn read(dir: &Path) -> Result<Declared> {
    let mut declared = Declared::default();
    let cargo: toml::Table = std::fs::read_to_string(dir.join("Cargo.toml"))?.parse()?;
    let mut tables: Vec<&toml::Value> = ["dependencies", "dev-dependencies", "build-dependencies"]
        .iter()
        .filter_map(|key| cargo.get(*key))
        .collect();
    if let Some(targets) = cargo.get("target").and_then(toml::Value::as_table) {
        for target in targets.values() {
            tables.extend(
                ["dependencies", "dev-dependencies", "build-dependencies"]
                    .iter()
                    .filter_map(|key| target.get(*key)),
            );
        }
    }
    for table in tables {
        for (name, spec) in table.as_table().into_iter().flatten() {
            // `package = "..."` renames: the crate is the package.
            let package = spec
                .get("package")
                .and_then(toml::Value::as_str)
                .unwrap_or(name);
            declared.crates.insert(package.replace('-', "_"));
        }
    }
    let pyproject: toml::Table = std::fs::read_to_string(dir.join("pyproject.toml"))?.parse()?;
    let mut requirements: Vec<String> = Vec::new();
    let strings = |value: Option<&toml::Value>| -> Vec<String> {
        value
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(toml::Value::as_str)
            .map(str::to_owned)
            .collect()
    };
    requirements.extend(strings(
        pyproject
            .get("build-system")
            .and_then(|b| b.get("requires")),
    ));
    requirements.extend(strings(
        pyproject.get("project").and_then(|p| p.get("dependencies")),
    ));
    for group in pyproject
        .get("dependency-groups")
        .and_then(toml::Value::as_table)
        .context("pyproject.toml has no [dependency-groups]")?
        .values()
    {
        requirements.extend(strings(Some(group)));
    }
    // The noxfile's inline script metadata: `# dependencies = ["nox>=..."]`.
    let noxfile = std::fs::read_to_string(dir.join("noxfile.py"))?;
    for line in noxfile.lines() {
        if let Some(list) = line.strip_prefix("# dependencies = ") {
            let parsed: toml::Table = format!("d = {list}").parse()?;
            requirements.extend(strings(parsed.get("d")));
        }
    }
    declared.distributions = requirements
        .iter()
        .filter_map(|r| requirement_name(r))
        .collect();
    declared.answers.insert("project-name".to_owned());
    declared.answers.extend(crate::template::placeholders()?);
    let recorded: toml::Table =
        std::fs::read_to_string(dir.join(crate::tree::ANSWERS_FILE))?.parse()?;
    for (table, prefix) in [("values", ""), ("template", "template_")] {
        let keys = recorded
            .get(table)
            .and_then(toml::Value::as_table)
            .with_context(|| format!("{} has no [{table}]", crate::tree::ANSWERS_FILE))?
            .keys();
        declared
            .answers
            .extend(keys.map(|key| format!("{prefix}{key}")));
    }
    let project = crate::project::Project::read(dir)?;
    let package = format!("python/{}/", project.python_module);
    for file in crate::tree::files(dir)? {
        if file.starts_with(&package) {
            continue;
        }
        let top = file.split('/').next().unwrap_or_default();
        if file.contains('/') && !top.starts_with('.') {
            declared.modules.insert(top.to_owned());
        }
        let stem = file.rsplit('/').next().unwrap_or_default();
        if let Some(module) = stem
            .strip_suffix(".py")
            .or_else(|| stem.strip_suffix(".pyi"))
        {
            declared.modules.insert(module.to_owned());
        }
    }
    Ok(declared)
}

/// The Rhai module that holds `declared`, as `hooks/declared.rhai` must read.
pub fn rhai(declared: &Declared) -> String {
    let mut text = String::from(
        "// The names a generated project declares or uses, for the hooks (which cannot\n\
         // read files): written by the self-tests from a render with every option on\n\
         // (tests/src/declared.rs), and compared with it by the render tier. Do not\n\
         // edit: change the template, then rewrite this file with SNAPSHOTS=overwrite.\n",
    );
    for (function, about, names) in [
        (
            "crates",
            "Crates the project depends on, as Rust code names them.",
            &declared.crates,
        ),
        (
            "distributions",
            "Python distributions it installs (build, runtime, dependency groups, nox), normalised.",
            &declared.distributions,
        ),
        (
            "modules",
            "Top-level Python modules and folders of its own files, outside the package.",
            &declared.modules,
        ),
        (
            "answers",
            "The answers -d and a values file can give.",
            &declared.answers,
        ),
    ] {
        let _ = write!(text, "\n// {about}\nfn {function}() {{\n    [");
        let mut line = String::new();
        let mut lines = Vec::new();
        for name in names {
            let item = format!("\"{name}\", ");
            if line.len() + item.len() > 88 {
                lines.push(line.trim_end().to_owned());
                line.clear();
            }
            line += &item;
        }
        lines.push(line.trim_end().trim_end_matches(',').to_owned());
        let _ = write!(text, "\n        {}\n    ]\n}}\n", lines.join("\n        "));
    }
    text
}

/// The text of `hooks/declared.rhai` as committed.
pub fn committed() -> Result<String> {
    let path = repo_root().join(RHAI_FILE);
    std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised_as_pep_503_says() {
        assert_eq!(normalise("Pytest_Cov"), "pytest-cov");
        assert_eq!(normalise("a.-_b"), "a-b");
        assert_eq!(
            requirement_name("maturin>=1.9.4,<2").as_deref(),
            Some("maturin")
        );
        assert_eq!(
            requirement_name("zensical>=0.0.73; python_version >= '3.11'").as_deref(),
            Some("zensical")
        );
    }

    #[test]
    fn the_module_is_rhai_lists() {
        let declared = Declared {
            crates: ["pyo3".to_owned(), "serde_json".to_owned()].into(),
            distributions: ["pytest".to_owned()].into(),
            modules: ["noxfile".to_owned()].into(),
            answers: ["numpy".to_owned()].into(),
        };
        let text = rhai(&declared);
        assert!(
            text.contains("fn crates() {\n    [\n        \"pyo3\", \"serde_json\"\n    ]\n}"),
            "{text}"
        );
        let engine = rhai::Engine::new();
        let ast = engine.compile(&text).unwrap();
        let crates: rhai::Array = engine
            .call_fn(&mut rhai::Scope::new(), &ast, "crates", ())
            .unwrap();
        assert_eq!(crates.len(), 2);
    }
}
