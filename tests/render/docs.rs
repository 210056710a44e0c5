//! The documentation follows what the template declares: every answer has
//! its row in the README's answers table and its section in
//! `docs/options.md`, with the default the template gives it; the supported
//! Python versions are stated as `hooks/python.rhai` defines them; the tour in
//! `docs/generated-project.md` names every file a project can have.

use template_selftest::project::Project;
use template_selftest::{cases, repo_root, snapshots, template};

use crate::read;

#[test]
fn every_answer_and_option_is_documented() {
    let readme = read(&repo_root(), "README.md");
    let options_md = read(&repo_root(), "docs/options.md");
    let has_line = |text: &str, wanted: &str| text.lines().any(|line| line.starts_with(wanted));
    let mut missing = Vec::new();
    let placeholders = template::placeholders().unwrap_or_else(|err| panic!("{err:#}"));
    assert!(
        placeholders.len() > template::options().len(),
        "{placeholders:?}"
    );
    for key in &placeholders {
        let row = format!("| `{key}` |");
        if !has_line(&readme, &row) {
            missing.push(format!("README.md: no answers-table row {row:?}"));
        }
        let sections = [format!("## `{key}`"), format!("### `{key}`")];
        if !options_md
            .lines()
            .any(|line| sections.iter().any(|s| s == line))
        {
            missing.push(format!("docs/options.md: no section {:?}", sections[1]));
        }
    }
    for option in template::options() {
        let row = format!("| `{}` | `{}` |", option.key, option.default);
        if !has_line(&readme, &row) {
            missing.push(format!("README.md: no row {row:?} (the default)"));
        }
        let default = if option.default { "on" } else { "off" };
        let row = format!("| `{}` | {default} |", option.key);
        if !has_line(&options_md, &row) {
            missing.push(format!(
                "docs/options.md: no row {row:?} in the options table"
            ));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// The README's answers table and docs/options.md state the versions that
/// `hooks/python.rhai` defines.
#[test]
fn the_docs_state_the_supported_versions() {
    let pythons = template::pythons();
    let (oldest, default, newest) = (
        format!("3.{}", pythons.oldest_minor),
        format!("3.{}", pythons.default_minor),
        format!("3.{}", pythons.newest_minor),
    );
    let readme = read(&repo_root(), "README.md");
    let row =
        format!("| `min_python` | `{default}` | oldest supported Python: `{oldest}` to `{newest}`");
    assert!(readme.contains(&row), "README.md lacks {row:?}");
    let options = read(&repo_root(), "docs/options.md");
    let text =
        format!("any CPython from {oldest} to\n{newest}. Empty (the default) means {default}");
    assert!(options.contains(&text), "docs/options.md lacks {text:?}");
}

/// Every file of every snapshot (with the case's names written as the
/// tour's `my_project`) is named in the tour of the generated project.
#[test]
fn the_tour_names_every_file_a_project_can_have() {
    let tour = read(&repo_root(), "docs/generated-project.md");
    let mut missing = std::collections::BTreeSet::new();
    for case in cases::named().unwrap().iter().filter(|case| case.snapshot) {
        let files = snapshots::expected_files(&case.label).unwrap_or_else(|err| panic!("{err:#}"));
        let snapshot = snapshots::dir(&case.label);
        let project = Project::parse(&snapshot, &files["Cargo.toml"], &files["pyproject.toml"])
            .unwrap_or_else(|err| panic!("{err:#}"));
        for file in files.keys() {
            let file = file
                .replace(&project.python_module, "my_project")
                .replace(&project.crate_name, "my_project");
            let name = file.rsplit('/').next().unwrap_or(&file).to_owned();
            if !tour.contains(&name) {
                missing.insert(file);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/generated-project.md does not name {missing:?}"
    );
}

/// The messages `template_update.py` stops with (each `Refusal(...)`): the
/// longest literal part of each, as the code writes it.
fn update_messages(code: &str) -> Vec<String> {
    let mut messages = Vec::new();
    for (start, _) in code.match_indices("Refusal(") {
        let mut depth = 0_i32;
        let mut literal = String::new();
        let mut parts = Vec::new();
        let mut in_string = None::<char>;
        let mut brace = 0_i32;
        for c in code[start + "Refusal".len()..].chars() {
            match in_string {
                Some(quote) if c == quote => {
                    parts.push(std::mem::take(&mut literal));
                    in_string = None;
                }
                Some(_) if c == '{' => {
                    brace += 1;
                    parts.push(std::mem::take(&mut literal));
                }
                Some(_) if c == '}' => brace -= 1,
                Some(_) if brace == 0 => literal.push(c),
                Some(_) => {}
                None if c == '"' || c == '\'' => in_string = Some(c),
                None if c == '(' => depth += 1,
                None if c == ')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                None => {}
            }
        }
        if let Some(longest) = parts
            .iter()
            .map(|part| {
                part.trim_start_matches(|c: char| !c.is_alphanumeric())
                    .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | ';'))
            })
            .max_by_key(|part| part.len())
            .filter(|part| part.len() >= 6)
        {
            messages.push(longest.to_owned());
        }
    }
    messages
}

/// Every message an update stops with is in docs/troubleshooting.md, with
/// what to do.
#[test]
fn every_update_message_is_in_troubleshooting() {
    let code = read(&repo_root(), "template/tools/template_update.py");
    let messages = update_messages(&code);
    assert!(messages.len() >= 15, "{messages:?}");
    let docs = read(&repo_root(), "docs/troubleshooting.md");
    let missing: Vec<&String> = messages
        .iter()
        .filter(|m| !docs.contains(m.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/troubleshooting.md does not explain {missing:#?}"
    );
}

#[test]
fn update_messages_are_read_from_the_code() {
    let code = "raise Refusal(f\"{source} has no tag {version} and (no) commit\")\n\
                raise Refusal(\n    \"usage: x\"\n)\nraise Refusal(f'{a}')";
    assert_eq!(update_messages(code), ["and (no) commit", "usage: x"]);
}

/// `docs/generated-project.md` states the default project's size as the
/// committed render has it (`SNAPSHOTS=overwrite` rewrites the line).
#[test]
fn the_tour_states_the_default_projects_size() {
    let files = snapshots::expected_files(snapshots::BASE_CASE).unwrap();
    let lines: usize = files.values().map(|text| text.lines().count()).sum();
    let readme = files["README.md"].lines().count();
    let stated = format!(
        "The default project has {} files and {lines} lines; its README has {readme} lines.\n",
        files.len()
    );
    snapshots::check_marked(
        &repo_root().join("docs/generated-project.md"),
        "size",
        &stated,
    )
    .unwrap_or_else(|err| panic!("{err:#}"));
    assert!(readme <= 120, "the README has {readme} lines");
}
