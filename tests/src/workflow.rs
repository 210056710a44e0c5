//! A project's GitHub workflows read as GitHub runs them: which workflows an
//! event starts, which of their jobs run (`if:`), what each matrix expands
//! to, which runner each job asks for and which actions it uses. The
//! platform check ([`crate::platform`]) and the job counts in `docs/ci.md`
//! are computed from this.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_norway::{Mapping, Value};

use crate::expr;

/// Something that starts workflows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A pull request into `main` that changes these files.
    PullRequest(Vec<String>),
    /// A push to the branch `main`.
    PushToMain,
    /// A push of a version tag (`v1.2.3`): a release.
    Release,
    /// The weekly scheduled run.
    Schedule,
}

impl Event {
    /// The name of the event, as `github.event_name` gives it.
    pub fn name(&self) -> &'static str {
        match self {
            Self::PullRequest(_) => "pull_request",
            Self::PushToMain | Self::Release => "push",
            Self::Schedule => "schedule",
        }
    }

    /// The `github` context of a run started by this event.
    fn github(&self) -> Mapping {
        let (reference, ref_name, ref_type) = match self {
            Self::PullRequest(_) => ("refs/pull/1/merge", "1/merge", "branch"),
            Self::PushToMain | Self::Schedule => ("refs/heads/main", "main", "branch"),
            Self::Release => ("refs/tags/v1.2.3", "v1.2.3", "tag"),
        };
        Mapping::from_iter([
            ("event_name".into(), self.name().into()),
            ("ref".into(), reference.into()),
            ("ref_name".into(), ref_name.into()),
            ("ref_type".into(), ref_type.into()),
        ])
    }

    /// The events the checks consider, with a pull request that changes the
    /// code and the build (every path filter of the workflows fires).
    pub fn all() -> Vec<Self> {
        vec![
            Self::PullRequest(vec!["src/lib.rs".to_owned(), "Cargo.toml".to_owned()]),
            Self::PushToMain,
            Self::Schedule,
            Self::Release,
        ]
    }
}

/// One workflow file.
#[derive(Debug, Clone)]
pub struct Workflow {
    /// Its file name, e.g. `ci.yml`.
    pub file: String,
    /// The parsed YAML.
    pub yaml: Value,
}

/// One job of a workflow as an event runs it: its matrix rows (one row, and
/// empty, without a matrix).
#[derive(Debug, Clone)]
pub struct Job {
    /// The workflow file it is in (for a called workflow, that file).
    pub file: String,
    /// Its id under `jobs:`.
    pub id: String,
    /// Each matrix row it runs, or one empty row.
    pub rows: Vec<Mapping>,
    /// Its YAML.
    pub body: Value,
}

impl Job {
    /// The runner labels its rows ask for (`runs-on`, with the row's
    /// matrix), one per row.
    pub fn labels(&self, event: &Event) -> Result<Vec<String>> {
        let Some(runs_on) = self.body.get("runs-on") else {
            return Ok(Vec::new());
        };
        let mut labels = Vec::new();
        for row in &self.rows {
            let context = context(event, row);
            let value = match runs_on {
                Value::String(text) => expr::interpolate(text, &context)?,
                other => other.clone(),
            };
            match value {
                Value::String(label) => labels.push(label),
                Value::Sequence(items) => {
                    labels.extend(items.iter().map(expr::to_text));
                }
                other => bail!(
                    "{}: job {:?}: runs-on {other:?} is not a label",
                    self.file,
                    self.id
                ),
            }
        }
        Ok(labels)
    }

    /// The `uses:` of its steps (`owner/repo@ref # comment`, as written in
    /// `text`, its workflow file).
    pub fn step_actions(&self, text: &str) -> Vec<String> {
        // The YAML parser drops comments: take each step's line as written,
        // the next one for that action in this job's part of the file.
        let lines: Vec<&str> = job_lines(text, &self.id)
            .into_iter()
            .filter_map(|line| line.trim().trim_start_matches("- ").strip_prefix("uses: "))
            .collect();
        let steps = self.body.get("steps").and_then(Value::as_sequence);
        let mut next = 0;
        let mut found = Vec::new();
        for step in steps.into_iter().flatten() {
            let Some(uses) = step.get("uses").and_then(Value::as_str) else {
                continue;
            };
            match lines[next..].iter().position(|line| line.starts_with(uses)) {
                Some(at) => {
                    found.push(lines[next + at].to_owned());
                    next += at + 1;
                }
                None => found.push(uses.to_owned()),
            }
        }
        found
    }
}

/// The lines of the job `id` in a workflow's `text` (its key's line excluded),
/// as written: jobs are the keys indented by two spaces under `jobs:`.
fn job_lines<'t>(text: &'t str, id: &str) -> Vec<&'t str> {
    let key = format!("  {id}:");
    let (mut in_jobs, mut in_job) = (false, false);
    let mut lines = Vec::new();
    for line in text.lines() {
        if !line.starts_with(' ') && !line.trim().is_empty() && !line.starts_with('#') {
            in_jobs = line.trim_end() == "jobs:";
            in_job = false;
        } else if in_jobs && line.starts_with("  ") && !line.starts_with("   ") {
            if !line.trim_start().starts_with('#') {
                in_job = line.trim_end() == key;
            }
        } else if in_job {
            lines.push(line);
        }
    }
    lines
}

/// The `github` and `matrix` contexts of one matrix row of a run.
fn context(event: &Event, row: &Mapping) -> Mapping {
    Mapping::from_iter([
        ("github".into(), Value::Mapping(event.github())),
        ("matrix".into(), Value::Mapping(row.clone())),
        ("inputs".into(), Value::Mapping(Mapping::new())),
        ("vars".into(), Value::Mapping(Mapping::new())),
    ])
}

/// The workflow a job's `uses:` calls in this repository (`$/...` or
/// `./...`): its path and its file name; None for another repository's.
pub fn called_file(uses: &str) -> Option<(&str, &str)> {
    let path = uses
        .strip_prefix("$/")
        .or_else(|| uses.strip_prefix("./"))?;
    Some((path, path.rsplit('/').next().unwrap_or(path)))
}

/// Every workflow of the project at `dir`, by file name.
pub fn load_all(dir: &Path) -> Result<BTreeMap<String, Workflow>> {
    let mut all = BTreeMap::new();
    for file in crate::github::workflows(dir)? {
        let yaml = crate::github::load(dir, &file)?;
        all.insert(file.clone(), Workflow { file, yaml });
    }
    Ok(all)
}

impl Workflow {
    /// Its `on:` (which a YAML 1.1 reader may have read as the key `true`).
    pub fn on(&self) -> Option<&Value> {
        self.yaml
            .get("on")
            .or_else(|| self.yaml.get(Value::Bool(true)))
    }

    /// Whether `event` starts this workflow (its `on:` and filters).
    pub fn starts_on(&self, event: &Event) -> Result<bool> {
        let on = self
            .on()
            .with_context(|| format!("{}: no `on:`", self.file))?;
        let name = event.name();
        let filters = match on {
            Value::String(single) => return Ok(single == name),
            Value::Sequence(names) => return Ok(names.iter().any(|n| n.as_str() == Some(name))),
            Value::Mapping(map) => match map.get(name) {
                None => return Ok(false),
                Some(filters) => filters.clone(),
            },
            other => bail!("{}: `on:` is {other:?}", self.file),
        };
        let list = |key: &str| -> Vec<String> {
            filters
                .get(key)
                .and_then(Value::as_sequence)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        Ok(match event {
            Event::PullRequest(changed) => {
                let branches = list("branches");
                let paths = list("paths");
                (branches.is_empty() || branches.iter().any(|b| glob(b, "main")))
                    && (paths.is_empty()
                        || changed
                            .iter()
                            .any(|file| paths.iter().any(|p| glob(p, file))))
            }
            Event::PushToMain => {
                let branches = list("branches");
                let has_tags = filters.get("tags").is_some();
                if branches.is_empty() {
                    !has_tags
                } else {
                    branches.iter().any(|b| glob(b, "main"))
                }
            }
            Event::Release => list("tags").iter().any(|t| glob(t, "v1.2.3")),
            Event::Schedule => true,
        })
    }

    /// The jobs `event` runs in this workflow, called workflows expanded
    /// (their jobs run with the caller's event), with their matrix rows.
    pub fn jobs(&self, event: &Event, all: &BTreeMap<String, Workflow>) -> Result<Vec<Job>> {
        let jobs = self
            .yaml
            .get("jobs")
            .and_then(Value::as_mapping)
            .with_context(|| format!("{}: no jobs", self.file))?;
        let mut out = Vec::new();
        for (id, body) in jobs {
            let id = id.as_str().unwrap_or_default().to_owned();
            let context = context(event, &Mapping::new());
            if let Some(condition) = body.get("if") {
                let value = match condition {
                    Value::String(text) => {
                        let text = text.trim();
                        let inner = text
                            .strip_prefix("${{")
                            .and_then(|t| t.strip_suffix("}}"))
                            .unwrap_or(text);
                        expr::eval(inner, &context)
                            .with_context(|| format!("{}: job {id:?}: if", self.file))?
                    }
                    other => other.clone(),
                };
                if !expr::truthy(&value) {
                    continue;
                }
            }
            if let Some(uses) = body.get("uses").and_then(Value::as_str) {
                let Some((_, file)) = called_file(uses) else {
                    bail!(
                        "{}: job {id:?} calls {uses}, outside the project",
                        self.file
                    );
                };
                let called = all.get(file).with_context(|| {
                    format!(
                        "{}: job {id:?} calls {uses}, which does not exist",
                        self.file
                    )
                })?;
                out.extend(called.jobs(event, all)?);
                continue;
            }
            let rows = matrix_rows(body, &context)
                .with_context(|| format!("{}: job {id:?}: the matrix", self.file))?;
            out.push(Job {
                file: self.file.clone(),
                id,
                rows,
                body: body.clone(),
            });
        }
        Ok(out)
    }
}

/// The rows of a job's matrix, as GitHub expands it: the product of its
/// lists, less the `exclude` rows, then each `include` row added to the rows
/// it matches or as a row of its own.
fn matrix_rows(job: &Value, context: &Mapping) -> Result<Vec<Mapping>> {
    let Some(matrix) = job.get("strategy").and_then(|s| s.get("matrix")) else {
        return Ok(vec![Mapping::new()]);
    };
    let matrix = match matrix {
        Value::String(text) => expr::interpolate(text, context)?,
        other => other.clone(),
    };
    let Value::Mapping(matrix) = matrix else {
        bail!("not a mapping: {matrix:?}");
    };
    let mut rows = vec![Mapping::new()];
    let mut include = Vec::new();
    let mut exclude = Vec::new();
    for (key, value) in &matrix {
        let value = match value {
            Value::String(text) => expr::interpolate(text, context)?,
            other => other.clone(),
        };
        match key.as_str() {
            Some("include") => include = value.as_sequence().cloned().unwrap_or_default(),
            Some("exclude") => exclude = value.as_sequence().cloned().unwrap_or_default(),
            _ => {
                let items = value
                    .as_sequence()
                    .with_context(|| format!("{key:?} is not a list"))?;
                rows = rows
                    .iter()
                    .flat_map(|row| {
                        items.iter().map(move |item| {
                            let mut row = row.clone();
                            row.insert(key.clone(), item.clone());
                            row
                        })
                    })
                    .collect();
            }
        }
    }
    let has_lists = matrix
        .keys()
        .any(|key| !matches!(key.as_str(), Some("include" | "exclude")));
    if !has_lists {
        rows.clear();
    }
    let matches = |row: &Mapping, pattern: &Mapping| {
        pattern
            .iter()
            .all(|(key, value)| row.get(key) == Some(value))
    };
    rows.retain(|row| {
        !exclude
            .iter()
            .filter_map(Value::as_mapping)
            .any(|pattern| matches(row, pattern))
    });
    let original: Vec<Mapping> = rows.clone();
    for extra in include.iter().filter_map(Value::as_mapping) {
        // An include row extends every original row whose original values
        // it does not change; otherwise it is a row of its own.
        let mut extended = false;
        for (row, before) in rows.iter_mut().zip(&original) {
            let compatible = extra
                .iter()
                .all(|(key, value)| before.get(key).is_none_or(|have| have == value));
            if compatible && has_lists {
                for (key, value) in extra {
                    row.insert(key.clone(), value.clone());
                }
                extended = true;
            }
        }
        if !extended {
            rows.push(extra.clone());
        }
    }
    if rows.is_empty() {
        bail!("the matrix has no rows");
    }
    Ok(rows)
}

/// Whether `path` matches the GitHub filter `pattern`: `*` matches within
/// one path segment, `**` across segments.
pub fn glob(pattern: &str, path: &str) -> bool {
    fn go(p: &[u8], s: &[u8]) -> bool {
        match p {
            [] => s.is_empty(),
            [b'*', b'*', rest @ ..] => {
                let rest = rest.strip_prefix(b"/").unwrap_or(rest);
                (0..=s.len()).any(|i| go(rest, &s[i..]))
            }
            [b'*', rest @ ..] => (0..=s.len())
                .take_while(|&i| i == 0 || s[i - 1] != b'/')
                .any(|i| go(rest, &s[i..])),
            [c, rest @ ..] => s.first() == Some(c) && go(rest, &s[1..]),
        }
    }
    go(pattern.as_bytes(), path.as_bytes())
}

/// How many jobs `event` starts across the workflows `all` (of one
/// project, [`load_all`]), per workflow file that it starts (called
/// workflows count under their caller).
pub fn job_counts(
    all: &BTreeMap<String, Workflow>,
    event: &Event,
) -> Result<BTreeMap<String, usize>> {
    let mut counts = BTreeMap::new();
    for workflow in all.values() {
        if workflow.starts_on(event)? {
            let jobs = workflow.jobs(event, all)?;
            counts.insert(
                workflow.file.clone(),
                jobs.iter().map(|job| job.rows.len()).sum(),
            );
        }
    }
    Ok(counts)
}

/// The events whose job counts `docs/ci.md` shows, with the files each
/// changes (a pull request) and its row's words.
pub fn counted_events() -> Vec<(Event, &'static str)> {
    vec![
        (
            Event::PullRequest(vec!["src/lib.rs".to_owned()]),
            "a pull request that changes code",
        ),
        (
            Event::PullRequest(vec!["Cargo.toml".to_owned(), "Cargo.lock".to_owned()]),
            "a pull request that changes dependencies or the build",
        ),
        (Event::PushToMain, "a push to `main`"),
        (Event::Schedule, "the weekly run"),
        (Event::Release, "a release (a version tag)"),
    ]
}

/// The jobs each of [`counted_events`] starts in the project at `dir`, in
/// all and per workflow (`ci.yml 8`), in that order.
pub fn count_rows(dir: &Path) -> Result<Vec<(usize, String)>> {
    let all = load_all(dir)?;
    counted_events()
        .iter()
        .map(|(event, _)| {
            let counts = job_counts(&all, event)?;
            let parts: Vec<String> = counts
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(file, n)| format!("{file} {n}"))
                .collect();
            Ok((counts.values().sum(), parts.join(", ")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_as_github_filters_do() {
        assert!(glob("src/**", "src/lib.rs"));
        assert!(glob("src/**", "src/python/mod.rs"));
        assert!(!glob("src/*", "src/python/mod.rs"));
        assert!(glob("v*", "v1.2.3"));
        assert!(glob("Cargo.toml", "Cargo.toml"));
        assert!(!glob("Cargo.toml", "Cargo.lock"));
        assert!(glob(
            ".github/workflows/wheels.yml",
            ".github/workflows/wheels.yml"
        ));
    }

    /// Each step's pin is read from its own line: a second use of an action
    /// with another comment is not taken for the first.
    #[test]
    fn step_actions_are_read_where_each_step_is() {
        let text = "on: push\njobs:\n  a:\n    steps:\n      - uses: o/r@1111 # v1.0.0\n  \
                    b:\n    steps:\n      - run: x\n      - uses: o/r@1111 # v0.9\n      \
                    - name: again\n        uses: o/r@1111 # v0.8\n";
        let yaml: Value = serde_norway::from_str(text).unwrap();
        let job = |id: &str| Job {
            file: "w.yml".to_owned(),
            id: id.to_owned(),
            rows: Vec::new(),
            body: yaml["jobs"][id].clone(),
        };
        assert_eq!(job("a").step_actions(text), ["o/r@1111 # v1.0.0"]);
        assert_eq!(
            job("b").step_actions(text),
            ["o/r@1111 # v0.9", "o/r@1111 # v0.8"]
        );
    }

    fn rows(yaml: &str, event: &Event) -> Vec<Mapping> {
        let job: Value = serde_norway::from_str(yaml).unwrap();
        matrix_rows(&job, &context(event, &Mapping::new())).unwrap()
    }

    #[test]
    fn matrices_expand_as_github_expands_them() {
        let product = "strategy: {matrix: {os: [a, b], python: ['3.11', '3.12']}}";
        assert_eq!(rows(product, &Event::PushToMain).len(), 4);
        let excluded =
            "strategy: {matrix: {os: [a, b], python: ['1', '2'], exclude: [{os: a, python: '1'}]}}";
        assert_eq!(rows(excluded, &Event::PushToMain).len(), 3);
        let extended = "strategy: {matrix: {os: [a, b], include: [{os: a, extra: x}, {os: c}]}}";
        let expanded = rows(extended, &Event::PushToMain);
        assert_eq!(expanded.len(), 3);
        assert_eq!(expanded[0].get("extra").and_then(Value::as_str), Some("x"));
        let only_include = "strategy: {matrix: {include: [{runner: x}, {runner: y}]}}";
        assert_eq!(rows(only_include, &Event::PushToMain).len(), 2);
        let by_event = "strategy: {matrix: \"${{ fromJSON(github.event_name == 'pull_request' && '{\\\"os\\\": [1]}' || '{\\\"os\\\": [1, 2, 3]}') }}\"}";
        assert_eq!(rows(by_event, &Event::PullRequest(Vec::new())).len(), 1);
        assert_eq!(rows(by_event, &Event::Schedule).len(), 3);
        assert_eq!(rows("runs-on: x", &Event::Schedule).len(), 1);
    }
}
