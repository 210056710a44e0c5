//! Fast checks of the rendering itself: what cargo-generate writes for given
//! answers, and which answers the hooks refuse (with which message). Nothing
//! here builds a generated project; `samples.rs` does.

use std::collections::BTreeSet;

use template_selftest::checks;
use template_selftest::generate::{Answers, Generation, Opt, generate, generate_in};
use template_selftest::pipeline::Project;
use template_selftest::repo_root;
use template_selftest::tools::Tools;
use template_selftest::workflows::{self, Expected};

fn tools() -> &'static Tools {
    Tools::get(env!("CARGO_TARGET_TMPDIR")).unwrap_or_else(|err| panic!("{err:#}"))
}

fn generated(answers: &Answers) -> (Generation, std::path::PathBuf) {
    let generation = generate(tools(), answers).expect("cargo-generate runs");
    let project = generation
        .project()
        .unwrap_or_else(|err| panic!("generating {answers:?} failed: {err:#}"));
    (generation, project)
}

fn read(project: &std::path::Path, relative: &str) -> String {
    std::fs::read_to_string(project.join(relative))
        .unwrap_or_else(|err| panic!("cannot read {relative}: {err}"))
}

/// What a refused generation may leave in the destination folder.
#[derive(Debug, Clone, Copy)]
enum Leaves {
    /// Nothing at all: the init hook refused before cargo-generate made a folder.
    Nothing,
    /// One empty folder: refused after cargo-generate made the destination.
    AnEmptyFolder,
}

/// Generates with `answers`, asserts that it fails with `message` and leaves
/// only what `leaves` says; returns what cargo-generate printed.
fn assert_refused(answers: &Answers, message: &str, leaves: Leaves) -> String {
    let generation = generate(tools(), answers).unwrap();
    let output = generation.output.combined();
    assert!(!generation.succeeded(), "{answers:?} was accepted");
    assert!(
        output.contains(message),
        "{answers:?}: no {message:?} in:\n{output}"
    );
    let as_expected = match leaves {
        Leaves::Nothing => generation.left_nothing(),
        Leaves::AnEmptyFolder => generation.left_only_an_empty_folder(),
    };
    assert!(
        as_expected,
        "{answers:?} should leave {leaves:?} but left {:?}",
        generation.parent_entries()
    );
    output
}

/// The files of the default project, exactly.
const DEFAULT_FILES: &[&str] = &[
    ".github/dependabot.yml",
    ".github/workflows/ci.yml",
    ".github/workflows/release.yml",
    ".github/workflows/wheels.yml",
    ".gitattributes",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".template-answers.toml",
    "Cargo.toml",
    "LICENSE-APACHE",
    "LICENSE-MIT",
    "README.md",
    "benchmarks/compare.py",
    "build.rs",
    "cbindgen.toml",
    "examples/c/demo.c",
    "examples/cli.rs",
    "include/my_project.h",
    "pyproject.toml",
    "python/my_project/__init__.py",
    "python/my_project/_core.pyi",
    "python/my_project/cabi.py",
    "python/my_project/py.typed",
    "src/counter.rs",
    "src/error.rs",
    "src/ffi.rs",
    "src/lib.rs",
    "src/python/counter.rs",
    "src/python/mod.rs",
    "tests/api.rs",
    "tests/c_abi.rs",
    "tests/test_cabi.py",
    "tests/test_core.py",
    "tests/test_properties.py",
    "tests/test_threads.py",
];

#[test]
fn the_defaults_render_the_expected_files_without_leftovers() {
    let (_generation, project) = generated(&Answers::named("my-project"));
    checks::no_leftovers(&project).unwrap_or_else(|err| panic!("{err:#}"));
    let files = checks::files(&project).unwrap();
    let expected: BTreeSet<String> = DEFAULT_FILES.iter().map(|f| (*f).to_owned()).collect();
    assert_eq!(files, expected);

    let cargo = read(&project, "Cargo.toml");
    assert!(cargo.contains(r#"crate-type = ["rlib", "cdylib"]"#));
    assert!(cargo.contains(r#"edition = "2024""#));
    let manifest: toml::Table = cargo.parse().unwrap();
    let pyo3 = &manifest["dependencies"]["pyo3"];
    assert_eq!(pyo3["version"].as_str(), Some("0.30.1"));
    assert!(
        pyo3.get("features").is_none(),
        "pyo3 has features (the deprecated extension-module?): {pyo3}"
    );
    let pyproject = read(&project, "pyproject.toml");
    assert!(pyproject.contains(r#"requires-python = ">=3.11""#));
    assert!(pyproject.contains(r#"module-name = "my_project._core""#));
    assert!(
        pyproject.contains(
            r#"authors = [{ name = "Selftest Author", email = "selftest@example.com" }]"#
        ),
        "{pyproject}"
    );
    assert!(read(&project, "LICENSE-MIT").contains("Copyright (c) 20"));
}

#[test]
fn the_template_needs_no_formatting() {
    // cargo-generate runs rustfmt on the files it writes; the template must not
    // rely on it (users without rustfmt get the raw rendering), and ruff must
    // find nothing to change either. Long values move line breaks and options
    // add and remove lines, so try the shortest and the longest values the
    // hooks accept, with every option on and off, and the sample combinations.
    use Opt::{Abi3, Asyncio, CAbi, FreeThreaded, Numpy, Serde};
    let long_name = "a-rather-long-project-name-that-moves-every-line-break-it-can-xy";
    assert_eq!(long_name.len(), 64);
    let long_description = "d".repeat(200);
    let long = || Answers::named(long_name).define("description", &long_description);
    let cases = [
        Answers::named("fmt")
            .define("python_module", "f")
            .options(&Opt::ALL),
        Answers::named("fmt")
            .define("python_module", "f")
            .options(&[]),
        long().options(&Opt::ALL),
        long().options(&[]),
        Answers::named("pairs-a").options(&[Serde, CAbi, Numpy]),
        Answers::named("pairs-b").options(&[Serde, Asyncio, Abi3]),
        Answers::named("pairs-c").options(&[CAbi, Asyncio, FreeThreaded]),
        Answers::named("pairs-d").options(&[Numpy, Abi3, FreeThreaded]),
    ];
    for answers in cases {
        let name = &answers.name;
        let (_a, formatted) = generated(&answers);
        let raw_answers = Answers {
            no_fmt: true,
            ..answers.clone()
        };
        let (_b, raw) = generated(&raw_answers);
        for file in checks::files(&formatted).unwrap() {
            if let Some(difference) = first_difference(&read(&raw, &file), &read(&formatted, &file))
            {
                panic!(
                    "{name} {:?}: rustfmt changes {file}: {difference}",
                    answers.defines
                );
            }
        }
        checks::no_leftovers(&raw).unwrap_or_else(|err| panic!("{name}: {err:#}"));
        for args in [&["format", "--check", "--diff"][..], &["check"][..]] {
            let ruff = template_selftest::cmd::Cmd::new(tools().ruff())
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

/// With every option off, each one alone on, and all on, the files and text
/// of exactly the options that are on are there (see `Opt::markers`).
#[test]
fn options_add_their_files_and_leave_nothing_when_off() {
    let mut cases = vec![
        Answers::named("none-on").options(&[]),
        Answers::named("all-on").options(&Opt::ALL),
    ];
    for option in Opt::ALL {
        cases.push(Answers::named("one-on").options(&[option]));
    }
    for answers in cases {
        let (_generation, project) = generated(&answers);
        let module = answers.name.replace('-', "_");
        checks::options_match(&project, &answers, &module)
            .unwrap_or_else(|err| panic!("{:?}: {err:#}", answers.defines));
    }
}

/// The workflows of every option combination that changes them pass
/// actionlint and zizmor, and their matrices follow the answers.
#[test]
fn workflows_are_clean_and_follow_the_answers() {
    let cases = [
        Answers::named("wf-defaults"),
        Answers::named("wf-old-abi3")
            .define("min_python", "3.9")
            .options(&[Opt::Abi3]),
        Answers::named("wf-abi3-free-threaded")
            .define("min_python", "3.10")
            .options(&[Opt::Abi3, Opt::FreeThreaded]),
        Answers::named("wf-numpy-free-threaded")
            .define("min_python", "3.13")
            .options(&[Opt::Numpy, Opt::FreeThreaded]),
    ];
    for answers in cases {
        let (_generation, project) = generated(&answers);
        let min_minor = Project::read(&project).expect("names").min_minor;
        workflows::lint(tools(), &project)
            .and_then(|_| {
                workflows::matrices_match(&project, &Expected::new(min_minor, |o| answers.has(o)))
            })
            .unwrap_or_else(|err| panic!("{}: {err:#}", answers.name));
    }
}

/// A pre-commit configuration pre-commit cannot read is caught.
#[test]
fn a_broken_pre_commit_config_is_caught() {
    let (_generation, project) = generated(&Answers::named("pc-broken"));
    let config = project.join(".pre-commit-config.yaml");
    let original = read(&project, ".pre-commit-config.yaml");
    // zizmor reads the file too; pre-commit alone knows which languages exist.
    let broken = original.replacen("language: system", "language: sytem", 1);
    assert_ne!(broken, original);
    std::fs::write(&config, broken).unwrap();
    let err = workflows::lint(tools(), &project).expect_err("a bad language is caught");
    assert!(
        format!("{err:#}").contains("pre-commit rejects .pre-commit-config.yaml"),
        "{err:#}"
    );
}

/// The template repository's own CI passes the same checks.
#[test]
fn the_template_repository_workflow_is_clean() {
    workflows::lint_files(tools(), &repo_root(), &["selftest.yml"])
        .unwrap_or_else(|err| panic!("{err:#}"));
}

/// The workflow checks bite: each hand-made fault in a generated workflow
/// is reported, by the tool that should catch it.
#[test]
fn a_broken_workflow_is_caught() {
    let (_generation, project) = generated(&Answers::named("wf-broken"));
    let min_minor = Project::read(&project).expect("names").min_minor;
    let expected = Expected::new(min_minor, |o| o.default_on());
    let ci = project.join(".github/workflows/ci.yml");
    let wheels = project.join(".github/workflows/wheels.yml");
    let original_ci = read(&project, ".github/workflows/ci.yml");
    let original_wheels = read(&project, ".github/workflows/wheels.yml");
    let pinned = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1";
    assert!(
        original_ci.contains(pinned),
        "ci.yml pins checkout differently"
    );
    type Break = fn(&str) -> String;
    let faults: [(&str, &std::path::Path, &str, Break, &str); 5] = [
        (
            "an action pinned to a tag",
            &ci,
            &original_ci,
            |text| text.replacen("3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1", "v7", 1),
            "unpinned-uses",
        ),
        (
            "a misspelt matrix key",
            &ci,
            &original_ci,
            |text| text.replacen("${{ matrix.python }}", "${{ matrix.pyhton }}", 1),
            "pyhton",
        ),
        (
            "an expression in a script",
            &ci,
            &original_ci,
            |text| {
                text.replacen(
                    "run: cargo fmt --check",
                    "run: echo ${{ github.head_ref }} && cargo fmt --check",
                    1,
                )
            },
            "untrusted",
        ),
        (
            "a Python missing from the test matrix",
            &ci,
            &original_ci,
            |text| text.replacen("\"3.12\", ", "", 1),
            "test matrix Pythons",
        ),
        (
            "release builds with a cache",
            &wheels,
            &original_wheels,
            |text| text.replacen("${{ env.SCCACHE }}", "true", 1),
            "sccache",
        ),
    ];
    for (fault, file, original, break_it, wanted) in faults {
        let broken = break_it(original);
        assert_ne!(&broken, original, "{fault}: the edit changed nothing");
        std::fs::write(file, &broken).expect("writes the workflow");
        let result = workflows::lint(tools(), &project)
            .and_then(|_| workflows::matrices_match(&project, &expected));
        std::fs::write(file, original).expect("restores the workflow");
        match result {
            Ok(_) => panic!("{fault}: not caught"),
            Err(err) => {
                let message = format!("{err:#}");
                assert!(
                    message.contains(wanted),
                    "{fault}: caught, but the report lacks {wanted:?}:\n{message}"
                );
            }
        }
    }
    workflows::lint(tools(), &project)
        .and_then(|_| workflows::matrices_match(&project, &expected))
        .expect("the restored workflows pass");
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

#[test]
fn each_license_ships_its_files() {
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "MIT OR Apache-2.0",
            &["LICENSE-APACHE", "LICENSE-MIT"],
            "MIT License",
        ),
        ("MIT", &["LICENSE"], "MIT License"),
        ("Apache-2.0", &["LICENSE"], "Apache License"),
        ("BSD-3-Clause", &["LICENSE"], "BSD 3-Clause License"),
    ];
    for (license, files, text) in cases {
        let (_generation, project) =
            generated(&Answers::named("licensed").define("license", license));
        let found: Vec<String> = checks::files(&project)
            .unwrap()
            .into_iter()
            .filter(|file| file.starts_with("LICENSE"))
            .collect();
        assert_eq!(found, *files, "license {license}");
        assert!(
            files.iter().any(|file| read(&project, file).contains(text)),
            "license {license}: no file contains {text:?}"
        );
        let spdx = format!(r#"license = "{license}""#);
        assert!(read(&project, "Cargo.toml").contains(&spdx));
        assert!(read(&project, "pyproject.toml").contains(&spdx));
    }
}

#[test]
fn authors_are_escaped_or_left_out() {
    let answers = Answers::named("quoted-author").env("CARGO_NAME", r#"Jane "JD" Doe"#);
    let (_generation, project) = generated(&answers);
    let pyproject = read(&project, "pyproject.toml");
    let parsed: toml::Table = pyproject.parse().expect("pyproject.toml is valid TOML");
    assert_eq!(
        parsed["project"]["authors"][0]["name"].as_str(),
        Some(r#"Jane "JD" Doe"#)
    );
    assert!(read(&project, "LICENSE-MIT").contains(r#"Jane "JD" Doe"#));
}

#[test]
fn the_post_hook_prints_the_next_steps() {
    let (generation, _project) =
        generated(&Answers::named("next-steps").define("python_module", "nsteps"));
    let output = generation.output.combined();
    for expected in [
        "uv sync",
        "cargo test",
        "pip install -e . --group dev",
        "mypy.stubtest nsteps",
    ] {
        assert!(output.contains(expected), "no {expected:?} in:\n{output}");
    }
}

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
        let output = assert_refused(&answers, message, Leaves::AnEmptyFolder);
        assert!(
            output.contains("remove it before you try again"),
            "{answers:?}: the message does not mention the empty folder:\n{output}"
        );
    }
}

/// Values cargo-generate itself refuses, after making the destination folder:
/// a `min_python` outside the choices and an option that is not a boolean.
/// Their messages are cargo-generate's (docs/troubleshooting.md explains them).
#[test]
fn values_outside_the_choices_are_refused_by_cargo_generate() {
    let cases = [
        (
            Answers::named("old-python").define("min_python", "3.8"),
            "\"3.8\" is not a valid value for min_python",
        ),
        (
            Answers::named("new-python").define("min_python", "3.14"),
            "\"3.14\" is not a valid value for min_python",
        ),
        (
            Answers::named("bad-bool").define("serde", "maybe"),
            "provided string was not `true` or `false`",
        ),
    ];
    for (answers, message) in cases {
        assert_refused(&answers, message, Leaves::AnEmptyFolder);
    }
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
    let before = checks::snapshot(&project).unwrap();
    let second = generate_in(tools(), &answers, first.parent).unwrap();
    let output = second.output.combined();
    assert!(!second.succeeded(), "generating over a project succeeded");
    assert!(
        output.contains("already exists"),
        "no clear message:\n{output}"
    );
    assert_eq!(second.parent_entries(), ["existing"]);
    checks::unchanged(&before, &checks::snapshot(&project).unwrap())
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

/// The hooks' list of standard-library modules covers every interpreter here.
#[test]
fn the_stdlib_list_covers_every_python_found() {
    let names = std::fs::read_to_string(repo_root().join("hooks/names.rhai")).unwrap();
    let start = names
        .find("fn python_stdlib()")
        .expect("python_stdlib in names.rhai");
    let end = start + names[start..].find("\n}").unwrap();
    let listed: BTreeSet<&str> = names[start..end].split('"').skip(1).step_by(2).collect();
    let mut checked = 0;
    for python in &tools().pythons {
        let output = template_selftest::cmd::Cmd::new(&python.path)
            .args([
                "-c",
                "import sys; print('\\n'.join(getattr(sys, 'stdlib_module_names', ())))",
            ])
            .run()
            .unwrap();
        let missing: Vec<&str> = output
            .stdout
            .lines()
            .filter(|name| !name.is_empty() && !listed.contains(name))
            .collect();
        assert!(
            missing.is_empty(),
            "Python {} modules missing from names.rhai: {missing:?}",
            python.version
        );
        checked += usize::from(!output.stdout.is_empty());
    }
    assert!(
        checked > 0,
        "no interpreter with sys.stdlib_module_names (3.10+) found"
    );
}

/// The way most people start: `cargo generate` with no `--silent`, answering
/// prompts (as `cargo generate --git <URL>` does). Every question of the
/// template is asked, in order, and the typed answers reach the project.
#[cfg(unix)]
#[test]
fn interactive_generation_asks_every_question_and_uses_the_answers() {
    use rexpect::session::{Options, spawn_with_options};

    const ENTER: &str = "\r";
    const DOWN: &str = "\x1b[B";
    let parent = tempfile::Builder::new()
        .prefix("selftest-")
        .tempdir()
        .unwrap();
    let mut command = std::process::Command::new(&tools().cargo_generate);
    command
        .arg("generate")
        .arg("--path")
        .arg(repo_root())
        .arg("--destination")
        .arg(parent.path())
        .args(["--vcs", "none"])
        .env("CARGO_NAME", "Prompt Author")
        .env("CARGO_EMAIL", "prompt@example.com")
        .env("NO_COLOR", "1")
        .env("CLICOLOR", "0")
        .env("TERM", "xterm");
    let options = Options::new()
        .timeout_ms(Some(30_000))
        .strip_ansi_escape_codes(true);
    let mut session = spawn_with_options(command, options).expect("cargo-generate starts");
    // (what the prompt says, what the user types)
    let dialogue: &[(&str, &str)] = &[
        ("Which sub-template", ENTER),
        ("Project Name", "InteractiveDemo\r"),
        ("Python import name", "demo_pkg\r"),
        ("One-line description", "Bindings typed at the prompt\r"),
        ("License (SPDX)", &format!("{DOWN}{ENTER}")),
        ("Oldest Python version", &format!("{DOWN}{ENTER}")),
        ("Add a plain C ABI", "n"),
        ("Add settings loaded from JSON", "y"),
        ("Add functions on numpy arrays", ENTER),
        ("Add async functions", "y"),
        ("Build one stable-ABI (abi3) wheel", ENTER),
        ("Support free-threaded Python", ENTER),
    ];
    let mut transcript = String::new();
    for (prompt, keys) in dialogue {
        match session.exp_string(prompt) {
            Ok(before) => transcript.push_str(&before),
            Err(err) => panic!("no prompt {prompt:?} ({err}); so far:\n{transcript}"),
        }
        transcript.push_str(prompt);
        session.send(keys).unwrap();
        session.flush().unwrap();
    }
    let rest = session
        .exp_eof()
        .unwrap_or_else(|err| panic!("{err}:\n{transcript}"));
    transcript.push_str(&rest);
    assert!(transcript.contains("Done!"), "{transcript}");

    let project = parent.path().join("interactive-demo");
    let cargo_toml = read(&project, "Cargo.toml");
    assert!(
        cargo_toml.contains("name = \"interactive-demo\""),
        "{cargo_toml}"
    );
    assert!(cargo_toml.contains("license = \"MIT\""), "{cargo_toml}");
    let pyproject = read(&project, "pyproject.toml");
    assert!(
        pyproject.contains("requires-python = \">=3.12\""),
        "{pyproject}"
    );
    assert!(
        pyproject.contains("module-name = \"demo_pkg._core\""),
        "{pyproject}"
    );
    assert!(
        pyproject.contains("Bindings typed at the prompt"),
        "{pyproject}"
    );
    assert!(project.join("LICENSE").is_file());
    let answers = Answers::named("interactive-demo").options(&[Opt::Serde, Opt::Asyncio]);
    checks::options_match(&project, &answers, "demo_pkg").unwrap_or_else(|err| panic!("{err:#}"));
}

/// The answers of the recorded file `.template-answers.toml`, parsed.
fn recorded_answers(project: &std::path::Path) -> toml::Table {
    let text = read(project, checks::ANSWERS_FILE);
    let parsed: toml::Table = text.parse().expect("the answers file is valid TOML");
    parsed["values"]
        .as_table()
        .expect("a [values] table")
        .clone()
}

/// `.template-answers.toml` records every answer: generating again from it
/// alone, on a machine with another git identity, gives the same project, and
/// the recorded year is the one the license keeps.
#[test]
fn the_recorded_answers_reproduce_the_project() {
    let answers = Answers::named("recorded")
        .define("python_module", "kept_answers")
        .define("description", "Answers kept for the next update")
        .define("license", "BSD-3-Clause")
        .define("min_python", "3.10")
        .options(&[Opt::Serde, Opt::Numpy, Opt::Abi3])
        .env("CARGO_NAME", r#"Jane "JD" Doe"#);
    let (_first, project) = generated(&answers);
    let recorded = recorded_answers(&project);
    assert_eq!(
        recorded["authors"].as_str(),
        Some(r#"Jane "JD" Doe <selftest@example.com>"#)
    );
    assert_eq!(recorded["python_module"].as_str(), Some("kept_answers"));
    assert_eq!(recorded["min_python"].as_str(), Some("3.10"));
    assert_eq!(recorded["numpy"].as_bool(), Some(true));
    let before = checks::snapshot(&project).unwrap();

    let again = Answers::named("recorded")
        .values_file(project.join(checks::ANSWERS_FILE))
        .env("CARGO_NAME", "Someone Else")
        .env("CARGO_EMAIL", "else@example.com");
    let (_second, copy) = generated(&again);
    checks::unchanged(&before, &checks::snapshot(&copy).unwrap())
        .expect("the recorded answers give the same project");

    // A project started in 1999 keeps that year through an update.
    let year = recorded["year"]
        .as_str()
        .expect("a recorded year")
        .to_owned();
    let answers_file = project.join(checks::ANSWERS_FILE);
    let text = read(&project, checks::ANSWERS_FILE);
    std::fs::write(
        &answers_file,
        text.replace(&format!("year = \"{year}\""), "year = \"1999\""),
    )
    .unwrap();
    let (_third, old) = generated(&Answers::named("recorded").values_file(&answers_file));
    assert!(
        read(&old, "LICENSE").contains("Copyright (c) 1999"),
        "{}",
        read(&old, "LICENSE")
    );
    assert_eq!(recorded_answers(&old)["year"].as_str(), Some("1999"));

    assert_refused(
        &Answers::named("bad-year").define("year", "99"),
        "The year '99' is not a four-digit year",
        Leaves::AnEmptyFolder,
    );
}

/// Git settings for commits made by the tests: a fixed identity, no user or
/// system configuration, no editor for merge messages.
const GIT_ENV: [(&str, &str); 8] = [
    ("GIT_AUTHOR_NAME", "Selftest"),
    ("GIT_AUTHOR_EMAIL", "selftest@example.com"),
    ("GIT_COMMITTER_NAME", "Selftest"),
    ("GIT_COMMITTER_EMAIL", "selftest@example.com"),
    ("GIT_CONFIG_NOSYSTEM", "1"),
    (
        "GIT_CONFIG_GLOBAL",
        if cfg!(windows) { "NUL" } else { "/dev/null" },
    ),
    ("GIT_MERGE_AUTOEDIT", "no"),
    ("NO_COLOR", "1"),
];

/// A git repository at `dir` holding this template (its root
/// `cargo-generate.toml`, `template/` and `hooks/`), changed by `edit` before
/// the one commit: what `cargo generate --git <URL>` clones.
fn template_repository(dir: &std::path::Path, edit: impl FnOnce(&std::path::Path)) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::copy(
        repo_root().join("cargo-generate.toml"),
        dir.join("cargo-generate.toml"),
    )
    .unwrap();
    for folder in ["template", "hooks"] {
        copy_tree(&repo_root().join(folder), &dir.join(folder));
    }
    edit(dir);
    for args in [
        &["init", "--quiet"][..],
        &["add", "--all"],
        &["commit", "--quiet", "--message", "The template"],
    ] {
        template_selftest::cmd::Cmd::new("git")
            .args(args)
            .dir(dir)
            .envs(GIT_ENV)
            .run()
            .unwrap_or_else(|err| panic!("{err:#}"));
    }
}

/// `cargo generate --git <repository>` (what users run without a checkout)
/// renders exactly what `--path <checkout> template` does.
#[test]
fn generating_from_a_git_url_matches_the_checkout() {
    let scratch = tempfile::Builder::new()
        .prefix("selftest-")
        .tempdir()
        .unwrap();
    let repository = scratch.path().join("template-repository");
    template_repository(&repository, |_| {});
    let (_generation, expected) = generated(&Answers::named("via-git"));
    for subfolder in [None, Some("template")] {
        let (_generation, project) =
            generated(&Answers::named("via-git").from_git(&repository, subfolder));
        checks::unchanged(
            &checks::snapshot(&expected).unwrap(),
            &checks::snapshot(&project).unwrap(),
        )
        .unwrap_or_else(|err| panic!("--git with subfolder {subfolder:?}: {err:#}"));
    }
}

/// Copies `from` (a folder) to `to`, recursively.
fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The `sh` code blocks of the README section `heading`, in order.
#[cfg(unix)]
fn shell_blocks(readme: &str, heading: &str) -> Vec<String> {
    let start = readme
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading:?}"));
    let section = &readme[start + heading.len()..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    section
        .split("```sh\n")
        .skip(1)
        .map(|block| block[..block.find("```").expect("a closed block")].to_owned())
        .collect()
}

/// The update procedure of the generated README, run as written (the URL is
/// a local git repository of the newer template): a newer template
/// that changes a file, adds one and drops one, plus an option switched on in
/// `.template-answers.toml`, merge cleanly with the user's own commits.
#[cfg(unix)]
#[test]
fn an_update_from_a_newer_template_merges_with_local_changes() {
    let scratch = tempfile::Builder::new()
        .prefix("selftest-")
        .tempdir()
        .unwrap();
    // The newer template, in a git repository: this one, moved on.
    let newer = scratch.path().join("newer-template");
    template_repository(&newer, |newer| {
        let gitignore = newer.join("template/.gitignore");
        let mut ignored = std::fs::read_to_string(&gitignore).unwrap();
        ignored.push_str("/coverage/\n");
        std::fs::write(&gitignore, ignored).unwrap();
        std::fs::write(
            newer.join("template/CHANGES.md"),
            "# Changes to {{project-name}}\n",
        )
        .unwrap();
        std::fs::remove_file(newer.join("template/benchmarks/compare.py")).unwrap();
    });

    let mut answers = Answers::named("update-demo").options(&[Opt::CAbi, Opt::Serde]);
    answers.git = true;
    let (_generation, project) = generated(&answers);
    let blocks = shell_blocks(&read(&project, "README.md"), "## Update from the template");
    let [once, update] = blocks.as_slice() else {
        panic!("expected two sh blocks, found {blocks:#?}");
    };
    let bash = |script: &str| {
        template_selftest::cmd::Cmd::new("bash")
            .args(["-euo", "pipefail", "-c", script])
            .dir(&project)
            .envs(GIT_ENV)
            .run()
            .unwrap_or_else(|err| panic!("{err:#}"))
    };
    bash(once);

    // The user's own work, and an option switched on after the fact.
    let lib = project.join("src/lib.rs");
    const USERS_CODE: &str =
        "\n/// Twice `x`: the user's own code.\npub fn twice(x: i64) -> i64 {\n    2 * x\n}\n";
    let mut code = std::fs::read_to_string(&lib).unwrap();
    code.push_str(USERS_CODE);
    std::fs::write(&lib, code).unwrap();
    let answers_file = project.join(checks::ANSWERS_FILE);
    let text = std::fs::read_to_string(&answers_file).unwrap();
    assert!(text.contains("numpy = false\n"), "{text}");
    std::fs::write(
        &answers_file,
        text.replace("numpy = false\n", "numpy = true\n"),
    )
    .unwrap();
    bash("git commit -qam 'My own function; numpy on'");

    // As written, with the newer template's repository as the URL (and
    // cargo-generate named by its path, which may not be on PATH).
    let command = "cargo generate --git <template repository URL> template";
    assert!(update.contains(command), "{update}");
    let local = format!(
        "'{}' generate --git '{}' template",
        tools().cargo_generate.display(),
        newer.display()
    );
    let output = bash(&update.replace(command, &local));

    let code = read(&project, "src/lib.rs");
    assert!(
        code.contains("pub fn twice(x: i64)"),
        "the user's code is gone:\n{code}"
    );
    assert!(
        code.contains("mod arrays;"),
        "numpy was not switched on:\n{code}"
    );
    assert!(read(&project, ".gitignore").contains("/coverage/"));
    assert_eq!(read(&project, "CHANGES.md"), "# Changes to update-demo\n");
    assert!(!project.join("benchmarks/compare.py").exists());
    let on = answers
        .clone()
        .options(&[Opt::CAbi, Opt::Serde, Opt::Numpy]);
    checks::options_match(&project, &on, "update_demo").unwrap_or_else(|err| panic!("{err:#}"));
    let status = bash("git status --porcelain && git worktree list");
    assert_eq!(
        status.stdout.lines().count(),
        1,
        "a clean tree and no extra work tree expected:\n{}\n{}",
        status.stdout,
        output.combined()
    );

    // Exactly what the newer template renders for the new answers, plus the
    // user's code.
    let (_generation, fresh) = generated(
        &Answers::named("update-demo")
            .from_git(&newer, Some("template"))
            .values_file(project.join(checks::ANSWERS_FILE)),
    );
    let mut merged = checks::snapshot(&project).unwrap();
    let lib = merged.get_mut("src/lib.rs").unwrap();
    assert!(lib.ends_with(USERS_CODE.as_bytes()));
    lib.truncate(lib.len() - USERS_CODE.len());
    let expected = checks::snapshot(&fresh).unwrap();
    checks::unchanged(&expected, &merged)
        .expect("the merge gives the newer template's project plus the user's code");
}
