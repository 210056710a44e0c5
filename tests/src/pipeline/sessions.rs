//! The project's own nox sessions, read from the project (`nox --list
//! --json`), each run the way [`rule`] says: a session the template adds is
//! run by every sample with no edit here.

use anyhow::{Result, ensure};

use super::Sample;
use crate::cmd::Progress;
use crate::{tools, tree};

/// How the samples run a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// `nox -s <name> --force-python <the sample's Python>`, in every sample
    /// that has it: the checks `nox` runs by default, and any other session
    /// without a rule of its own.
    Plain,
    /// It changes files in place (`fmt`): run, and nothing may change.
    ChangesNothing,
    /// cargo-deny, offline: its licenses, bans and sources checks
    /// (advisories need the network).
    DenyOffline,
    /// Only in the cases whose `sessions` name it (tests/cases/*.toml): slow
    /// and the same for every answer. `coverage` checks its reports too.
    OnRequest,
    /// After the release wheel (`docs`: its reference must name every public
    /// name of the built module).
    AfterTheWheel,
    /// Run elsewhere, with what it needs.
    Elsewhere(&'static str),
}

/// The rule for the session `name`.
pub fn rule(name: &str) -> Rule {
    match name {
        "fmt" => Rule::ChangesNothing,
        "deny" => Rule::DenyOffline,
        "coverage" | "msrv" | "bench" => Rule::OnRequest,
        "docs" => Rule::AfterTheWheel,
        "template-check" | "template-update" => Rule::Elsewhere(
            "tests/render/updates.rs runs them against git repositories of the template",
        ),
        _ => Rule::Plain,
    }
}

/// The sessions of the project at `dir`: those `nox` runs by default, in the
/// noxfile's order, then the others by name.
pub fn listed(tools: &tools::Tools, dir: &std::path::Path) -> Result<Vec<String>> {
    let (defaults, others): (Vec<_>, Vec<_>) = crate::nox::sessions(tools, dir)?
        .into_iter()
        .partition(|(_, default)| *default);
    let mut names: Vec<String> = defaults.into_iter().map(|(name, _)| name).collect();
    let others: std::collections::BTreeSet<String> =
        others.into_iter().map(|(name, _)| name).collect();
    names.extend(others);
    Ok(names)
}

impl Sample<'_> {
    /// Runs every session that [`rule`] runs before the wheels, in the
    /// noxfile's order.
    pub(super) fn sessions(&self, progress: &mut Progress) -> Result<()> {
        for name in listed(self.tools, &self.project.dir)? {
            match rule(&name) {
                Rule::Plain => {
                    progress.step(&format!("nox -s {name}"), || {
                        self.nox_with_python(&[&name]).map(drop)
                    })?;
                    if name == "rust-test" {
                        progress.step("one PyO3, the version Cargo.toml asks for", || {
                            super::checks::one_pyo3(&self.project.dir)
                        })?;
                        progress.step("the example program", || self.example_program())?;
                    }
                }
                Rule::ChangesNothing => {
                    progress.step(&format!("nox -s {name} changes nothing"), || {
                        let before = tree::contents(&self.project.dir)?;
                        self.nox(&[&name])?;
                        tree::unchanged(&before, &tree::contents(&self.project.dir)?)
                    })?
                }
                Rule::DenyOffline => {
                    progress.step(&format!("nox -s {name}: licenses, bans, sources"), || {
                        let cargo_deny = self.tools.cargo_tool(tools::CARGO_DENY)?;
                        self.command_with(self.tools.nox(), &[cargo_deny])?
                            .args(["-s", &name, "--", "--offline", "check"])
                            .args(["licenses", "bans", "sources"])
                            .run()
                            .map(drop)
                    })?
                }
                Rule::OnRequest if self.runs(&name) && name == "coverage" => {
                    progress.step("nox -s coverage: Rust and Python", || self.coverage())?;
                }
                Rule::OnRequest if self.runs(&name) => {
                    progress.step(&format!("nox -s {name}"), || {
                        self.nox_with_python(&[&name]).map(drop)
                    })?;
                }
                Rule::OnRequest | Rule::AfterTheWheel => {}
                Rule::Elsewhere(why) => println!("[{}] nox -s {name}: {why}", self.case.label),
            }
        }
        Ok(())
    }

    /// Whether the case asks its sample to run the session `session`.
    pub(super) fn runs(&self, session: &str) -> bool {
        self.case.sessions.iter().any(|name| name == session)
    }
}

/// Every session of a project is run by some sample: the `OnRequest` ones
/// are named by a case.
pub fn check_requested(sessions: &[String], requested: &[String]) -> Result<()> {
    for name in sessions {
        ensure!(
            rule(name) != Rule::OnRequest || requested.contains(name),
            "nox -s {name} runs only on request, and no case in tests/cases/ asks for it \
             (add it to a case's `sessions`)"
        );
    }
    Ok(())
}
