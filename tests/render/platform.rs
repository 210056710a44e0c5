//! The workflows against the platform they run on, as `facts/github.toml`
//! records it: every runner label of every rendered workflow (and of this
//! repository's own) is supported today, every action and pre-commit hook
//! is pinned to the release recorded there, and the record itself is not
//! out of date. The faults it exists for are injected and must be caught.

use template_selftest::generate::Answers;
use template_selftest::platform::{self, FACTS_FILE};
use template_selftest::repo_root;

use crate::{generated, read};

/// Checks `dir` against the facts, printing the warnings. Every named case
/// is checked so by `workflows.rs`, which generates them once for all its
/// checks.
pub(crate) fn check(dir: &std::path::Path) -> anyhow::Result<()> {
    let findings = platform::check(dir, platform::facts(), &platform::today())?;
    for warning in findings.warnings {
        println!("warning: {warning}");
    }
    Ok(())
}

#[test]
fn the_template_repository_workflow_runs_on_supported_runners() {
    check(&repo_root()).unwrap_or_else(|err| panic!("{err:#}"));
}

/// A deprecated label whose retirement day has passed, or a fact without a
/// source, makes the record stale: refresh it (docs/ci.md).
#[test]
fn the_facts_are_not_out_of_date() {
    let stale = platform::stale(platform::facts(), &platform::today());
    assert!(
        stale.is_empty(),
        "{FACTS_FILE} is out of date:\n{}",
        stale.join("\n")
    );
}

/// The self-tests lint with the releases the projects' pre-commit hooks pin.
#[test]
fn the_self_tests_lint_with_the_hooks_releases() {
    let requirements = std::fs::read_to_string(repo_root().join("tests/requirements.txt")).unwrap();
    for (hook, package) in [
        ("https://github.com/astral-sh/ruff-pre-commit", "ruff"),
        ("https://github.com/crate-ci/typos", "typos"),
        ("https://github.com/zizmorcore/zizmor-pre-commit", "zizmor"),
    ] {
        let rev = &platform::facts().hooks[hook].tag;
        let pin = format!("{package}=={}", rev.trim_start_matches('v'));
        assert!(
            requirements.lines().any(|line| line == pin),
            "tests/requirements.txt does not pin {pin} ({FACTS_FILE}: {hook} at {rev})"
        );
    }
}

/// The check bites: a retired label, one nobody recorded, a deprecated one
/// past its date, an unknown action, a stale pin and a stale hook revision
/// are each reported with the workflow, the job and what to use instead.
#[test]
fn a_workflow_off_the_platform_is_caught() {
    let (_generation, project) = generated(&Answers::named("platform-broken"));
    let wheels = ".github/workflows/wheels.yml";
    let ci = ".github/workflows/ci.yml";
    let config = ".pre-commit-config.yaml";
    let checkout = &platform::facts().actions["actions/checkout"];
    let checkout_pin = format!(
        "actions/checkout@{} # {}",
        checkout.commit.as_deref().unwrap(),
        checkout.tag
    );
    let other_commit = checkout_pin.replace(checkout.commit.as_deref().unwrap(), &"0".repeat(40));
    let tag_pin = format!("actions/checkout@{}", checkout.tag);
    let faults: &[(&str, &str, &str, &str, &str)] = &[
        (
            "a retired runner",
            wheels,
            "runner: macos-15, target: aarch64",
            "runner: macos-14, target: aarch64",
            "wheels.yml: job \"macos\": runs-on macos-14: GitHub retired this runner on 2026-11-02",
        ),
        (
            "an unknown runner",
            ci,
            "runs-on: ubuntu-latest",
            "runs-on: ubuntu-18.04-large",
            "runs-on ubuntu-18.04-large: not a GitHub-hosted runner label",
        ),
        (
            "an unrecorded action",
            ci,
            &checkout_pin,
            "actions/chekout@0123456789012345678901234567890123456789 # v1.0.0",
            "uses actions/chekout, which facts/github.toml does not record",
        ),
        (
            "an action pinned to another commit",
            ci,
            &checkout_pin,
            &other_commit,
            "facts/github.toml records actions/checkout@",
        ),
        (
            "an action pinned to a tag",
            ci,
            &checkout_pin,
            &tag_pin,
            "facts/github.toml records actions/checkout@",
        ),
        (
            "a hook at another revision",
            config,
            "rev: v6.0.0",
            "rev: v5.0.0",
            "pre-commit-hooks at v5.0.0; facts/github.toml records v6.0.0",
        ),
    ];
    crate::assert_faults_caught(&project, faults, check);
    // A deprecated label warns with its date, and fails once it has passed.
    let original = read(&project, ci);
    std::fs::write(
        project.join(ci),
        original.replacen("runs-on: ubuntu-latest", "runs-on: ubuntu-22.04", 1),
    )
    .unwrap();
    let facts = platform::facts();
    let warned = platform::check(&project, facts, "2026-12-05").expect("a deprecated label passes");
    assert!(
        warned
            .warnings
            .iter()
            .any(|w| w.contains("retires on 2027-04-17")),
        "{:?}",
        warned.warnings
    );
    let late = platform::check(&project, facts, "2027-04-17").expect_err("past its date");
    assert!(format!("{late:#}").contains("has passed"), "{late:#}");
    std::fs::write(project.join(ci), original).unwrap();
    check(&project).expect("the restored project passes");
}
