//! A generated project's files: listing them, keeping their bytes, and the
//! checks that need nothing but the files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Result, bail, ensure};

use crate::generate::Answers;
use crate::template;

/// Folders that hold build output or tool caches, never template output.
pub const SKIPPED: &[&str] = &[
    ".git",
    "target",
    ".venv",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    ".nox",
    "dist",
];

/// The file in which a generated project records its answers: it names every
/// option, on or off, by design.
pub const ANSWERS_FILE: &str = ".template-answers.toml";

/// Every file of the project (build output excluded), as `/`-separated
/// paths relative to `root`, sorted.
pub fn files(root: &Path) -> Result<BTreeSet<String>> {
    let mut found = BTreeSet::new();
    walk(root, "", &mut found)?;
    Ok(found)
}

fn walk(dir: &Path, prefix: &str, found: &mut BTreeSet<String>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = format!("{prefix}{name}");
        if entry.file_type()?.is_dir() {
            if !SKIPPED.contains(&name.as_str()) {
                walk(&entry.path(), &format!("{relative}/"), found)?;
            }
        } else {
            found.insert(relative);
        }
    }
    Ok(())
}

/// Fails if any file name or text still holds template syntax (`{{`, `{%`),
/// or a TOML file has an empty string value, which is what an empty or
/// undefined placeholder renders to. GitHub Actions expressions (`${{ }}`)
/// are allowed.
pub fn no_leftovers(root: &Path) -> Result<()> {
    let mut problems = Vec::new();
    for relative in files(root)? {
        if relative.contains("{{") || relative.contains("{%") || relative.contains("//") {
            problems.push(format!(
                "{relative}: template syntax or empty name in the path"
            ));
        }
        let Ok(text) = std::fs::read_to_string(root.join(&relative)) else {
            continue; // not text
        };
        for (number, line) in text.lines().enumerate() {
            if let Some(found) = template_syntax(line) {
                problems.push(format!(
                    "{relative}:{}: leftover `{found}`: {line}",
                    number + 1
                ));
            }
        }
        // What pre-commit's end-of-file-fixer, trailing-whitespace and
        // mixed-line-ending hooks would change (empty files are fine).
        if !text.is_empty() && (!text.ends_with('\n') || text.ends_with("\n\n")) {
            problems.push(format!("{relative}: does not end in exactly one newline"));
        }
        if text.contains('\r') {
            problems.push(format!("{relative}: has carriage returns"));
        }
        if let Some((number, _)) = text
            .lines()
            .enumerate()
            .find(|(_, line)| line.ends_with([' ', '\t']))
        {
            problems.push(format!("{relative}:{}: trailing whitespace", number + 1));
        }
        if relative.ends_with(".toml") {
            match text.parse::<toml::Table>() {
                Ok(mut table) => {
                    if relative == ANSWERS_FILE {
                        // What may be empty there: the author, when none was
                        // known, the template's source, when unpublished, and
                        // its commit, until the first update.
                        if let Some(toml::Value::Table(values)) = table.get_mut("values") {
                            values.remove("authors");
                        }
                        if let Some(toml::Value::Table(source)) = table.get_mut("template") {
                            source.remove("source");
                            source.remove("commit");
                        }
                    }
                    empty_strings(&toml::Value::Table(table), &relative, &mut problems);
                }
                Err(err) => problems.push(format!("{relative}: not valid TOML: {err}")),
            }
        }
    }
    if !problems.is_empty() {
        bail!(
            "the generated project has leftovers:\n  {}",
            problems.join("\n  ")
        );
    }
    Ok(())
}

/// The first Liquid tag or output left in `line`, ignoring `${{`.
fn template_syntax(line: &str) -> Option<&'static str> {
    for (index, _) in line.match_indices("{{") {
        if !line[..index].ends_with('$') {
            return Some("{{");
        }
    }
    line.contains("{%").then_some("{%")
}

fn empty_strings(value: &toml::Value, path: &str, problems: &mut Vec<String>) {
    match value {
        toml::Value::String(text) if text.trim().is_empty() => {
            problems.push(format!("{path}: empty value"));
        }
        toml::Value::Table(table) => {
            for (key, value) in table {
                empty_strings(value, &format!("{path}: {key}"), problems);
            }
        }
        toml::Value::Array(items) => {
            for (index, value) in items.iter().enumerate() {
                empty_strings(value, &format!("{path}[{index}]"), problems);
            }
        }
        _ => {}
    }
}

/// Every file of a project (outside build output) with its bytes.
pub fn contents(root: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    files(root)?
        .into_iter()
        .map(|file| {
            let bytes = std::fs::read(root.join(&file))?;
            Ok((file, bytes))
        })
        .collect()
}

/// Fails with the files that were added, removed or changed between two
/// [`contents`].
pub fn unchanged(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> Result<()> {
    let changed: Vec<&String> = before
        .keys()
        .chain(after.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|file| before.get(*file) != after.get(*file))
        .collect();
    ensure!(changed.is_empty(), "files changed: {changed:?}");
    Ok(())
}

/// Each option's paths (its `[conditional]` list in the template's
/// `cargo-generate.toml`) exist exactly when it is on, and the project's
/// `.template-answers.toml` records every option as given.
pub fn options_match(root: &Path, answers: &Answers, python_module: &str) -> Result<()> {
    let recorded: toml::Table = std::fs::read_to_string(root.join(ANSWERS_FILE))?.parse()?;
    let mut problems = Vec::new();
    for option in template::options() {
        let on = answers.has(&option.key);
        let value = recorded
            .get("values")
            .and_then(|values| values.get(&option.key));
        if value.and_then(toml::Value::as_bool) != Some(on) {
            problems.push(format!(
                "{}={on}: {ANSWERS_FILE} records {value:?}",
                option.key
            ));
        }
        for path in option.paths_for(python_module) {
            if root.join(&path).exists() != on {
                problems.push(format!(
                    "{}={on}: {path} {}",
                    option.key,
                    if on { "is missing" } else { "is left behind" }
                ));
            }
        }
    }
    if !problems.is_empty() {
        bail!(
            "the options do not match the files:\n  {}",
            problems.join("\n  ")
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::template_syntax;

    #[test]
    fn untidy_text_files_are_reported() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (name, text) in [
            ("clean.txt", "one\ntwo\n"),
            ("empty.txt", ""),
            ("space.txt", "one \ntwo\n"),
            ("no-newline.txt", "one"),
            ("two-newlines.txt", "one\n\n"),
            ("crlf.txt", "one\r\n"),
        ] {
            std::fs::write(dir.path().join(name), text).expect("writes");
        }
        let report = format!("{:#}", super::no_leftovers(dir.path()).unwrap_err());
        for expected in [
            "space.txt:1: trailing whitespace",
            "no-newline.txt: does not end in exactly one newline",
            "two-newlines.txt: does not end in exactly one newline",
            "crlf.txt: has carriage returns",
        ] {
            assert!(report.contains(expected), "{expected} missing:\n{report}");
        }
        assert!(!report.contains("clean.txt") && !report.contains("empty.txt"));
    }

    #[test]
    fn finds_liquid_but_not_github_expressions() {
        assert_eq!(template_syntax("name = \"{{ project-name }}\""), Some("{{"));
        assert_eq!(template_syntax("{% if serde %}"), Some("{%"));
        assert_eq!(template_syntax("run: echo ${{ matrix.os }}"), None);
        assert_eq!(template_syntax("a ${{ x }} b {{ y }}"), Some("{{"));
        assert_eq!(template_syntax("plain text { not } liquid"), None);
    }
}
