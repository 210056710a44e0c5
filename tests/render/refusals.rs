//! Every answer the hooks refuse is refused with a message that names the
//! value and what would work, leaving nothing behind (or, after cargo-generate
//! made the destination, one empty folder, which the message mentions);
//! unusual but valid answers work.

use template_selftest::generate::{Answers, generate, generate_in};
use template_selftest::tree;

use crate::{Leaves, assert_refused, generated, tools};

/// Project names refused by the init hook, before cargo-generate makes any
/// folder, with a fragment of the message each must give.
#[test]
fn bad_project_names_are_refused_before_anything_is_written() {
    let long = "a".repeat(65);
    let cases = [
        ("", "The project name is empty"),
        ("1password", "starts with a digit"),
        ("!!!", "has no letters or digits"),
        ("café-tools", "non-ASCII characters (é)"),
        (long.as_str(), "crates.io accepts at most 64"),
        (
            "test",
            "Rust keyword or a crate of the Rust standard library",
        ),
        (
            "std",
            "Rust keyword or a crate of the Rust standard library",
        ),
        (
            "core",
            "Rust keyword or a crate of the Rust standard library",
        ),
        ("fn", "Rust keyword or a crate of the Rust standard library"),
        ("pyo3", "already depends on"),
        ("serde", "already depends on"),
        ("numpy", "already depends on"),
    ];
    for (name, message) in cases {
        assert_refused(&Answers::named(name), message, Leaves::Nothing);
    }
}

/// Import names refused by the pre hook. cargo-generate has made the
/// destination folder by then; it must stay empty, and the message says so.
#[test]
fn bad_import_names_are_refused_with_a_clear_message() {
    let cases = [
        (
            Answers::named("dotted").define("python_module", "my.pkg"),
            "contains dots",
        ),
        (
            Answers::named("hyphen").define("python_module", "my-pkg"),
            "use 'my_pkg' instead",
        ),
        (
            Answers::named("digit").define("python_module", "3d"),
            "does not start with a letter",
        ),
        (
            Answers::named("kw").define("python_module", "class"),
            "is a Python keyword",
        ),
        (
            Answers::named("stdlib").define("python_module", "typing"),
            "standard library",
        ),
        (
            Answers::named("dep").define("python_module", "pytest"),
            "which the generated project installs",
        ),
        (
            Answers::named("rustkw").define("python_module", "match"),
            "Rust keyword",
        ),
        // Derived from the project name: `json` is a fine crate, not a fine import.
        (
            Answers::named("json"),
            "derived from the project name 'json'",
        ),
        (Answers::named("import"), "is a Python keyword"),
        (Answers::named("class"), "is a Python keyword"),
        (
            Answers::named("std-module").define("python_module", "std"),
            "Rust keyword or standard crate",
        ),
        (
            Answers::named("test-module").define("python_module", "test"),
            "Rust keyword or standard crate",
        ),
        (
            Answers::named("numpy-module").define("python_module", "numpy"),
            "which the generated project installs",
        ),
        (
            Answers::named("non-ascii").define("python_module", "café"),
            "non-ASCII characters (é)",
        ),
        (
            Answers::named("punctuation").define("python_module", "___"),
            "has no letters",
        ),
        (
            Answers::named("long-module").define("python_module", &"m".repeat(65)),
            "the limit is 64",
        ),
        (
            Answers::named("json-module").define("python_module", "json"),
            "standard library",
        ),
        // A misspelt option would otherwise be ignored without a word.
        (
            Answers::named("alias").define("async", "true"),
            "did you mean 'asyncio'?",
        ),
        (
            Answers::named("alias-module").define("python-module", "x"),
            "did you mean 'python_module'?",
        ),
        (Answers::named("os"), "standard library"),
        (Answers::named("typing"), "standard library"),
    ];
    for (answers, message) in cases {
        assert_refused_by_pre_hook(&answers, message);
    }
}

/// Asserts that the pre hook refuses `answers` with `message`: cargo-generate
/// has made the destination folder by then, which must stay empty, and the
/// message says to remove it. Returns what cargo-generate printed.
fn assert_refused_by_pre_hook(answers: &Answers, message: &str) -> String {
    let output = assert_refused(answers, message, Leaves::AnEmptyFolder);
    assert!(
        output.contains("remove it before you try again"),
        "{answers:?}: the message does not mention the empty folder:\n{output}"
    );
    output
}

/// Descriptions the files cannot hold: empty or blank, with a quote, a
/// backslash or a control character (they go into TOML, Rust and Python
/// strings), or longer than one line of 200 characters; 200 work.
#[test]
fn unusable_descriptions_are_refused() {
    let long = "d".repeat(201);
    let cases = [
        ("", "The description is empty"),
        ("   ", "The description is empty"),
        (
            r#"The "fast" one"#,
            r#"The answer description = 'The "fast" one' contains '"'"#,
        ),
        (r"C:\tools", r"contains '\'"),
        (
            "one\ttab",
            "The answer description = 'one<U+0009>tab' contains U+0009, a control character",
        ),
        (
            "zero\u{200b}width",
            "contains U+200B, an invisible character",
        ),
        (
            "bidi \u{202e}text",
            "contains U+202E, a bidirectional-text control",
        ),
        (long.as_str(), "The description is 201 characters long"),
    ];
    for (description, message) in cases {
        assert_refused_by_pre_hook(
            &Answers::named("bad-description").define("description", description),
            message,
        );
    }
    let longest = "d".repeat(200);
    generated(&Answers::named("long-description").define("description", &longest));
}

/// A copyright year that is not four digits (updates pass the recorded one).
#[test]
fn a_year_that_is_not_four_digits_is_refused() {
    for year in ["99", "20266", "two thousand"] {
        assert_refused_by_pre_hook(
            &Answers::named("bad-year").define("year", year),
            &format!("The year '{year}' is not a four-digit year"),
        );
    }
}

/// A `min_python` the template does not support is refused by the hook,
/// which lists the supported ones (read from `hooks/python.rhai`).
#[test]
fn unsupported_pythons_are_refused_with_the_supported_ones() {
    let pythons = template_selftest::template::pythons();
    let oldest = format!("3.{}", pythons.oldest_minor);
    let newest = format!("3.{}", pythons.newest_minor);
    let too_old = format!("3.{}", pythons.oldest_minor - 1);
    let too_new = format!("3.{}", pythons.newest_minor + 1);
    for bad in [too_old.as_str(), too_new.as_str(), "3", "three", "2.7"] {
        let output = assert_refused_by_pre_hook(
            &Answers::named("bad-python").define("min_python", bad),
            &format!("'{bad}' is not a Python version this template supports"),
        );
        assert!(
            output.contains(&oldest) && output.contains(&newest),
            "{bad}: the supported versions are not listed:\n{output}"
        );
    }
}

/// A boolean answer that is not a boolean: cargo-generate's own message,
/// after it made the destination folder (docs/troubleshooting.md explains it).
#[test]
fn an_option_that_is_not_a_boolean_is_refused_by_cargo_generate() {
    assert_refused(
        &Answers::named("bad-bool").define("serde", "maybe"),
        "provided string was not `true` or `false`",
        Leaves::AnEmptyFolder,
    );
}

/// Generating over an existing project is refused, and nothing in it changes.
#[test]
fn an_existing_destination_is_refused_and_left_alone() {
    let answers = Answers::named("existing");
    let first = generate(tools(), &answers).unwrap();
    let project = first.project().expect("the first generation works");
    let edited = "# my own edits\n";
    std::fs::write(project.join("README.md"), edited).unwrap();
    std::fs::write(project.join("notes.txt"), "mine\n").unwrap();
    let before = tree::contents(&project).unwrap();
    let second = generate_in(tools(), &answers, first.parent).unwrap();
    let output = second.output.combined();
    assert!(!second.succeeded(), "generating over a project succeeded");
    assert!(
        output.contains("already exists"),
        "no clear message:\n{output}"
    );
    assert_eq!(second.parent_entries(), ["existing"]);
    tree::unchanged(&before, &tree::contents(&project).unwrap())
        .expect("the existing project is unchanged");
}

/// Valid but unusual names work: CamelCase input, a long hyphenated name.
#[test]
fn unusual_valid_names_work() {
    let (_generation, project) = generated(&Answers::named("SensorHub"));
    assert!(project.ends_with("sensor-hub"), "{}", project.display());
    assert!(project.join("python/sensor_hub/__init__.py").is_file());
    let long = "very-long-hyphenated-name-for-a-rust-and-python-binding-project";
    let (_generation, project) = generated(&Answers::named(long));
    assert!(project.ends_with(long));
    assert!(
        project
            .join(format!("python/{}/_core.pyi", long.replace('-', "_")))
            .is_file()
    );
}

/// A project named like a standard-library module is fine with its own import name.
#[test]
fn a_clashing_project_name_works_with_an_explicit_import_name() {
    let (_generation, project) =
        generated(&Answers::named("json").define("python_module", "jsonx"));
    assert!(project.join("python/jsonx/__init__.py").is_file());
}
