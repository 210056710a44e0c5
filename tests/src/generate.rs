//! Generating projects from the template with cargo-generate.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use tempfile::TempDir;

use crate::cmd::{Cmd, Output};
use crate::repo_root;
use crate::template;
use crate::tools::Tools;

/// Held (shared) while cargo-generate copies this repository, and
/// (exclusively) while a test rewrites files in it: `--path` copies the whole
/// repository, snapshots included, and must not see them half-written.
pub static REPOSITORY: std::sync::RwLock<()> = std::sync::RwLock::new(());

/// The copyright year every generation gets unless a test says otherwise.
pub const YEAR: &str = "2026";

/// The answers given to cargo-generate: `--name` and `--define`s.
#[derive(Debug, Clone)]
pub struct Answers {
    /// `--name`.
    pub name: String,
    /// `--define key=value`, in order.
    pub defines: Vec<(String, String)>,
    /// Let cargo-generate initialise a git repository (off: `--vcs none`).
    pub git: bool,
    /// Pass `--no-fmt`: keep the rendered files exactly as the template wrote them.
    pub no_fmt: bool,
    /// Extra environment for cargo-generate (e.g. `CARGO_NAME` for the author).
    pub env: Vec<(String, String)>,
    /// `--values-file`: answers read from a TOML `[values]` table.
    pub values_file: Option<PathBuf>,
    /// Generate with `--git` from this repository (and subfolder, if any), as
    /// users without a checkout do, instead of `--path` from this checkout.
    pub from_git: Option<(PathBuf, Option<String>)>,
    /// With [`Answers::from_git`]: `--tag`, the release to generate from.
    pub tag: Option<String>,
}

impl Answers {
    /// `--name name`, a fixed author (through the environment) and a fixed
    /// copyright [`YEAR`], so that renders do not change with the machine or
    /// the calendar; every other placeholder takes its default.
    pub fn named(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            defines: vec![("year".to_owned(), YEAR.to_owned())],
            git: false,
            no_fmt: false,
            env: vec![
                ("CARGO_NAME".to_owned(), "Selftest Author".to_owned()),
                ("CARGO_EMAIL".to_owned(), "selftest@example.com".to_owned()),
            ],
            values_file: None,
            from_git: None,
            tag: None,
        }
    }

    /// Generates with `--git repository [subfolder]`.
    pub fn from_git(mut self, repository: impl Into<PathBuf>, subfolder: Option<&str>) -> Self {
        self.from_git = Some((repository.into(), subfolder.map(str::to_owned)));
        self
    }

    /// Generates from the release `tag` of the [`Answers::from_git`] repository.
    pub fn tag(mut self, tag: &str) -> Self {
        self.tag = Some(tag.to_owned());
        self
    }

    /// Adds `--values-file path`.
    pub fn values_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.values_file = Some(path.into());
        self
    }

    /// Adds `--define key=value` (in place of an earlier one for `key`).
    pub fn define(mut self, key: &str, value: &str) -> Self {
        self.defines.retain(|(k, _)| k != key);
        self.defines.push((key.to_owned(), value.to_owned()));
        self
    }

    /// Leaves `key` undefined: the template's own value applies.
    pub fn without(mut self, key: &str) -> Self {
        self.defines.retain(|(k, _)| k != key);
        self
    }

    /// Sets an environment variable for cargo-generate.
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// The value given for `key`, if any.
    pub fn value(&self, key: &str) -> Option<&str> {
        self.defines
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Sets every option of the template: those in `on` to true, the others
    /// to false.
    pub fn options(mut self, on: &[&str]) -> Self {
        for option in template::options() {
            let value = on.contains(&option.key.as_str());
            self = self.define(&option.key, if value { "true" } else { "false" });
        }
        self
    }

    /// Whether option `key` is on with these answers (the template's default
    /// if it was not given).
    pub fn has(&self, key: &str) -> bool {
        self.value(key)
            .map_or(template::option(key).default, |value| value == "true")
    }

    /// The options that are on with these answers.
    pub fn options_on(&self) -> Vec<&'static str> {
        template::options()
            .iter()
            .filter(|option| self.has(&option.key))
            .map(|option| option.key.as_str())
            .collect()
    }
}

/// One run of cargo-generate into a fresh temporary folder outside the
/// repository (a project nested in the template's tree would confuse cargo).
pub struct Generation {
    /// The folder given as `--destination`; removed on drop unless
    /// `SELFTEST_KEEP` is set.
    pub parent: TempDir,
    /// What cargo-generate printed.
    pub output: Output,
}

impl Generation {
    /// Whether cargo-generate succeeded.
    pub fn succeeded(&self) -> bool {
        self.output.status.success()
    }

    /// What is in the destination folder now (names, sorted).
    pub fn parent_entries(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.parent.path())
            .map(|entries| {
                entries
                    .filter_map(|entry| entry.ok())
                    .map(|entry| entry.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// The generated project (the one folder cargo-generate made).
    pub fn project(&self) -> Result<PathBuf> {
        if !self.succeeded() {
            bail!(
                "cargo-generate failed ({}):\n{}",
                self.output.status,
                self.output.combined()
            );
        }
        match self.parent_entries().as_slice() {
            [one] => Ok(self.parent.path().join(one)),
            other => bail!("expected one generated folder, found {other:?}"),
        }
    }

    /// Whether the destination folder holds nothing at all: neither files nor
    /// folders (not even an empty one).
    pub fn left_nothing(&self) -> bool {
        self.parent_entries().is_empty()
    }

    /// Whether the destination holds exactly one folder, and it is empty: what
    /// cargo-generate leaves when a check after its folder creation fails.
    pub fn left_only_an_empty_folder(&self) -> bool {
        match self.parent_entries().as_slice() {
            [one] => is_empty_dir(&self.parent.path().join(one)),
            _ => false,
        }
    }
}

fn is_empty_dir(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

/// Runs cargo-generate on this repository's template with `answers`, the way
/// the README tells users to: `--path <repository> template --silent` (or
/// `--git`, see [`Answers::from_git`]).
pub fn generate(tools: &Tools, answers: &Answers) -> Result<Generation> {
    let parent = tempfile::Builder::new()
        .prefix("selftest-")
        .tempdir()
        .context("cannot make a temporary folder")?;
    generate_in(tools, answers, parent)
}

/// As [`generate`], into `parent`, which may already hold projects.
pub fn generate_in(tools: &Tools, answers: &Answers, parent: TempDir) -> Result<Generation> {
    let mut cmd = Cmd::new(&tools.cargo_generate).arg("generate");
    cmd = match &answers.from_git {
        None => cmd.arg("--path").arg(repo_root()).arg("template"),
        Some((repository, subfolder)) => cmd
            .arg("--git")
            .arg(repository)
            .args(answers.tag.iter().flat_map(|tag| ["--tag", tag.as_str()]))
            .args(subfolder.as_deref()),
    };
    let mut cmd = cmd
        // `--name=…`: a name that starts with `-` is a name, not an option.
        .arg(format!("--name={}", answers.name))
        .args(["--silent", "--destination"])
        .arg(parent.path())
        .args(["--vcs", if answers.git { "git" } else { "none" }])
        .envs(answers.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        // No colour codes in the messages the tests read.
        .env("NO_COLOR", "1")
        .env("CLICOLOR", "0");
    if answers.no_fmt {
        cmd = cmd.arg("--no-fmt");
    }
    if let Some(values_file) = &answers.values_file {
        cmd = cmd.arg("--values-file").arg(values_file);
    }
    for (key, value) in &answers.defines {
        cmd = cmd.arg("--define").arg(format!("{key}={value}"));
    }
    let output = {
        let _reading = REPOSITORY
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        cmd.output()?
    };
    let mut parent = parent;
    if std::env::var_os("SELFTEST_KEEP").is_some() {
        parent.disable_cleanup(true);
    }
    Ok(Generation { parent, output })
}
