//! The platform the generated workflows run on, as `facts/github.toml`
//! records it (runner labels with their status, the release and commit of
//! each action, the revision of each pre-commit hook, every fact with its
//! source and the day it was checked), and the check of a project against
//! it: [`check`].

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use anyhow::{Context, Result, bail, ensure};
use serde_norway::Value;

use crate::repo_root;
use crate::workflow::{self, Event};

/// Where the facts live, relative to the repository.
pub const FACTS_FILE: &str = "facts/github.toml";

/// What GitHub says of a runner label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Jobs run on it.
    Supported,
    /// Jobs still run on it until `retires`.
    Deprecated {
        /// The announced retirement day (YYYY-MM-DD).
        retires: String,
    },
    /// Jobs that ask for it no longer start, since `retired`.
    Retired {
        /// The day it was retired (YYYY-MM-DD).
        retired: String,
    },
}

/// A GitHub-hosted runner label.
#[derive(Debug, Clone)]
pub struct Runner {
    /// `linux`, `macos` or `windows`.
    pub os: String,
    /// `x86_64` or `arm64`.
    pub arch: String,
    /// Its status.
    pub status: Status,
    /// The label to use instead, for a deprecated or retired one.
    pub replacement: Option<String>,
    /// Where the facts were read.
    pub source: String,
}

/// A pinned release of an action or a pre-commit hook repository.
#[derive(Debug, Clone)]
pub struct Release {
    /// The release tag (`v7.0.1`).
    pub tag: String,
    /// The commit the tag points to (actions only).
    pub commit: Option<String>,
    /// Where it was read.
    pub source: String,
}

/// The facts of `facts/github.toml`.
#[derive(Debug, Clone)]
pub struct Facts {
    /// Runner labels.
    pub runners: BTreeMap<String, Runner>,
    /// Actions, by `owner/repo`.
    pub actions: BTreeMap<String, Release>,
    /// pre-commit hook repositories, by URL.
    pub hooks: BTreeMap<String, Release>,
}

/// The facts, read once.
pub fn facts() -> &'static Facts {
    static FACTS: OnceLock<Facts> = OnceLock::new();
    FACTS.get_or_init(|| {
        let path = repo_root().join(FACTS_FILE);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
        parse(&text).unwrap_or_else(|err| panic!("{FACTS_FILE}: {err:#}"))
    })
}

/// Reads the facts file's text, checking each entry is complete.
pub fn parse(text: &str) -> Result<Facts> {
    let table: toml::Table = text.parse()?;
    let section = |name: &str| -> Result<toml::Table> {
        Ok(table
            .get(name)
            .and_then(toml::Value::as_table)
            .with_context(|| format!("no [{name}] tables"))?
            .clone())
    };
    let field = |entry: &toml::Value, key: &str, what: &str| -> Result<String> {
        let value = entry
            .get(key)
            .with_context(|| format!("{what}: no `{key}`"))?;
        Ok(match value {
            toml::Value::String(text) => text.clone(),
            toml::Value::Datetime(date) => date.to_string(),
            other => bail!("{what}: `{key}` is {other}"),
        })
    };
    let mut runners = BTreeMap::new();
    for (label, entry) in section("runners")? {
        let what = format!("runners.{label}");
        field(&entry, "checked", &what).and_then(|day| day_of(&day).map(drop))?;
        let status = match field(&entry, "status", &what)?.as_str() {
            "supported" => Status::Supported,
            "deprecated" => Status::Deprecated {
                retires: field(&entry, "retires", &what)?,
            },
            "retired" => Status::Retired {
                retired: field(&entry, "retired", &what)?,
            },
            other => bail!("{what}: status {other:?}: use supported, deprecated or retired"),
        };
        let replacement = entry
            .get("replacement")
            .and_then(toml::Value::as_str)
            .map(str::to_owned);
        ensure!(
            (status == Status::Supported) == replacement.is_none(),
            "{what}: a deprecated or retired label names its `replacement`, a supported one none"
        );
        let os = field(&entry, "os", &what)?;
        let arch = field(&entry, "arch", &what)?;
        ensure!(
            ["linux", "macos", "windows"].contains(&os.as_str())
                && ["x86_64", "arm64"].contains(&arch.as_str()),
            "{what}: os {os:?} / arch {arch:?}"
        );
        runners.insert(
            label,
            Runner {
                os,
                arch,
                status,
                replacement,
                source: field(&entry, "source", &what)?,
            },
        );
    }
    for (label, runner) in &runners {
        if let Some(replacement) = &runner.replacement {
            let target = runners.get(replacement).with_context(|| {
                format!("runners.{label}: the replacement {replacement} is not recorded")
            })?;
            ensure!(
                target.status == Status::Supported
                    && target.arch == runner.arch
                    && target.os == runner.os,
                "runners.{label}: the replacement {replacement} is not a supported {} {} label",
                runner.os,
                runner.arch
            );
        }
    }
    let releases = |name: &str, key: &str| -> Result<BTreeMap<String, Release>> {
        let mut out = BTreeMap::new();
        for (id, entry) in section(name)? {
            let what = format!("{name}.{id}");
            field(&entry, "checked", &what).and_then(|day| day_of(&day).map(drop))?;
            let commit = if name == "actions" {
                let commit = field(&entry, "commit", &what)?;
                ensure!(
                    is_commit(&commit),
                    "{what}: {commit:?} is not a full commit id"
                );
                Some(commit)
            } else {
                None
            };
            out.insert(
                id,
                Release {
                    tag: field(&entry, key, &what)?,
                    commit,
                    source: field(&entry, "source", &what)?,
                },
            );
        }
        Ok(out)
    };
    Ok(Facts {
        runners,
        actions: releases("actions", "tag")?,
        hooks: releases("hooks", "rev")?,
    })
}

fn is_commit(text: &str) -> bool {
    text.len() == 40
        && text
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// What the check of a project found that does not fail it.
#[derive(Debug, Default)]
pub struct Findings {
    /// Labels that still work, with the date they stop.
    pub warnings: Vec<String>,
}

/// Checks the workflows of the project at `dir` (every event, every matrix
/// row) and its `.pre-commit-config.yaml`, if it has one, against the facts,
/// on day `today` (YYYY-MM-DD): fails with every problem found, naming the
/// workflow, the job and what to use instead.
pub fn check(dir: &Path, facts: &Facts, today: &str) -> Result<Findings> {
    let mut problems = Vec::new();
    let mut findings = Findings::default();
    let all = workflow::load_all(dir)?;
    for wf in all.values() {
        let text = std::fs::read_to_string(dir.join(".github/workflows").join(&wf.file))?;
        let mut seen = std::collections::BTreeSet::new();
        for event in Event::all() {
            if !wf.starts_on(&event)? && !is_called(wf) {
                continue;
            }
            for job in wf.jobs(&event, &all)? {
                if job.file != wf.file {
                    continue; // checked with its own file
                }
                for label in job.labels(&event)? {
                    if seen.insert((job.id.clone(), label.clone())) {
                        label_problem(
                            facts,
                            &job.file,
                            &job.id,
                            &label,
                            today,
                            &mut problems,
                            &mut findings,
                        );
                    }
                }
                for uses in job.step_actions(&text) {
                    if seen.insert((job.id.clone(), uses.clone())) {
                        if let Some(problem) = action_problem(facts, &uses) {
                            problems.push(format!("{}: job {:?}: {problem}", job.file, job.id));
                        }
                    }
                }
            }
        }
    }
    let pre_commit = dir.join(".pre-commit-config.yaml");
    if pre_commit.is_file() {
        let config: Value = serde_norway::from_str(&std::fs::read_to_string(&pre_commit)?)?;
        for repo in config["repos"].as_sequence().into_iter().flatten() {
            let url = repo["repo"].as_str().unwrap_or_default();
            if url == "local" || url == "meta" {
                continue;
            }
            let rev = repo["rev"].as_str().unwrap_or_default();
            match facts.hooks.get(url) {
                None => problems.push(format!(
                    ".pre-commit-config.yaml: {url} is not recorded in {FACTS_FILE}: add it with its release and source"
                )),
                Some(release) if release.tag != rev => problems.push(format!(
                    ".pre-commit-config.yaml: {url} at {rev}; {FACTS_FILE} records {} ({})",
                    release.tag, release.source
                )),
                Some(_) => {}
            }
        }
    }
    if !problems.is_empty() {
        bail!(
            "the workflows disagree with {FACTS_FILE}:\n{}",
            problems.join("\n")
        );
    }
    Ok(findings)
}

/// Whether another workflow can call this one (its jobs are then checked
/// whatever starts it).
fn is_called(wf: &workflow::Workflow) -> bool {
    wf.on().and_then(|on| on.get("workflow_call")).is_some()
}

fn label_problem(
    facts: &Facts,
    file: &str,
    job: &str,
    label: &str,
    today: &str,
    problems: &mut Vec<String>,
    findings: &mut Findings,
) {
    let at = format!("{file}: job {job:?}: runs-on {label}");
    let Some(runner) = facts.runners.get(label) else {
        problems.push(format!(
            "{at}: not a GitHub-hosted runner label {FACTS_FILE} knows; add it with its status and source"
        ));
        return;
    };
    let replacement = runner.replacement.as_deref().unwrap_or_default();
    match &runner.status {
        Status::Supported => {}
        Status::Retired { retired } => problems.push(format!(
            "{at}: GitHub retired this runner on {retired} ({}); use {replacement}",
            runner.source
        )),
        Status::Deprecated { retires } if retires.as_str() <= today => problems.push(format!(
            "{at}: deprecated, and its retirement date {retires} has passed ({}); use {replacement}, \
             and record the label as retired",
            runner.source
        )),
        Status::Deprecated { retires } => findings.warnings.push(format!(
            "{at}: deprecated, retires on {retires} ({}); move to {replacement} before then",
            runner.source
        )),
    }
}

/// What is wrong with a step's `uses:` (as written, with its comment).
fn action_problem(facts: &Facts, uses: &str) -> Option<String> {
    if uses.starts_with("./") || uses.starts_with("docker://") {
        return None;
    }
    let (reference, comment) = uses
        .split_once(" #")
        .map_or((uses, ""), |(r, c)| (r.trim(), c.trim()));
    let (path, pin) = reference.split_once('@')?;
    // `owner/repo/sub/folder` is an action inside `owner/repo`.
    let repository: String = path.split('/').take(2).collect::<Vec<_>>().join("/");
    let Some(release) = facts.actions.get(&repository) else {
        return Some(format!(
            "uses {path}, which {FACTS_FILE} does not record: add its newest release, commit and source"
        ));
    };
    let commit = release.commit.as_deref().unwrap_or_default();
    let wanted = format!("{path}@{commit} # {}", release.tag);
    (pin != commit || comment != release.tag).then(|| {
        format!(
            "uses {uses}; {FACTS_FILE} records {wanted} ({})",
            release.source
        )
    })
}

/// The problems of the facts themselves on day `today`: a deprecated label
/// whose retirement date has passed is stale.
pub fn stale(facts: &Facts, today: &str) -> Vec<String> {
    facts
        .runners
        .iter()
        .filter_map(|(label, runner)| match &runner.status {
            Status::Deprecated { retires } if retires.as_str() <= today => Some(format!(
                "runners.{label}: was to retire on {retires}; check {} and record what happened",
                runner.source
            )),
            _ => None,
        })
        .collect()
}

/// Today's date in UTC, as YYYY-MM-DD.
pub fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let days = i64::try_from(seconds / 86_400).unwrap_or_default();
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The calendar date of a day count since 1970-01-01 (Howard Hinnant's
/// algorithm for the proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Checks `text` is a date, YYYY-MM-DD; returns it.
fn day_of(text: &str) -> Result<&str> {
    let parts: Vec<&str> = text.split('-').collect();
    ensure!(
        parts.len() == 3
            && [4, 2, 2] == [parts[0].len(), parts[1].len(), parts[2].len()]
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())),
        "{text:?} is not a YYYY-MM-DD date"
    );
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_423), (2025, 12, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert!(today().as_str() > "2026-01-01");
    }

    #[test]
    fn the_facts_file_is_complete() {
        let facts = facts();
        assert!(facts.runners.contains_key("ubuntu-latest"));
        assert!(!facts.actions.is_empty() && !facts.hooks.is_empty());
    }

    #[test]
    fn incomplete_facts_are_refused() {
        let good = "[runners.a]\nos = \"linux\"\narch = \"x86_64\"\nstatus = \"supported\"\nsource = \"s\"\nchecked = 2026-01-01\n\
                    [actions.\"o/r\"]\ntag = \"v1\"\ncommit = \"0123456789012345678901234567890123456789\"\nsource = \"s\"\nchecked = 2026-01-01\n\
                    [hooks.\"u\"]\nrev = \"v1\"\nsource = \"s\"\nchecked = 2026-01-01\n";
        parse(good).unwrap();
        for (from, to, wanted) in [
            (
                "status = \"supported\"",
                "status = \"gone\"",
                "use supported",
            ),
            (
                "status = \"supported\"",
                "status = \"retired\"\nretired = 2026-01-01",
                "replacement",
            ),
            (
                "0123456789012345678901234567890123456789",
                "main",
                "not a full commit",
            ),
            (
                "checked = 2026-01-01\n[actions",
                "checked = \"soon\"\n[actions",
                "not a YYYY-MM-DD",
            ),
            (
                "source = \"s\"\nchecked = 2026-01-01\n[actions",
                "checked = 2026-01-01\n[actions",
                "no `source`",
            ),
        ] {
            let bad = good.replacen(from, to, 1);
            assert_ne!(bad, good);
            let err = format!("{:#}", parse(&bad).expect_err(wanted));
            assert!(err.contains(wanted), "{wanted}: {err}");
        }
    }

    #[test]
    fn a_deprecated_label_goes_stale_on_its_date() {
        let text = "[runners.old]\nos = \"linux\"\narch = \"x86_64\"\nstatus = \"deprecated\"\nretires = 2027-04-17\n\
                    replacement = \"new\"\nsource = \"s\"\nchecked = 2026-01-01\n\
                    [runners.new]\nos = \"linux\"\narch = \"x86_64\"\nstatus = \"supported\"\nsource = \"s\"\nchecked = 2026-01-01\n\
                    [actions]\n[hooks]\n";
        let facts = parse(text).unwrap();
        assert!(stale(&facts, "2027-04-16").is_empty());
        assert_eq!(stale(&facts, "2027-04-17").len(), 1);
    }
}
