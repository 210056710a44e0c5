//! The hooks' Rhai modules do what their comments say. `hooks/python.rhai`
//! is the one definition of the Python versions; these tests pin what it
//! derives from them, for today's definition.

use template_selftest::template::{self, RhaiModule};
use template_selftest::{cmd::Cmd, repo_root};

use crate::tools;

fn python() -> RhaiModule {
    RhaiModule::load("python").unwrap_or_else(|err| panic!("{err:#}"))
}

#[test]
fn the_supported_versions_are_read_from_the_hook() {
    let pythons = template::pythons();
    assert!(pythons.oldest_minor < pythons.newest_minor);
    assert!(pythons.minors().contains(&pythons.default_minor));
    assert!(pythons.minors().contains(&pythons.free_threaded_from_minor));
}

#[test]
fn min_python_answers_are_parsed_strictly() {
    let python = python();
    let parse = |text: &str| python.int("parse_min", (text.to_owned(),)).unwrap();
    assert_eq!(parse(""), 11);
    assert_eq!(parse(" 3.12 "), 12);
    assert_eq!(parse("3.10"), 10);
    assert_eq!(parse("3.15"), 15);
    for bad in [
        "3.9", "3.16", "3", "3.", "3.x", "2.7", "3.012", "3.1 0", "three",
    ] {
        assert_eq!(parse(bad), -1, "{bad:?}");
    }
}

#[test]
fn the_matrices_follow_the_answers() {
    let python = python();
    let list = |function: &str, min: i64, abi3: bool, free: bool, numpy: bool| {
        if function == "test_pythons" {
            python.strings(function, (min, abi3, free, numpy)).unwrap()
        } else {
            python.strings(function, (min, abi3, free)).unwrap()
        }
    };
    assert_eq!(
        list("test_pythons", 11, false, false, false),
        ["3.11", "3.12", "3.13", "3.14", "3.15", "pypy3.11"]
    );
    assert_eq!(
        list("test_pythons", 10, true, true, false),
        [
            "3.10", "3.11", "3.12", "3.13", "3.14", "3.15", "3.14t", "3.15t"
        ]
    );
    assert_eq!(
        list("test_pythons", 13, false, false, true),
        ["3.13", "3.14", "3.15"]
    );
    assert_eq!(
        list("wheel_pythons", 12, false, false, false),
        ["3.12", "3.13", "3.14", "3.15"]
    );
    assert_eq!(
        list("wheel_pythons", 10, true, true, false),
        ["3.10", "3.14t", "3.15"]
    );
    assert_eq!(list("wheel_pythons", 15, true, true, false), ["3.15"]);
    assert_eq!(
        list("windows_arm_pythons", 10, true, true, false),
        ["3.11", "3.14t", "3.15"]
    );
    assert_eq!(
        list("windows_arm_pythons", 10, false, false, false),
        ["3.11", "3.12", "3.13", "3.14", "3.15"]
    );
    let described = python
        .string("described", (11_i64, false, true, false))
        .unwrap();
    assert_eq!(
        described,
        "3.11 to 3.15, free-threaded 3.14t and 3.15t, and PyPy 3.11"
    );
    let described = python
        .string("described", (12_i64, false, false, false))
        .unwrap();
    assert_eq!(described, "3.12 to 3.15 and PyPy 3.11");
    let described = python
        .string("described", (15_i64, true, false, false))
        .unwrap();
    assert_eq!(described, "3.15");
}

/// The pull-request matrix tests every Python on the first system and the
/// oldest and the newest elsewhere; the full one, every Python everywhere.
#[test]
fn the_test_matrices_are_json_of_the_tested_pythons() {
    let python = python();
    let systems: rhai::Array = ["linux", "mac"].iter().map(|&s| s.into()).collect();
    let pull_request = python
        .string(
            "test_matrix_pull_request",
            (systems.clone(), 12_i64, false, true, false),
        )
        .unwrap();
    assert_eq!(
        pull_request,
        r#"{"include": [{"os": "linux", "python": "3.12 3.13 3.14 3.15 3.14t 3.15t pypy3.11"}, {"os": "mac", "python": "3.12 3.15"}]}"#
    );
    let only = python
        .string(
            "test_matrix_pull_request",
            (systems.clone(), 15_i64, true, false, false),
        )
        .unwrap();
    assert_eq!(
        only,
        r#"{"include": [{"os": "linux", "python": "3.15"}, {"os": "mac", "python": "3.15"}]}"#
    );
    let full = python
        .string("test_matrix_full", (systems, 14_i64, false, false, true))
        .unwrap();
    assert_eq!(
        full,
        r#"{"os": ["linux", "mac"], "python": ["3.14", "3.15"]}"#
    );
    assert_eq!(python.int("next_minor", ()).unwrap(), 16);
}

/// On macOS, setup-python puts the last version it installs first on PATH,
/// and a free-threaded build's `python3.X` is its `python3.Xt`: when a
/// free-threaded build came last, `--interpreter python3.14` would find it,
/// and no wheel for 3.14 with the GIL would be built. The builds with the GIL
/// must come after every free-threaded one.
#[test]
fn macos_installs_the_free_threaded_builds_first() {
    let python = python();
    for (min, abi3) in [(10_i64, false), (10, true), (14, false), (15, true)] {
        let setup = python
            .strings("macos_setup_pythons", (min, abi3, true))
            .unwrap();
        let wheels = python.strings("wheel_pythons", (min, abi3, true)).unwrap();
        assert!(
            gil_builds_come_last(&setup),
            "min 3.{min}, abi3 {abi3}: {setup:?}"
        );
        for wheel in &wheels {
            assert!(
                setup.contains(wheel),
                "{wheel} is built but not installed: {setup:?}"
            );
        }
    }
    // The old order, every wheel Python in wheel order, fails the check.
    let old = python
        .strings("wheel_pythons", (11_i64, false, true))
        .unwrap();
    assert!(!gil_builds_come_last(&old), "{old:?}");
}

fn gil_builds_come_last(setup: &[String]) -> bool {
    let first_gil = setup.iter().position(|v| !v.ends_with('t'));
    let last_free = setup.iter().rposition(|v| v.ends_with('t'));
    match (first_gil, last_free) {
        (Some(gil), Some(free)) => free < gil,
        _ => true,
    }
}

/// The template's release, as projects record it, is described in the
/// CHANGELOG.
#[test]
fn the_release_is_in_the_changelog() {
    let version = template::version().unwrap();
    assert!(version.starts_with('v'), "{version}");
    let changelog = std::fs::read_to_string(repo_root().join("CHANGELOG.md")).unwrap();
    // `## v1.2.3 (2026-11-25)`: the release, with its date (not "unreleased").
    let heading = format!("## {version} (");
    let date = changelog
        .lines()
        .find_map(|line| line.strip_prefix(&heading))
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("CHANGELOG.md has no heading for {version}"));
    let digits: Vec<&str> = date.split('-').collect();
    assert!(
        matches!(digits.as_slice(), [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2)
            && digits
                .iter()
                .all(|part| part.bytes().all(|b| b.is_ascii_digit())),
        "CHANGELOG.md: {version} is not dated as released: ({date})"
    );
}

/// The hooks' list of standard-library modules covers every interpreter here
/// (the samples check the newest ones, in their chroot).
#[test]
fn the_stdlib_list_covers_every_python_found() {
    let mut checked = 0;
    for python in &tools().pythons {
        let output = Cmd::new(&python.path)
            .args([
                "-c",
                "import sys; print('\\n'.join(getattr(sys, 'stdlib_module_names', ())))",
            ])
            .run()
            .unwrap();
        let missing = template::missing_stdlib_names(&output.stdout).unwrap();
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

/// `hooks/declared.rhai` holds exactly the names a render with every option
/// on declares and uses (`SNAPSHOTS=overwrite` rewrites it): a dependency
/// added to the template is refused as a name with no list to edit by hand.
#[test]
fn the_hooks_know_every_declared_name() {
    use template_selftest::{cases, declared, snapshots};
    let case = cases::case("all-on").unwrap();
    let (_generation, project) = crate::generated(&case.answers);
    let names = declared::read(&project).unwrap();
    for (kind, wanted) in [
        (&names.crates, "pyo3"),
        (&names.distributions, "maturin"),
        (&names.modules, "noxfile"),
    ] {
        assert!(kind.contains(wanted), "{wanted} is not among {kind:?}");
    }
    let text = declared::rhai(&names);
    if declared::committed().ok().as_deref() != Some(text.as_str()) {
        if snapshots::overwriting() {
            snapshots::rewrite(&repo_root().join(declared::RHAI_FILE), &text).unwrap();
        } else {
            panic!(
                "{} does not hold the names the template declares; rewrite it with {}=overwrite:\n{text}",
                declared::RHAI_FILE,
                snapshots::ACTION_ENV
            );
        }
    }
}

/// The wheel plan (`wheel_plan` in hooks/python.rhai) is what the workflows
/// build: for each combination of `abi3` and `free_threaded` (and a
/// `min_python` of 3.15 with both), the interpreters of the rendered
/// `wheels.yml` are the plan's, and PyO3's features in `Cargo.toml` are
/// `pyo3_features`. `docs/options.md` shows the plan as a table
/// (`SNAPSHOTS=overwrite` rewrites it).
#[test]
fn the_wheel_plan_is_what_the_workflows_build() {
    use template_selftest::generate::Answers;
    use template_selftest::snapshots;
    let python = python();
    let pythons = template::pythons();
    let oldest = i64::from(pythons.default_minor);
    let newest = i64::from(pythons.newest_minor);
    let combinations: [(&str, i64, bool, bool); 5] = [
        ("neither", oldest, false, false),
        ("`abi3`", oldest, true, false),
        ("`free_threaded`", oldest, false, true),
        ("`abi3` and `free_threaded`", oldest, true, true),
        ("`abi3` and `free_threaded`", newest, true, true),
    ];
    let mut table = String::from(
        "| answers | `min_python` | built with | wheel tag | serves |\n|---|---|---|---|---|\n",
    );
    for (words, minor, abi3, free_threaded) in combinations {
        let plan = python
            .call("wheel_plan", (minor, abi3, free_threaded))
            .unwrap()
            .into_array()
            .unwrap();
        let answers = Answers::named("plan-demo")
            .define("min_python", &format!("3.{minor}"))
            .define("abi3", &abi3.to_string())
            .define("free_threaded", &free_threaded.to_string());
        let (_generation, project) = crate::generated(&answers);
        let wheels = crate::read(&project, ".github/workflows/wheels.yml");
        // The Linux job's maturin commands (the first job of the file), in
        // order: the abi3t wheel's must name it alone.
        let linux = &wheels[..wheels.find("\n  macos:").expect("a macOS job")];
        let commands: Vec<Vec<&str>> = linux
            .lines()
            .filter_map(|line| {
                line.trim()
                    .strip_prefix("args: --release --out dist --interpreter ")
            })
            .map(|interpreters| interpreters.split(' ').collect())
            .collect();
        let abi3t_python = format!("3.{}", pythons.abi3t_from_minor);
        let abi3t_alone = commands.iter().all(|command| {
            command.len() == 1
                || !command.contains(&abi3t_python.as_str())
                || !abi3
                || !free_threaded
        });
        assert!(
            abi3t_alone,
            "{words}: the abi3t wheel shares a command: {commands:?}"
        );
        let built: Vec<&str> = commands.into_iter().flatten().collect();
        let mut planned = Vec::new();
        for (index, wheel) in plan.iter().enumerate() {
            let wheel = wheel.read_lock::<rhai::Map>().unwrap();
            let field = |key: &str| wheel[key].clone().into_string().unwrap();
            planned.push(field("python"));
            table += &format!(
                "| {} | 3.{minor} | {} | `{}` | {} |\n",
                if index == 0 { words } else { "" },
                field("python"),
                field("tag"),
                field("serves")
            );
        }
        assert_eq!(built, planned, "{words}, min 3.{minor}");
        let features = python
            .strings("pyo3_features", (minor, abi3, free_threaded))
            .unwrap();
        let cargo = crate::read(&project, "Cargo.toml");
        for feature in &features {
            assert!(
                cargo.contains(&format!("\"{feature}\"")),
                "{words}: no {feature} in Cargo.toml"
            );
        }
        assert_eq!(cargo.contains("abi3"), abi3, "{words}");
    }
    snapshots::check_marked(&repo_root().join("docs/options.md"), "wheel plan", &table)
        .unwrap_or_else(|err| panic!("{err:#}"));
}
