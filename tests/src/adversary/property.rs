//! The property, judged: render a case, run the gates, shrink what fails.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::Case;
use crate::cmd::Cmd;
use crate::generate::{Generation, generate_in};
use crate::tools::Tools;

/// What the property found for one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Refused by the hooks, with a message that names the answer.
    Refused,
    /// Refused by cargo-generate itself before any hook runs (a yes/no answer
    /// that is neither `true` nor `false`): its message names no answer.
    RefusedByCargoGenerate,
    /// Rendered, and every gate passed.
    Green,
    /// The property does not hold: what failed.
    Broken(String),
}

/// The keys a refusal may name for `case`: the answers given, and the
/// project name.
fn names_an_answer(case: &Case, message: &str) -> bool {
    // cargo-generate echoes every answer before it fails: only its error
    // lines count.
    let message: String = message
        .lines()
        .skip_while(|line| !line.contains('⛔'))
        .collect::<Vec<_>>()
        .join("\n");
    let lower = message.to_lowercase();
    !message.is_empty()
        && (lower.contains("project name")
            || lower.contains("authors")
            || case.defines.iter().any(|(key, _)| {
                message.contains(key.as_str())
                    || (key == "python_module" && lower.contains("import name"))
            }))
}

/// Generates `case` into `parent` and judges what cargo-generate did; a
/// rendered project is returned for the gates.
pub fn render(
    tools: &Tools,
    case: &Case,
    parent: tempfile::TempDir,
) -> Result<(Outcome, Option<PathBuf>, Generation)> {
    let scratch = tempfile::tempdir()?;
    let generation = generate_in(tools, &case.answers(scratch.path())?, parent)?;
    let output = generation.output.combined();
    if generation.succeeded() {
        let project = generation.project()?;
        return Ok((Outcome::Green, Some(project), generation));
    }
    let left_ok = generation.left_nothing() || generation.left_only_an_empty_folder();
    let outcome = if !left_ok {
        Outcome::Broken(format!(
            "refused, but left {:?}",
            generation.parent_entries()
        ))
    } else if output.contains("provided string was not `true` or `false`") {
        Outcome::RefusedByCargoGenerate
    } else if names_an_answer(case, &output) {
        Outcome::Refused
    } else {
        Outcome::Broken(format!(
            "refused without naming the answer:\n{}",
            crate::cmd::tail(&output, 6)
        ))
    };
    Ok((outcome, None, generation))
}

/// The parse-level and lint gates on the projects at `dirs` (each with
/// whether its answers hold template syntax), run once for all of them; the
/// problems found, by project.
///
/// No template syntax may be left, unless an answer itself holds it: a
/// description may well say `{{`.
pub fn gates(tools: &Tools, dirs: &[(PathBuf, bool)]) -> Result<BTreeMap<PathBuf, Vec<String>>> {
    let mut problems: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    let mut rust_files = Vec::new();
    for (dir, liquid_in_answers) in dirs {
        let mut found = Vec::new();
        if !liquid_in_answers {
            if let Err(err) = crate::tree::no_leftovers(dir) {
                found.push(format!("{err:#}"));
            }
        }
        for file in crate::tree::files(dir)? {
            let path = dir.join(&file);
            if file.ends_with(".toml") {
                if let Err(err) = std::fs::read_to_string(&path)?.parse::<toml::Table>() {
                    found.push(format!("{file} is not valid TOML: {err}"));
                }
            } else if file.ends_with(".yml") || file.ends_with(".yaml") {
                if let Err(err) =
                    serde_norway::from_str::<serde_norway::Value>(&std::fs::read_to_string(&path)?)
                {
                    found.push(format!("{file} is not valid YAML: {err}"));
                }
            } else if file.ends_with(".rs") {
                rust_files.push(path);
            }
        }
        if !found.is_empty() {
            problems.insert(dir.clone(), found);
        }
    }
    let dirs: Vec<PathBuf> = dirs.iter().map(|(dir, _)| dir.clone()).collect();
    let dirs = dirs.as_slice();
    // Each tool runs once over every project; a report line names the file,
    // and the file the project.
    let mut blame = |output: &crate::cmd::Output, tool: &str| {
        if output.status.success() {
            return;
        }
        let text = output.combined();
        let mut blamed = false;
        for dir in dirs {
            let prefix = dir.display().to_string();
            let lines: Vec<&str> = text.lines().filter(|line| line.contains(&prefix)).collect();
            if !lines.is_empty() {
                blamed = true;
                problems
                    .entry(dir.clone())
                    .or_default()
                    .push(format!("{tool}:\n{}", lines.join("\n")));
            }
        }
        if !blamed {
            for dir in dirs {
                problems
                    .entry(dir.clone())
                    .or_default()
                    .push(format!("{tool} failed:\n{}", crate::cmd::tail(&text, 8)));
            }
        }
    };
    let pyprojects: Vec<PathBuf> = dirs
        .iter()
        .map(|dir| dir.join("pyproject.toml"))
        .filter(|p| p.is_file())
        .collect();
    if !pyprojects.is_empty() {
        let validate = Cmd::new(tools.venv.tool("validate-pyproject"))
            .args(&pyprojects)
            .output()?;
        blame(&validate, "validate-pyproject");
    }
    let check = Cmd::new(tools.ruff())
        .args(["check", "--no-cache", "--output-format", "concise"])
        .args(dirs)
        .output()?;
    blame(&check, "ruff check");
    let format = Cmd::new(tools.ruff())
        .args(["format", "--check", "--no-cache"])
        .args(dirs)
        .output()?;
    blame(&format, "ruff format --check");
    if !rust_files.is_empty() {
        let rustfmt = Cmd::new("rustfmt")
            .args(["--check", "--edition", "2024"])
            .args(&rust_files)
            .output()?;
        blame(&rustfmt, "rustfmt --check");
    }
    Ok(problems)
}

/// `cargo check` and rustdoc with warnings as errors, on one project, in the
/// samples' shared target folder.
pub fn compile_gates(tools: &Tools, dir: &Path, python: &crate::python::Interpreter) -> Result<()> {
    let cargo = |args: &[&str]| -> Result<Cmd> {
        Ok(crate::pipeline::command_in(tools, dir, python, "cargo", &[])?.args(args))
    };
    cargo(&["check", "--all-targets"])?.run()?;
    cargo(&["doc", "--no-deps"])?
        .env("RUSTDOCFLAGS", "-D warnings")
        .run()?;
    Ok(())
}

/// Judges one case alone (for the shrinker and the fixed cases), with
/// `cargo check` and rustdoc too when `compile` and this machine has a Python
/// the project supports.
pub fn judge(tools: &Tools, case: &Case, compile: bool) -> Result<Outcome> {
    let parent = tempfile::Builder::new()
        .prefix("selftest-answers-")
        .tempdir()?;
    let (outcome, project, _generation) = render(tools, case, parent)?;
    let Some(project) = project else {
        return Ok(outcome);
    };
    let problems = gates(tools, &[(project.clone(), case.holds_liquid())])?;
    if let Some(found) = problems.get(&project) {
        return Ok(Outcome::Broken(found.join("\n")));
    }
    if compile {
        if let Some(python) = compiling_python(tools, &project) {
            if let Err(err) = compile_gates(tools, &project, python) {
                return Ok(Outcome::Broken(format!("cargo check or rustdoc: {err:#}")));
            }
        }
    }
    Ok(Outcome::Green)
}

/// The Python to compile the project at `dir` against: the oldest it
/// supports that this machine has, if any.
fn compiling_python<'t>(tools: &'t Tools, dir: &Path) -> Option<&'t crate::python::Interpreter> {
    let project = crate::project::Project::read(dir).ok()?;
    tools.python_for(project.min_minor).ok()
}

/// The first line of a broken outcome: the kind of failure a shrunk case
/// must keep.
fn kind(outcome: &Outcome) -> Option<String> {
    match outcome {
        Outcome::Broken(what) => Some(
            what.lines()
                .next()
                .unwrap_or_default()
                .split(':')
                .next()
                .unwrap_or_default()
                .to_owned(),
        ),
        _ => None,
    }
}

/// Simpler versions of `case`: one answer fewer, a text shorter, the name
/// plainer, the author plainer.
fn simplifications(case: &Case) -> Vec<Case> {
    let mut out = Vec::new();
    for i in 0..case.defines.len() {
        let mut simpler = case.clone();
        simpler.defines.remove(i);
        out.push(simpler);
    }
    let shorter = |text: &str| -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut found = Vec::new();
        let mut size = chars.len() / 2;
        while size > 0 {
            for start in (0..chars.len()).step_by(size) {
                let mut kept = chars.clone();
                kept.drain(start..(start + size).min(chars.len()));
                found.push(kept.into_iter().collect());
            }
            size /= 2;
        }
        found
    };
    for i in 0..case.defines.len() {
        for value in shorter(&case.defines[i].1) {
            let mut simpler = case.clone();
            simpler.defines[i].1 = value;
            out.push(simpler);
        }
    }
    if case.name != "p" {
        let mut simpler = case.clone();
        simpler.name = "p".to_owned();
        out.push(simpler);
    }
    if case.author
        != (
            "Selftest Author".to_owned(),
            "selftest@example.com".to_owned(),
        )
    {
        let mut simpler = case.clone();
        simpler.author = (
            "Selftest Author".to_owned(),
            "selftest@example.com".to_owned(),
        );
        out.push(simpler);
        for value in shorter(&case.author.0) {
            let mut simpler = case.clone();
            simpler.author.0 = value;
            out.push(simpler);
        }
    }
    out
}

/// Shrinks a failing `case` to one that fails the same way and has nothing
/// left to take away (at most `budget` tries).
pub fn shrink(tools: &Tools, case: &Case, budget: usize, compile: bool) -> Result<(Case, Outcome)> {
    let mut best = case.clone();
    let mut outcome = judge(tools, &best, compile)?;
    let Some(wanted) = kind(&outcome) else {
        return Ok((best, outcome));
    };
    let mut tries = 0;
    'outer: loop {
        for simpler in simplifications(&best) {
            tries += 1;
            if tries > budget {
                break 'outer;
            }
            let result = judge(tools, &simpler, compile)?;
            if kind(&result).as_deref() == Some(wanted.as_str()) {
                best = simpler;
                outcome = result;
                continue 'outer;
            }
        }
        break;
    }
    Ok((best, outcome))
}

/// A summary of a run: how many cases, refused, green; the broken ones.
#[derive(Debug, Default)]
pub struct Tally {
    /// Cases generated.
    pub cases: usize,
    /// Refused by the hooks with a message naming the answer.
    pub refused: usize,
    /// Refused by cargo-generate's own check of a yes/no answer.
    pub refused_by_cargo_generate: usize,
    /// Rendered with every gate green.
    pub green: usize,
    /// Of those, also compiled and documented with warnings as errors.
    pub compiled: usize,
    /// The counterexamples, shrunk, with what failed.
    pub broken: Vec<(Case, String)>,
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} cases: {} refused by the hooks naming the answer, {} refused by cargo-generate (a yes/no answer \
             that is neither true nor false), {} rendered with every gate green ({} of them also through cargo \
             check and rustdoc -D warnings), {} broken",
            self.cases,
            self.refused,
            self.refused_by_cargo_generate,
            self.green,
            self.compiled,
            self.broken.len()
        )
    }
}

/// Runs `cases` through the property: renders them all, runs the gates once
/// over every rendered project, compiles every `compile_every`-th green one
/// (0: none), and shrinks each counterexample.
pub fn run(tools: &Tools, cases: &[Case], compile_every: usize) -> Result<Tally> {
    let mut tally = Tally {
        cases: cases.len(),
        ..Tally::default()
    };
    let mut rendered = Vec::new();
    let mut generations = Vec::new();
    let mut broken = Vec::new();
    for case in cases {
        let parent = tempfile::Builder::new()
            .prefix("selftest-answers-")
            .tempdir()?;
        let (outcome, project, generation) = render(tools, case, parent)?;
        match (outcome, project) {
            (Outcome::Green, Some(project)) => rendered.push((case.clone(), project)),
            (Outcome::Refused, _) => tally.refused += 1,
            (Outcome::RefusedByCargoGenerate, _) => tally.refused_by_cargo_generate += 1,
            (other, _) => broken.push((case.clone(), format!("{other:?}"), false)),
        }
        generations.push(generation);
    }
    let dirs: Vec<(PathBuf, bool)> = rendered
        .iter()
        .map(|(case, dir)| (dir.clone(), case.holds_liquid()))
        .collect();
    let problems = gates(tools, &dirs)?;
    for (index, (case, dir)) in rendered.iter().enumerate() {
        if problems.contains_key(dir) {
            // The batch blames by path; the case alone decides.
            if let Outcome::Broken(found) = judge(tools, case, false)? {
                broken.push((case.clone(), found, false));
                continue;
            }
        }
        if compile_every > 0 && index % compile_every == 0 {
            if let Some(python) = compiling_python(tools, dir) {
                if let Err(err) = compile_gates(tools, dir, python) {
                    broken.push((
                        case.clone(),
                        format!("cargo check or rustdoc: {err:#}"),
                        true,
                    ));
                    continue;
                }
                tally.compiled += 1;
            }
        }
        tally.green += 1;
    }
    drop(generations);
    for (case, what, compile) in broken {
        let (small, outcome) = shrink(tools, &case, 150, compile)?;
        let shown = match outcome {
            Outcome::Broken(found) => found,
            other => format!("{what} (alone: {other:?})"),
        };
        tally.broken.push((small, shown));
    }
    Ok(tally)
}

/// The report of the broken cases: each shrunk case and what it broke, and
/// its entry for `tests/answers.toml`.
pub fn report(tally: &Tally) -> String {
    let mut text = String::new();
    for (case, what) in &tally.broken {
        let _ = writeln!(
            text,
            "{}\n{what}\nTo keep it as a fixed case, add to tests/answers.toml:\n{}",
            case.describe(),
            case.to_toml("<what it shows>")
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn shrinking_tries_simpler_cases() {
        let case = Case {
            name: "my-tool".to_owned(),
            defines: vec![
                ("description".to_owned(), "abcd".to_owned()),
                ("numpy".to_owned(), "true".to_owned()),
            ],
            author: ("A".to_owned(), "a@b.c".to_owned()),
        };
        let simpler = simplifications(&case);
        assert!(simpler.iter().any(|c| c.defines.len() == 1));
        assert!(simpler.iter().any(|c| c.defines[0].1 == "cd"));
        assert!(simpler.iter().any(|c| c.name == "p"));
        for other in &simpler {
            assert_ne!(other, &case);
        }
    }
}
