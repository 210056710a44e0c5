//! The generated GitHub workflows: clean under actionlint and zizmor and
//! within the project's rules for every named case; CI runs exactly the nox
//! sessions the noxfile runs by default, and docs/development.md lists them; and the
//! checks bite on hand-made faults.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Result, ensure};
use template_selftest::generate::Answers;
use template_selftest::{cases, github, nox, repo_root};

use crate::{generated, read, tools};

/// Every check of the workflows and of the session lists, for one project:
/// the workflows run every check `nox` runs by default (and other sessions of
/// the noxfile); docs/development.md's first table names exactly those checks, and its
/// tables together every session.
fn check(project: &Path) -> Result<String> {
    let verdict = github::lint(tools(), project)?;
    github::policy(project)?;
    let sessions = nox::sessions(tools(), project)?;
    let checks = nox::default_sessions(&sessions);
    let all = nox::all_sessions(&sessions);
    let in_ci = github::sessions_in_workflows(project)?;
    ensure!(
        checks.is_subset(&in_ci) && in_ci.is_subset(&all),
        "the workflows run the sessions {in_ci:?}; the noxfile's checks are {checks:?}, its sessions {all:?}"
    );
    let tables = nox::sessions_in_docs(project)?;
    let listed: BTreeSet<String> = tables.iter().flatten().cloned().collect();
    ensure!(
        tables.first() == Some(&checks) && listed == all,
        "docs/development.md lists the sessions {tables:?}; the noxfile's checks are {checks:?}, its sessions {all:?}"
    );
    Ok(verdict)
}

/// Every named case, generated once for all three: its workflows are clean
/// and run the checks, run on the platform as `facts/github.toml` records it
/// (`platform.rs`), and its pull request is cheap.
#[test]
fn every_named_case_has_clean_workflows_on_the_platform_and_a_cheap_pull_request() {
    for case in cases::named().unwrap() {
        let (_generation, project) = generated(&case.answers);
        check(&project).unwrap_or_else(|err| panic!("{}: {err:#}", case.label));
        crate::platform::check(&project).unwrap_or_else(|err| panic!("{}: {err:#}", case.label));
        pull_request_runs_few_jobs_and_tests_every_system(&case.label, &project);
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
    let err = github::lint(tools(), &project).expect_err("a bad language is caught");
    assert!(
        format!("{err:#}").contains("pre-commit rejects .pre-commit-config.yaml"),
        "{err:#}"
    );
}

/// The template repository's own CI passes the same linters.
#[test]
fn the_template_repository_workflow_is_clean() {
    github::lint_files(tools(), &repo_root(), &["selftest.yml"])
        .unwrap_or_else(|err| panic!("{err:#}"));
}

/// The workflow checks bite: each hand-made fault in a generated workflow
/// is reported, by the check that should catch it.
#[test]
fn a_broken_workflow_is_caught() {
    use template_selftest::platform;
    let (_generation, project) = generated(&Answers::named("wf-broken"));
    let checkout = &platform::facts().actions["actions/checkout"];
    let checkout_pin = format!("{} # {}", checkout.commit.as_deref().unwrap(), checkout.tag);
    let checkout_major = checkout.tag.split('.').next().unwrap();
    let ci = ".github/workflows/ci.yml";
    let wheels = ".github/workflows/wheels.yml";
    let faults: &[(&str, &str, &str, &str, &str)] = &[
        (
            "an action pinned to a tag",
            ci,
            &checkout_pin,
            checkout_major,
            "unpinned-uses",
        ),
        (
            "a misspelt matrix key",
            ci,
            "${{ matrix.python }}",
            "${{ matrix.pyhton }}",
            "pyhton",
        ),
        (
            "an expression in a script",
            ci,
            "run: uvx nox -s rust-lint",
            "run: echo ${{ github.head_ref }} && uvx nox -s rust-lint",
            "untrusted",
        ),
        (
            "a check CI no longer runs",
            ci,
            "uvx nox -s lint types",
            "uvx nox -s lint",
            "the workflows run the sessions",
        ),
        (
            "release builds with a cache",
            wheels,
            "sccache: ${{ env.SCCACHE }}",
            "sccache: true",
            "sets its own sccache",
        ),
        (
            "a called workflow in its caller's concurrency group",
            wheels,
            "group: wheels-${{",
            "group: ${{ github.workflow }}-${{",
            "a deadlock",
        ),
        (
            "a call of a workflow that does not exist",
            ".github/workflows/release.yml",
            "uses: $/.github/workflows/wheels.yml",
            "uses: $/.github/workflows/wheel.yml",
            "which does not exist",
        ),
        (
            "a job with default permissions",
            wheels,
            "    permissions:\n      contents: read\n",
            "",
            "does not state its permissions",
        ),
    ];
    crate::assert_faults_caught(&project, faults, check);
    check(&project).expect("the restored workflows pass");
}

/// A pull request that changes code runs at most 12 jobs, and still builds
/// and tests on Linux, macOS and Windows; `main`, the weekly run and a
/// release run more (the full matrix, the wheels).
fn pull_request_runs_few_jobs_and_tests_every_system(label: &str, project: &Path) {
    use template_selftest::platform;
    use template_selftest::workflow::{self, Event};
    let pull_request = Event::PullRequest(vec!["src/lib.rs".to_owned()]);
    let all = workflow::load_all(project).unwrap();
    let counts = workflow::job_counts(&all, &pull_request).unwrap();
    let total: usize = counts.values().sum();
    assert!(
        total <= 12,
        "{label}: a pull request runs {total} jobs: {counts:?}"
    );
    let mut systems = BTreeSet::new();
    for job in all["ci.yml"].jobs(&pull_request, &all).unwrap() {
        if job.id == "test" {
            for runner in job.labels(&pull_request).unwrap() {
                systems.insert(platform::facts().runners[&runner].os.clone());
            }
        }
    }
    assert_eq!(
        systems.into_iter().collect::<Vec<_>>(),
        ["linux", "macos", "windows"],
        "{label}: the pull request's tests"
    );
    let main = workflow::job_counts(&all, &Event::PushToMain).unwrap();
    assert!(
        main.values().sum::<usize>() > total,
        "{label}: main runs no more than a pull request"
    );
}

/// `docs/ci.md` shows the jobs each event starts, for the defaults and with
/// every option on, as the rendered workflows give them
/// (`SNAPSHOTS=overwrite` rewrites the table).
#[test]
fn docs_show_the_job_counts_of_the_rendered_workflows() {
    use template_selftest::{snapshots, workflow};
    let columns: Vec<Vec<(usize, String)>> = ["defaults", "all-on"]
        .iter()
        .map(|label| {
            let case = cases::case(label).unwrap();
            let (_generation, project) = generated(&case.answers);
            workflow::count_rows(&project).unwrap()
        })
        .collect();
    let mut table =
        String::from("| what starts the run | the defaults | every option on |\n|---|---|---|\n");
    for (row, (_, words)) in workflow::counted_events().iter().enumerate() {
        let cell = |column: &Vec<(usize, String)>| {
            let (total, parts) = &column[row];
            if parts.is_empty() {
                "0".to_owned()
            } else {
                format!("{total} ({parts})")
            }
        };
        table += &format!(
            "| {words} | {} | {} |\n",
            cell(&columns[0]),
            cell(&columns[1])
        );
    }
    snapshots::check_marked(&repo_root().join("docs/ci.md"), "job counts", &table)
        .unwrap_or_else(|err| panic!("{err:#}"));
}

/// Every session of a project with every option on is run by some sample:
/// those the samples run only on request are asked for by a named case.
#[test]
fn every_session_is_run_by_a_sample() {
    use template_selftest::pipeline::sessions;
    let case = cases::case("all-on").unwrap();
    let (_generation, project) = generated(&case.answers);
    let listed = sessions::listed(tools(), &project).unwrap();
    assert!(listed.len() >= 10, "{listed:?}");
    let requested: Vec<String> = cases::named()
        .unwrap()
        .into_iter()
        .filter(|case| case.sample)
        .flat_map(|case| case.sessions)
        .collect();
    sessions::check_requested(&listed, &requested).unwrap_or_else(|err| panic!("{err:#}"));
    // The check bites: with no case asking, `coverage` is not run.
    assert!(sessions::check_requested(&listed, &[]).is_err());
}
