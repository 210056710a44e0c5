//! A generated project's nox sessions: the one place its checks are written
//! (`noxfile.py`), which its docs and CI name.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result};

use crate::cmd::Cmd;
use crate::tools::Tools;

/// The sessions `nox` runs when given none (every check), in the noxfile's
/// order (`nox --list --json`).
pub fn default_sessions_in_order(tools: &Tools, dir: &Path) -> Result<Vec<String>> {
    let listing = Cmd::new(tools.nox())
        .args(["--list", "--json"])
        .dir(dir)
        .env("NO_COLOR", "1")
        .run()?;
    let sessions: Vec<serde_norway::Value> = serde_norway::from_str(&listing.stdout)
        .with_context(|| format!("nox --list --json printed {:?}", listing.stdout))?;
    sessions
        .iter()
        .map(|session| {
            session
                .get("session")
                .and_then(serde_norway::Value::as_str)
                .map(str::to_owned)
                .context("a session without a name")
        })
        .collect()
}

/// The sessions `nox` runs when given none: every check.
pub fn default_sessions(tools: &Tools, dir: &Path) -> Result<BTreeSet<String>> {
    Ok(default_sessions_in_order(tools, dir)?.into_iter().collect())
}

/// Every session of the noxfile, run by default or not (`nox --list`).
pub fn all_sessions(tools: &Tools, dir: &Path) -> Result<BTreeSet<String>> {
    let listing = Cmd::new(tools.nox())
        .arg("--list")
        .dir(dir)
        .env("NO_COLOR", "1")
        .run()?;
    // "* name -> description" for sessions run by default, "- name -> ..." for the others.
    Ok(listing
        .stdout
        .lines()
        .filter_map(|line| line.strip_prefix("* ").or_else(|| line.strip_prefix("- ")))
        .filter_map(|rest| rest.split(" -> ").next().map(str::to_owned))
        .collect())
}

/// The sessions each table of the "Check" section of the project's
/// `docs/development.md` names (the first column, in backticks), table by table.
pub fn sessions_in_docs(dir: &Path) -> Result<Vec<BTreeSet<String>>> {
    let readme = std::fs::read_to_string(dir.join(crate::walkthrough::PAGE))?;
    let start = readme.find("\n## Check\n").context("no Check section")?;
    let section = &readme[start + 1..];
    let section = &section[..section[3..]
        .find("\n## ")
        .map_or(section.len(), |end| end + 3)];
    let mut tables: Vec<BTreeSet<String>> = Vec::new();
    let mut in_table = false;
    for line in section.lines() {
        if let Some(rest) = line.strip_prefix("| `") {
            if !in_table {
                tables.push(BTreeSet::new());
                in_table = true;
            }
            if let (Some(table), Some((name, _))) = (tables.last_mut(), rest.split_once('`')) {
                table.insert(name.to_owned());
            }
        } else if !line.starts_with('|') {
            in_table = false;
        }
    }
    Ok(tables)
}
