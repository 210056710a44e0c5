//! The answer sets the self-tests generate: the named cases in
//! `tests/cases/<name>.toml` (each with a committed snapshot, most built as
//! samples too) and the mixed samples, computed from the template's options
//! so that, with all-off and all-on, every two options are seen in all four
//! on/off combinations.

use std::path::Path;

use anyhow::{Context, Result, bail, ensure};

use crate::covering;
use crate::generate::Answers;
use crate::{repo_root, template};

/// How a developer sets up a generated project; a sample exercises the one
/// its case names, after the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setup {
    /// `uv sync`, then `uv run pytest` and the stub check, in the project.
    Uv,
    /// `python -m venv`, `pip install -e . --group all`, `pytest`, then
    /// `maturin develop --skip-install` and `pytest` again.
    Pip,
}

/// One set of answers and what the tests do with it.
#[derive(Debug, Clone)]
pub struct Case {
    /// A short name: progress lines, test names, the snapshot folder.
    pub label: String,
    /// What it shows, in a few words.
    pub about: String,
    /// The answers.
    pub answers: Answers,
    /// Whether `tests/snapshots/<label>/` holds its expected render.
    pub snapshot: bool,
    /// Whether the samples build and check it.
    pub sample: bool,
    /// The developer setup its sample exercises, if any.
    pub setup: Option<Setup>,
    /// The project's nox sessions its sample runs beyond the checks CI runs
    /// on every pull request (`coverage`, `msrv`).
    pub sessions: Vec<String>,
    /// Whether its sample also runs clippy for Windows and macOS targets.
    pub cross_targets: bool,
}

/// The named cases, from `tests/cases/*.toml`, sorted by label.
pub fn named() -> Result<Vec<Case>> {
    let folder = repo_root().join("tests").join("cases");
    let mut paths: Vec<_> = std::fs::read_dir(&folder)
        .with_context(|| format!("cannot list {}", folder.display()))?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()?;
    paths.retain(|path| path.extension().is_some_and(|ext| ext == "toml"));
    paths.sort();
    paths.iter().map(|path| read(path)).collect()
}

/// The named case `label`.
///
/// # Errors
/// When there is no `tests/cases/<label>.toml` or it cannot be read.
pub fn case(label: &str) -> Result<Case> {
    read(
        &repo_root()
            .join("tests")
            .join("cases")
            .join(format!("{label}.toml")),
    )
}

/// Reads one case file: a `[case]` table (`name`, `about`, and optionally
/// `options = "all"` or `"none"`, `python = "oldest"` or `"newest"` for
/// `min_python`, `git`, `sample`, `setup`, `sessions`, `cross-targets`) and
/// the answers in `[values]`, as in a cargo-generate values file.
fn read(path: &Path) -> Result<Case> {
    let label = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .context("a case file name")?
        .to_owned();
    let text = std::fs::read_to_string(path)?;
    let table: toml::Table = text
        .parse()
        .with_context(|| format!("{} is not valid TOML", path.display()))?;
    let get = |key: &str| table.get("case").and_then(|case| case.get(key));
    let name = get("name")
        .and_then(toml::Value::as_str)
        .with_context(|| format!("{label}: [case] has no name"))?;
    let mut answers = Answers::named(name);
    answers.git = get("git").and_then(toml::Value::as_bool).unwrap_or(false);
    match get("options").and_then(toml::Value::as_str) {
        None => {}
        Some("all") => {
            let all: Vec<&str> = template::options().iter().map(|o| o.key.as_str()).collect();
            answers = answers.options(&all);
        }
        Some("none") => answers = answers.options(&[]),
        Some(other) => bail!("{label}: options = {other:?}: use \"all\" or \"none\""),
    }
    // The oldest or the newest supported Python, as hooks/python.rhai has them.
    let pythons = template::pythons();
    let minor = match get("python").and_then(toml::Value::as_str) {
        None => None,
        Some("oldest") => Some(pythons.oldest_minor),
        Some("newest") => Some(pythons.newest_minor),
        Some(other) => bail!("{label}: python = {other:?}: use \"oldest\" or \"newest\""),
    };
    if let Some(minor) = minor {
        answers = answers.define("min_python", &format!("3.{minor}"));
    }
    if let Some(values) = table.get("values").and_then(toml::Value::as_table) {
        for (key, value) in values {
            let value = match value {
                toml::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            answers = answers.define(key, &value);
        }
    }
    let setup = match get("setup").and_then(toml::Value::as_str) {
        None => None,
        Some("uv") => Some(Setup::Uv),
        Some("pip") => Some(Setup::Pip),
        Some(other) => bail!("{label}: setup = {other:?}: use \"uv\" or \"pip\""),
    };
    let sessions = get("sessions")
        .and_then(toml::Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(toml::Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Ok(Case {
        sessions,
        cross_targets: get("cross-targets")
            .and_then(toml::Value::as_bool)
            .unwrap_or(false),
        about: get("about")
            .and_then(toml::Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        snapshot: true,
        sample: get("sample").and_then(toml::Value::as_bool).unwrap_or(true),
        setup,
        answers,
        label,
    })
}

/// The mixed samples: with all-off and all-on, they show every two options
/// in all four on/off combinations ([`covering::mixed`]). Each is named after
/// the options it turns on.
pub fn mixed() -> Vec<Case> {
    let options = template::options();
    covering::mixed(options.len())
        .into_iter()
        .map(|on| {
            let keys: Vec<&str> = on.iter().map(|&i| options[i].key.as_str()).collect();
            let label = keys.join("-");
            Case {
                about: format!("{} on, the rest off", keys.join(", ")),
                answers: Answers::named(&label.replace('_', "-")).options(&keys),
                snapshot: false,
                sample: true,
                setup: None,
                sessions: Vec::new(),
                cross_targets: false,
                label,
            }
        })
        .collect()
}

/// Every sample: the named cases built as samples, then the mixed ones.
pub fn samples() -> Result<Vec<Case>> {
    let mut samples: Vec<Case> = named()?.into_iter().filter(|case| case.sample).collect();
    samples.extend(mixed());
    let labels: std::collections::BTreeSet<&str> =
        samples.iter().map(|case| case.label.as_str()).collect();
    ensure!(labels.len() == samples.len(), "two samples share a label");
    Ok(samples)
}
