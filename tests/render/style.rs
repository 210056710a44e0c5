//! The template's files are written as users will keep them: rendered, they
//! need no formatting (rustfmt, ruff), whatever the lengths of the names; and
//! the Liquid in them follows one style.

use template_selftest::cases;
use template_selftest::cmd::Cmd;
use template_selftest::generate::Answers;
use template_selftest::{repo_root, template, tree};

use crate::{generated, read, tools};

/// cargo-generate runs rustfmt on the files it writes; the template must not
/// rely on it (users without rustfmt get the raw rendering), and ruff must
/// find nothing to change either. Long values move line breaks and options
/// add and remove lines, so this tries the shortest and the longest values
/// the hooks accept, with every option on and off, and the mixed samples.
#[test]
fn the_template_needs_no_formatting() {
    let long_name = "a-rather-long-project-name-that-moves-every-line-break-it-can-xy";
    assert_eq!(long_name.len(), 64);
    let long_description = "d".repeat(200);
    let all: Vec<&str> = template::options().iter().map(|o| o.key.as_str()).collect();
    // One letter each: the shortest name, import name and description.
    let short = || Answers::named("q").define("description", "Q");
    let long = || Answers::named(long_name).define("description", &long_description);
    let mut cases = vec![
        short().options(&all),
        short().options(&[]),
        long().options(&all),
        long().options(&[]),
    ];
    cases.extend(cases::mixed().into_iter().map(|case| case.answers));
    for answers in cases {
        let name = &answers.name;
        let (_a, formatted) = generated(&answers);
        let raw_answers = Answers {
            no_fmt: true,
            ..answers.clone()
        };
        let (_b, raw) = generated(&raw_answers);
        for file in tree::files(&formatted).unwrap() {
            if let Some(difference) = first_difference(&read(&raw, &file), &read(&formatted, &file))
            {
                panic!(
                    "{name} {:?}: rustfmt changes {file}: {difference}",
                    answers.defines
                );
            }
        }
        tree::no_leftovers(&raw).unwrap_or_else(|err| panic!("{name}: {err:#}"));
        for args in [&["format", "--check", "--diff"][..], &["check"][..]] {
            let ruff = Cmd::new(tools().ruff())
                .args(args)
                .dir(&raw)
                .output()
                .unwrap();
            assert!(
                ruff.status.success(),
                "{name} {:?}: ruff {args:?} finds problems:\n{}",
                answers.defines,
                ruff.combined()
            );
        }
    }
}

/// The first line where `a` and `b` differ, for messages.
fn first_difference(a: &str, b: &str) -> Option<String> {
    let (mut left, mut right) = (a.lines(), b.lines());
    for number in 1.. {
        match (left.next(), right.next()) {
            (None, None) => return None,
            (l, r) if l == r => continue,
            (l, r) => return Some(format!("line {number}: {l:?} became {r:?}")),
        }
    }
    None
}

/// What is wrong with the Liquid on one line of a template file, if anything.
///
/// The style: a block tag (`if`, `unless`, `for`, their `else`s and ends) on
/// a line of its own is written `{%- ... %}`, which removes the line break
/// before it, so the tag's line disappears from the output; no tag trims
/// what follows it (`-%}`), which would pull up the next line's indentation;
/// a tag inside a line of text opens and closes on that line; and
/// `{% raw %}` wraps one GitHub expression (or one value of them) on one
/// line, never a block.
fn liquid_style_problem(line: &str) -> Option<&'static str> {
    let trimmed = line.trim();
    if line.contains("-%}") {
        return Some(
            "`-%}` trims the next line's indentation: use `{%- ... %}` on the tag's own line",
        );
    }
    if line.contains("{% raw %}") || line.contains("{% endraw %}") {
        let opens = line.matches("{% raw %}").count();
        let closes = line.matches("{% endraw %}").count();
        if opens != closes {
            return Some("`{% raw %}` must close on its own line");
        }
        for part in line.split("{% raw %}").skip(1) {
            let inside = part.split("{% endraw %}").next().unwrap_or_default();
            if !inside.starts_with("${{") || !inside.ends_with("}}") {
                return Some("`{% raw %}` wraps a GitHub expression `${{ ... }}` and nothing else");
            }
        }
    }
    let block_tag =
        trimmed.starts_with("{%") && trimmed.ends_with("%}") && !trimmed[2..].contains("{%");
    if block_tag && !trimmed.starts_with("{%-") && !trimmed.starts_with("{% raw") {
        return Some("a tag on its own line is written `{%- ... %}`");
    }
    if !block_tag && trimmed.starts_with("{%-") {
        return Some("a `{%- ... %}` tag stands alone on its line");
    }
    if !block_tag {
        let line = line.replace("{%-", "{%");
        let opens = ["{% if ", "{% unless ", "{% for "]
            .iter()
            .map(|tag| line.matches(tag).count())
            .sum::<usize>();
        let closes = ["{% endif %}", "{% endunless %}", "{% endfor %}"]
            .iter()
            .map(|tag| line.matches(tag).count())
            .sum::<usize>();
        if opens != closes {
            return Some("a tag inside a line of text must close on the same line");
        }
    }
    None
}

#[test]
fn the_template_follows_one_liquid_style() {
    let root = repo_root().join("template");
    let mut problems = Vec::new();
    for file in tree::files(&root).unwrap() {
        let Ok(text) = std::fs::read_to_string(root.join(&file)) else {
            continue;
        };
        for (number, line) in text.lines().enumerate() {
            if let Some(problem) = liquid_style_problem(line) {
                problems.push(format!(
                    "template/{file}:{}: {problem}\n    {line}",
                    number + 1
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_style_check_catches_each_fault() {
    for (line, fault) in [
        ("{% if serde -%}", "-%}"),
        ("{% if serde %}", "own line"),
        ("{% endif %}", "own line"),
        ("pub mod x; {% if a %}", "same line"),
        ("  run: {% raw %}echo ${{ x }}{% endraw %}", "nothing else"),
        ("env:{% raw %}", "close on its own line"),
        ("{%- if a %} text", "stands alone"),
        ("text {%- if a %}", "same line"),
    ] {
        let problem = liquid_style_problem(line).unwrap_or_else(|| panic!("{line:?} passes"));
        assert!(problem.contains(fault), "{line:?}: {problem}");
    }
    for line in [
        "{%- if serde %}",
        "    {%- endfor %}",
        "x{% if a %}, y{% endif %}",
        "  group: {% raw %}${{ github.workflow }}-${{ github.ref }}{% endraw %}",
        "plain text",
    ] {
        assert_eq!(liquid_style_problem(line), None, "{line:?}");
    }
}

/// The repository passes typos, the spell checker the generated projects'
/// pre-commit hooks run (`_typos.toml` lists the words it allows).
#[test]
fn the_repository_has_no_misspellings() {
    let output = Cmd::new(tools().venv.tool("typos"))
        .args(["--format=brief", "--exclude", "tests/snapshots"])
        .dir(repo_root())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", output.combined());
}

/// Every version a text states outside its one home agrees with that home:
/// the PyO3 release series (`template/Cargo.toml`'s `pyo3`, which the PyO3
/// crates there follow), the lowest maturin and the Rust the projects need
/// (`hooks/toolchain.rhai`). A
/// history (`CHANGELOG.md`) and a dated measurement (`docs/performance.md`)
/// are not restatements.
#[test]
fn version_literals_agree_with_their_home() {
    use template_selftest::template::RhaiModule;
    let root = repo_root();
    let cargo = read(&root, "template/Cargo.toml");
    let pyo3 = cargo
        .lines()
        .find_map(|line| line.strip_prefix("pyo3 = { version = \""))
        .and_then(|rest| rest.split('"').next())
        .expect("template/Cargo.toml asks for a pyo3 version");
    let series = pyo3.rsplit_once('.').unwrap().0.to_owned();
    let toolchain = RhaiModule::load("toolchain").unwrap();
    let maturin = toolchain.string("maturin_floor", ()).unwrap();
    let rust = toolchain.string("rust_version", ()).unwrap();
    // (what a text says, the pattern's prefix, what it must be)
    let rules: [(&str, &str); 6] = [
        ("PyO3 ", series.as_str()),
        ("pyo3-async-runtimes = { version = \"", series.as_str()),
        ("numpy = { version = \"", series.as_str()),
        ("maturin>=", maturin.as_str()),
        ("maturin (", maturin.as_str()),
        ("Rust ", rust.as_str()),
    ];
    let mut wrong = Vec::new();
    let mut seen = 0;
    for folder in ["docs", "template", "hooks"] {
        for file in template_selftest::tree::files(&root.join(folder)).unwrap() {
            let path = format!("{folder}/{file}");
            if path == "docs/performance.md" {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(root.join(&path)) else {
                continue;
            };
            for (prefix, wanted) in &rules {
                for (at, _) in text.match_indices(prefix) {
                    let rest = &text[at + prefix.len()..];
                    let stated: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '.')
                        .collect();
                    let stated = stated.trim_end_matches('.');
                    // A version, and one of the thing the rule is about.
                    if !stated.contains('.') {
                        continue;
                    }
                    seen += 1;
                    if !stated.starts_with(wanted) {
                        wrong.push(format!("{path}: {prefix}{stated}, not {wanted}"));
                    }
                }
            }
        }
    }
    let readme = read(&root, "README.md");
    for (at, _) in readme.match_indices("[PyO3](https://pyo3.rs) ") {
        let stated: String = readme[at + 24..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        seen += 1;
        if stated != series {
            wrong.push(format!("README.md: PyO3 {stated}, not {series}"));
        }
    }
    assert!(seen >= 8, "only {seen} version literals found");
    assert!(
        wrong.is_empty(),
        "versions that disagree with their home:\n{}",
        wrong.join("\n")
    );
}
