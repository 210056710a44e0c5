//! A generated project's nox sessions: the one place its checks are written
//! (`noxfile.py`), which its docs and CI name.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result, ensure};

use crate::cmd::Cmd;
use crate::tools::Tools;

/// Every session of the noxfile, in its order, with whether `nox` runs it
/// when given none (every check): `nox --list` prints "* name -> description"
/// for those and "- name -> description" for the others.
pub fn sessions(tools: &Tools, dir: &Path) -> Result<Vec<(String, bool)>> {
    let listing = Cmd::new(tools.nox())
        .arg("--list")
        .dir(dir)
        .env("NO_COLOR", "1")
        .run()?;
    let sessions: Vec<(String, bool)> = listing
        .stdout
        .lines()
        .filter_map(|line| {
            let (rest, default) = match line.split_at_checked(2)? {
                ("* ", rest) => (rest, true),
                ("- ", rest) => (rest, false),
                _ => return None,
            };
            Some((rest.split(" -> ").next()?.to_owned(), default))
        })
        .collect();
    ensure!(
        !sessions.is_empty(),
        "nox --list printed no sessions:\n{}",
        listing.stdout
    );
    Ok(sessions)
}

/// The sessions `nox` runs when given none: every check.
pub fn default_sessions(sessions: &[(String, bool)]) -> BTreeSet<String> {
    sessions
        .iter()
        .filter(|(_, default)| *default)
        .map(|(name, _)| name.clone())
        .collect()
}

/// Every session of the noxfile, run by default or not.
pub fn all_sessions(sessions: &[(String, bool)]) -> BTreeSet<String> {
    sessions.iter().map(|(name, _)| name.clone()).collect()
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
