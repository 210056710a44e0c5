//! Checks of a generated project's GitHub configuration: actionlint and
//! zizmor find nothing in its workflows, pre-commit accepts its hooks, and
//! the workflows keep the project's security rules.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result, ensure};
use serde_norway::Value;

use crate::cmd::Cmd;
use crate::tools::Tools;

/// The names of the project's workflow files, sorted.
pub fn workflows(dir: &Path) -> Result<Vec<String>> {
    let folder = dir.join(".github/workflows");
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .with_context(|| format!("cannot list {}", folder.display()))?
        .map(|entry| entry.map(|entry| entry.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()?;
    names.sort();
    Ok(names)
}

/// Runs actionlint (with shellcheck) and zizmor (offline, pedantic) on a
/// generated project's workflows and checks its `.pre-commit-config.yaml`
/// against pre-commit's schema; returns the verdicts in one line.
pub fn lint(tools: &Tools, dir: &Path) -> Result<String> {
    let names = workflows(dir)?;
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let verdict = lint_files(tools, dir, &names)?;
    let pre_commit = Cmd::new(tools.pre_commit())
        .args(["validate-config", ".pre-commit-config.yaml"])
        .dir(dir)
        .output()?;
    ensure!(
        pre_commit.status.success(),
        "pre-commit rejects .pre-commit-config.yaml:\n{}",
        pre_commit.combined()
    );
    Ok(format!("{verdict}; pre-commit config: valid"))
}

/// As [`lint`], for the named files in `dir/.github/workflows/` (zizmor
/// audits everything under `dir/.github`, dependabot.yml included).
pub fn lint_files(tools: &Tools, dir: &Path, files: &[&str]) -> Result<String> {
    let path = crate::path_with([tools.bin()])?;
    // Files named explicitly: actionlint looks for a git repository otherwise.
    let actionlint = Cmd::new(tools.actionlint())
        .args(["-no-color"])
        .args(files.iter().map(|name| format!(".github/workflows/{name}")))
        .dir(dir)
        .env("PATH", &path)
        .output()?;
    ensure!(
        actionlint.status.success(),
        "actionlint found problems:\n{}",
        actionlint.combined()
    );
    let zizmor = Cmd::new(tools.zizmor())
        .args([
            "--offline",
            "--persona",
            "pedantic",
            "--no-progress",
            "--color",
            "never",
            ".",
        ])
        .dir(dir)
        .output()?;
    ensure!(
        zizmor.status.success(),
        "zizmor found problems:\n{}",
        zizmor.combined()
    );
    let verdict = zizmor
        .stdout
        .lines()
        .chain(zizmor.stderr.lines())
        .find(|line| line.contains("findings") || line.contains("No findings"))
        .unwrap_or("no output")
        .trim()
        .to_owned();
    Ok(format!("actionlint: clean; zizmor (pedantic): {verdict}"))
}

/// Reads `.github/workflows/<name>` of the project at `dir`.
pub fn load(dir: &Path, name: &str) -> Result<Value> {
    let path = dir.join(".github/workflows").join(name);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    serde_norway::from_str(&text).with_context(|| format!("{name} is not valid YAML"))
}

/// The rules every generated workflow keeps, beyond what the linters check:
/// no permissions by default and every job stating its own, no secrets (but
/// the template update's optional token), the
/// build cache in pull-request builds only, never in a release build, and
/// reusable workflows that exist and cannot deadlock with their callers.
pub fn policy(dir: &Path) -> Result<()> {
    let mut called = BTreeSet::new();
    for name in workflows(dir)? {
        let name = name.as_str();
        let workflow = load(dir, name)?;
        called.extend(workflows_called(dir, name, &workflow)?);
        ensure!(
            workflow
                .get("permissions")
                .and_then(Value::as_mapping)
                .is_some_and(serde_norway::Mapping::is_empty),
            "{name}: the top-level permissions are not empty"
        );
        let jobs = workflow
            .get("jobs")
            .and_then(Value::as_mapping)
            .with_context(|| format!("{name}: no jobs"))?;
        for (job, body) in jobs {
            ensure!(
                body.get("permissions").is_some(),
                "{name}: job {job:?} does not state its permissions"
            );
        }
        let text = std::fs::read_to_string(dir.join(".github/workflows").join(name))?;
        // The one secret: a token the weekly template update may be given,
        // to push workflow changes and start CI on its pull request.
        let text = if name == "template-update.yml" {
            text.replace(
                "secrets.TEMPLATE_UPDATE_TOKEN || github.token",
                "github.token",
            )
        } else {
            text
        };
        ensure!(!text.contains("secrets."), "{name} uses a secret");
    }
    for name in called {
        concurrency_of_its_own(dir, &name)?;
    }
    matrix_keys(dir)?;
    let wheels = load(dir, "wheels.yml")?;
    let sccache = wheels
        .get("env")
        .and_then(|env| env.get("SCCACHE"))
        .and_then(Value::as_str);
    ensure!(
        sccache == Some("${{ github.event_name == 'pull_request' }}"),
        "wheels.yml: sccache is not limited to pull requests: {sccache:?}"
    );
    let text = std::fs::read_to_string(dir.join(".github/workflows/wheels.yml"))?;
    for line in text
        .lines()
        .filter(|line| line.trim().starts_with("sccache:"))
    {
        ensure!(
            line.trim() == "sccache: ${{ env.SCCACHE }}",
            "wheels.yml: a build sets its own sccache: {}",
            line.trim()
        );
    }
    Ok(())
}

/// The project's workflows that the jobs of `workflow` (the file `name`)
/// call with `uses: $/...` or `./...`; each must exist.
fn workflows_called(dir: &Path, name: &str, workflow: &Value) -> Result<BTreeSet<String>> {
    let mut called = BTreeSet::new();
    let jobs = workflow.get("jobs").and_then(Value::as_mapping);
    for (job, body) in jobs.into_iter().flatten() {
        let Some(uses) = body.get("uses").and_then(Value::as_str) else {
            continue;
        };
        let Some((path, file)) = crate::workflow::called_file(uses) else {
            continue;
        };
        ensure!(
            dir.join(path).is_file(),
            "{name}: job {job:?} calls {uses}, which does not exist"
        );
        called.insert(file.to_owned());
    }
    Ok(called)
}

/// A called workflow keys its concurrency group on a name of its own: there
/// `github.workflow` names the caller, so the two runs would share one group,
/// and GitHub cancels them as a deadlock.
fn concurrency_of_its_own(dir: &Path, name: &str) -> Result<()> {
    let workflow = load(dir, name)?;
    let concurrency = workflow.get("concurrency");
    let group = concurrency
        .and_then(|c| c.get("group"))
        .or(concurrency)
        .and_then(Value::as_str)
        .unwrap_or_default();
    ensure!(
        !group.contains("github.workflow"),
        "{name} is called by another workflow, yet its concurrency group {group:?} \
         uses github.workflow, which names the caller there: the runs would share \
         the caller's group, a deadlock GitHub cancels"
    );
    Ok(())
}

/// The nox sessions the project's workflows run: the words after `uvx nox -s`
/// on any line of their `run:` scripts (the way they call nox).
pub fn sessions_in_workflows(dir: &Path) -> Result<BTreeSet<String>> {
    let mut sessions = BTreeSet::new();
    for name in workflows(dir)? {
        let workflow = load(dir, &name)?;
        let jobs = workflow.get("jobs").and_then(Value::as_mapping);
        for body in jobs.into_iter().flat_map(|jobs| jobs.values()) {
            let steps = body.get("steps").and_then(Value::as_sequence);
            for script in steps
                .into_iter()
                .flatten()
                .filter_map(|step| step.get("run").and_then(Value::as_str))
            {
                for line in script.lines() {
                    if let Some((_, rest)) = line.split_once("uvx nox -s ") {
                        sessions.extend(
                            rest.split_whitespace()
                                .take_while(|word| !word.starts_with('-'))
                                .map(str::to_owned),
                        );
                    }
                }
            }
        }
    }
    Ok(sessions)
}

/// Every `matrix.<key>` a job reads is a key of each row its matrix has, for
/// every event: with a matrix computed by an expression, actionlint cannot
/// tell, and a misspelt key would read as empty.
pub fn matrix_keys(dir: &Path) -> Result<()> {
    use crate::workflow::{self, Event};
    let all = workflow::load_all(dir)?;
    for wf in all.values() {
        for event in Event::all() {
            for job in wf.jobs(&event, &all)? {
                if job.file != wf.file {
                    continue; // checked with its own file
                }
                let text = serde_norway::to_string(&job.body)?;
                for (at, _) in text.match_indices("matrix.") {
                    let key: String = text[at + 7..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
                        .collect();
                    for row in &job.rows {
                        ensure!(
                            row.contains_key(key.as_str()),
                            "{}: job {:?} reads matrix.{key}, which its matrix does not have \
                             (a {} run gives {row:?})",
                            job.file,
                            job.id,
                            event.name()
                        );
                    }
                }
            }
        }
    }
    Ok(())
}
