//! Expected renders. The default case's whole render is committed under
//! `tests/snapshots/defaults/`; every other named case keeps only what its
//! answers change, in `tests/snapshots/<case>.diff`: for each file that
//! differs from the default render, a unified diff against that file or
//! against the template's own source of it (whichever is shorter), a new file
//! in full, a file the case lacks as one line. Names (project, crate, import
//! name, description) are written as the template's placeholders in these
//! diffs, so that a case's other names do not repeat every file. A render is
//! compared file by file with the tree these rebuild, and a template change
//! shows in review as a diff of what users get.
//!
//! `SNAPSHOTS=overwrite` rewrites the default tree and the case diffs.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};

use crate::{repo_root, tree};

/// The environment variable that decides what a mismatch does: fail (unset),
/// or `overwrite` the snapshot with the render.
pub const ACTION_ENV: &str = "SNAPSHOTS";

/// The case whose whole render is committed; the others are told from it.
pub const BASE_CASE: &str = "defaults";

/// Lines of context around each change of a case's diff.
const CONTEXT: usize = 1;

/// A project's files: path → text.
pub type Files = BTreeMap<String, String>;

/// Where the whole render of the base case lives.
pub fn dir(case: &str) -> PathBuf {
    repo_root().join("tests").join("snapshots").join(case)
}

/// Where a case's changes live.
pub fn diff_file(case: &str) -> PathBuf {
    repo_root()
        .join("tests")
        .join("snapshots")
        .join(format!("{case}.diff"))
}

/// Whether mismatching snapshots are to be rewritten.
pub fn overwriting() -> bool {
    std::env::var(ACTION_ENV).is_ok_and(|action| action == "overwrite")
}

/// Every text file of the project at `root`.
pub fn read_files(root: &Path) -> Result<Files> {
    tree::files(root)?
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(root.join(&file))
                .with_context(|| format!("{file} is not UTF-8 text"))?;
            Ok((file, text))
        })
        .collect()
}

/// The names a render carries, each with the placeholder that writes it.
fn names(files: &Files) -> Result<Vec<(String, &'static str)>> {
    let pyproject: toml::Table = files
        .get("pyproject.toml")
        .context("no pyproject.toml")?
        .parse()?;
    let cargo: toml::Table = files.get("Cargo.toml").context("no Cargo.toml")?.parse()?;
    let text = |value: Option<&toml::Value>| {
        value
            .and_then(toml::Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let module = text(
        pyproject
            .get("tool")
            .and_then(|t| t.get("maturin"))
            .and_then(|m| m.get("module-name")),
    );
    let mut found = vec![
        (
            text(pyproject.get("project").and_then(|p| p.get("description"))),
            "{{description}}",
        ),
        // Of equal names, the import name wins: the template's paths use it.
        (
            module.trim_end_matches("._core").to_owned(),
            "{{python_module}}",
        ),
        (
            text(pyproject.get("project").and_then(|p| p.get("name"))),
            "{{project-name}}",
        ),
        (
            text(cargo.get("lib").and_then(|l| l.get("name"))),
            "{{crate_name}}",
        ),
    ];
    found.retain(|(name, _)| !name.is_empty());
    // The longest first: a name inside another is replaced after it.
    found.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
    Ok(found)
}

/// `files` with its names written as placeholders (paths too).
fn normalise(files: &Files, names: &[(String, &str)]) -> Files {
    let swap = |text: &str| {
        names
            .iter()
            .fold(text.to_owned(), |text, (name, placeholder)| {
                text.replace(name.as_str(), placeholder)
            })
    };
    files
        .iter()
        .map(|(path, text)| (swap(path), swap(text)))
        .collect()
}

/// The reverse of [`normalise`].
fn denormalise(files: &Files, names: &[(String, &str)]) -> Files {
    let swap = |text: &str| {
        names
            .iter()
            .fold(text.to_owned(), |text, (name, placeholder)| {
                text.replace(placeholder, name)
            })
    };
    files
        .iter()
        .map(|(path, text)| (swap(path), swap(text)))
        .collect()
}

/// The template's own source files (`template/`), by path.
fn template_sources() -> Result<Files> {
    read_files(&repo_root().join("template"))
}

/// Compares the render at `actual` with the expected render of `case`, or
/// rewrites the snapshot when [`overwriting`] (a case's diff against the
/// base's snapshot as it is: overwrite the base first).
pub fn check(case: &str, actual: &Path) -> Result<()> {
    if case == BASE_CASE {
        if !overwriting() && !dir(case).is_dir() {
            bail!("no snapshot of {case}: run with {ACTION_ENV}=overwrite to write it");
        }
        return compare(&dir(case), actual, overwriting());
    }
    let render = read_files(actual)?;
    if overwriting() {
        let base = read_files(&dir(BASE_CASE))?;
        let text = write_diff(case, &base, &render, &template_sources()?)?;
        return rewrite(&diff_file(case), &text);
    }
    let path = diff_file(case);
    ensure!(
        path.is_file(),
        "no snapshot of {case}: run with {ACTION_ENV}=overwrite to write {}",
        path.display()
    );
    let expected = expected_files(case)?;
    report(
        &expected,
        &render,
        &format!("{} (on {})", path.display(), dir(BASE_CASE).display()),
    )
}

/// The expected render of `case`, rebuilt from the snapshots.
pub fn expected_files(case: &str) -> Result<Files> {
    let base = read_files(&dir(BASE_CASE))?;
    if case == BASE_CASE {
        return Ok(base);
    }
    let path = diff_file(case);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    apply_diff(&text, &base, &template_sources()?).with_context(|| format!("{}", path.display()))
}

/// A case's diff file: the render `render` told from `base` and the template's
/// `sources`, names written as placeholders.
pub fn write_diff(case: &str, base: &Files, render: &Files, sources: &Files) -> Result<String> {
    let case_names = names(render)?;
    let base = normalise(base, &names(base)?);
    let target = normalise(render, &case_names);
    let mut out = format!(
        "# The render of tests/cases/{case}.toml, told from tests/snapshots/{BASE_CASE}/ and the\n\
         # template's files; the names are placeholders. SNAPSHOTS=overwrite writes it.\n"
    );
    for (name, placeholder) in &case_names {
        let _ = writeln!(out, "name {placeholder} {name}");
    }
    let paths: BTreeSet<&String> = base.keys().chain(target.keys()).collect();
    for path in paths {
        let (old, new) = (base.get(path), target.get(path));
        let Some(new) = new else {
            let _ = writeln!(out, "deleted {path}");
            continue;
        };
        ensure!(
            new.is_empty() || new.ends_with('\n'),
            "{path} does not end in a newline"
        );
        if old == Some(new) {
            continue;
        }
        let mut best: Option<(String, String)> = None;
        let candidates = [
            ("rendered", old),
            ("template", sources.get(path)),
            ("nothing", Some(&String::new())),
        ];
        for (from, source) in candidates {
            let Some(source) = source else { continue };
            let hunks = hunks(source, new);
            if best
                .as_ref()
                .is_none_or(|(_, kept)| hunks.len() < kept.len())
            {
                best = Some((from.to_owned(), hunks));
            }
        }
        let (from, hunks) = best.context("a file with no source")?;
        let _ = write!(out, "file {path} from {from}\n{hunks}");
    }
    Ok(out)
}

/// The unified diff hunks that turn `old` into `new`.
fn hunks(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = String::new();
    for hunk in diff.unified_diff().context_radius(CONTEXT).iter_hunks() {
        let _ = write!(out, "{hunk}");
    }
    out
}

/// Rebuilds a case's files from its diff `text`, the base render and the
/// template's `sources`.
pub fn apply_diff(text: &str, base: &Files, sources: &Files) -> Result<Files> {
    let mut case_names = Vec::new();
    let mut entries: Vec<(String, String, Vec<&str>)> = Vec::new();
    let mut deleted = BTreeSet::new();
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        } else if let Some(rest) = line.strip_prefix("name ") {
            let (placeholder, name) = rest.split_once(' ').context("a name line without a name")?;
            let placeholder = [
                "{{description}}",
                "{{project-name}}",
                "{{crate_name}}",
                "{{python_module}}",
            ]
            .into_iter()
            .find(|known| *known == placeholder)
            .with_context(|| format!("unknown placeholder {placeholder}"))?;
            case_names.push((name.to_owned(), placeholder));
        } else if let Some(path) = line.strip_prefix("deleted ") {
            deleted.insert(path.to_owned());
        } else if let Some(rest) = line.strip_prefix("file ") {
            let (path, from) = rest
                .rsplit_once(" from ")
                .context("a file line without `from`")?;
            entries.push((path.to_owned(), from.to_owned(), Vec::new()));
        } else {
            entries
                .last_mut()
                .with_context(|| format!("a diff line before any file: {line:?}"))?
                .2
                .push(line);
        }
    }
    let base = normalise(base, &names(base)?);
    let mut files: Files = base.clone();
    for path in &deleted {
        ensure!(
            files.remove(path).is_some(),
            "deleted {path}, which the base does not have"
        );
    }
    for (path, from, lines) in entries {
        let source = match from.as_str() {
            "rendered" => base
                .get(&path)
                .with_context(|| format!("{path}: the base has no such file"))?,
            "template" => sources
                .get(&path)
                .with_context(|| format!("{path}: the template has no such file"))?,
            "nothing" => "",
            other => bail!("{path}: from {other}?"),
        };
        let patched = patch(source, &lines).with_context(|| format!("{path} no longer applies"))?;
        files.insert(path, patched);
    }
    Ok(denormalise(&files, &case_names))
}

/// Applies unified diff hunks `lines` to `source`; each context and removed
/// line must be where the hunk says.
fn patch(source: &str, lines: &[&str]) -> Result<String> {
    let old: Vec<&str> = source.split_inclusive('\n').collect();
    let mut out = String::new();
    let mut at = 0;
    let mut index = 0;
    while index < lines.len() {
        let header = lines[index];
        let start: usize = header
            .strip_prefix("@@ -")
            .and_then(|rest| rest.split([',', ' ']).next())
            .and_then(|n| n.parse().ok())
            .with_context(|| format!("not a hunk header: {header:?}"))?;
        // `-0,0` (nothing before) starts at 0; `-5,2` at line 5, index 4.
        let start = start.saturating_sub(1).max(at);
        ensure!(start <= old.len(), "a hunk past the end: {header}");
        out.extend(old[at..start].iter().copied());
        at = start;
        index += 1;
        while index < lines.len() && !lines[index].starts_with("@@") {
            let line = lines[index];
            let (kind, content) = line.split_at(line.len().min(1));
            match kind {
                "+" => {
                    out.push_str(content);
                    out.push('\n');
                }
                " " | "-" => {
                    let have = old.get(at).copied().unwrap_or_default();
                    ensure!(
                        have.strip_suffix('\n') == Some(content),
                        "line {} is {have:?}, the diff expects {content:?}",
                        at + 1
                    );
                    if kind == " " {
                        out.push_str(have);
                    }
                    at += 1;
                }
                _ => bail!("not a diff line: {line:?}"),
            }
            index += 1;
        }
    }
    out.extend(old[at..].iter().copied());
    Ok(out)
}

/// Fails with a diff per file and the files only one side has.
fn report(expected: &Files, actual: &Files, what: &str) -> Result<()> {
    let mut text = String::new();
    for missing in expected.keys().filter(|path| !actual.contains_key(*path)) {
        let _ = writeln!(text, "{missing} is no longer rendered");
    }
    for added in actual.keys().filter(|path| !expected.contains_key(*path)) {
        let _ = writeln!(text, "{added} is rendered, and not in the snapshot");
    }
    for (path, want) in expected {
        if let Some(have) = actual.get(path).filter(|have| *have != want) {
            let diff = similar::TextDiff::from_lines(want, have);
            let _ = write!(
                text,
                "{}",
                diff.unified_diff()
                    .context_radius(2)
                    .header(&format!("expected: {path}"), &format!("rendered: {path}"))
            );
        }
    }
    if !text.is_empty() {
        bail!(
            "the render differs from {what}:\n{text}\n\
             If the change is intended, rewrite the snapshots with \
             {ACTION_ENV}=overwrite and review their diff."
        );
    }
    Ok(())
}

/// Checks that a document states `wanted` between its `<!-- {marker}: begin -->`
/// and `<!-- {marker}: end -->` lines (a table or a figure the self-tests
/// compute), or rewrites that part when [`overwriting`].
pub fn check_marked(path: &Path, marker: &str, wanted: &str) -> Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let (start, end) = (
        format!("<!-- {marker}: begin -->\n"),
        format!("<!-- {marker}: end -->"),
    );
    let from = text
        .find(&start)
        .with_context(|| format!("{} does not mark the {marker}", path.display()))?
        + start.len();
    let to = text
        .find(&end)
        .with_context(|| format!("{}: the {marker} does not end", path.display()))?;
    if text[from..to] == *wanted {
        return Ok(());
    }
    ensure!(
        overwriting(),
        "{} states another {marker}; rewrite it with {ACTION_ENV}=overwrite:\n{wanted}",
        path.display()
    );
    rewrite(path, &format!("{}{wanted}{}", &text[..from], &text[to..]))
}

/// Writes `text` to `path`, a file of this repository, while no generation
/// reads the repository (overwrite mode).
pub fn rewrite(path: &Path, text: &str) -> Result<()> {
    let _writing = crate::generate::REPOSITORY
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Compares the project at `actual` with the expected tree at `expected`, or,
/// with `overwrite`, makes `expected` a copy of `actual`.
pub fn compare(expected: &Path, actual: &Path, overwrite: bool) -> Result<()> {
    if overwrite {
        return copy(expected, actual);
    }
    report(
        &read_files(expected)?,
        &read_files(actual)?,
        &expected.display().to_string(),
    )
}

/// Makes `expected` an exact copy of the project at `actual`.
fn copy(expected: &Path, actual: &Path) -> Result<()> {
    let _writing = crate::generate::REPOSITORY
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if expected.exists() {
        std::fs::remove_dir_all(expected)
            .with_context(|| format!("cannot remove {}", expected.display()))?;
    }
    for file in tree::files(actual)? {
        let target = expected.join(&file);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(actual.join(&file), &target)
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Files {
        pairs
            .iter()
            .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
            .collect()
    }

    const PYPROJECT: &str = "[project]\nname = \"{0}\"\ndescription = \"D {0}\"\n[tool.maturin]\nmodule-name = \"{1}._core\"\n";

    fn project(name: &str, module: &str, extra: &[(&str, &str)]) -> Files {
        let mut all = files(extra);
        all.insert(
            "pyproject.toml".into(),
            PYPROJECT.replace("{0}", name).replace("{1}", module),
        );
        all.insert("Cargo.toml".into(), format!("[lib]\nname = \"{module}\"\n"));
        all
    }

    #[test]
    fn a_case_is_rebuilt_from_its_diff() {
        let base = project(
            "base-pkg",
            "base_pkg",
            &[
                ("a.txt", "1\n2\n3\n4\n5\n6\nbase_pkg\n"),
                ("gone.txt", "x\n"),
            ],
        );
        let sources = files(&[(
            "t.py",
            "import {{python_module}}\n1\n2\n3\n4\n5\n6\n{% if x %}\nx\n{% endif %}\n",
        )]);
        let render = project(
            "other",
            "other_mod",
            &[
                ("a.txt", "1\n2\nthree\n4\n5\n6\nother_mod\n"),
                ("t.py", "import other_mod\n1\n2\n3\n4\n5\n6\nx\n"),
                ("new.txt", "n\n"),
            ],
        );
        let text = write_diff("c", &base, &render, &sources).unwrap();
        assert!(text.contains("deleted gone.txt"), "{text}");
        assert!(text.contains("file t.py from template"), "{text}");
        assert!(text.contains("name {{python_module}} other_mod"), "{text}");
        assert_eq!(apply_diff(&text, &base, &sources).unwrap(), render);
        // A base that moved under the diff is reported, not patched blindly.
        let mut moved = base.clone();
        moved.insert("a.txt".into(), "1\n2\nTWO\n4\n5\n6\nbase_pkg\n".into());
        let err = format!("{:#}", apply_diff(&text, &moved, &sources).unwrap_err());
        assert!(err.contains("a.txt no longer applies"), "{err}");
    }

    #[test]
    fn hunks_apply_at_the_start_and_the_end() {
        for (old, new) in [
            ("a\nb\n", "z\na\nb\n"),
            ("a\nb\n", "a\nb\nz\n"),
            ("", "a\n"),
            ("a\n", "b\n"),
        ] {
            let diff = hunks(old, new);
            let lines: Vec<&str> = diff.lines().collect();
            assert_eq!(patch(old, &lines).unwrap(), new, "{diff}");
        }
    }
}
