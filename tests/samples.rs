//! Generates each sample project and runs its whole pipeline: lints, Rust
//! tests, the example program, a release wheel installed into a fresh
//! virtualenv, pytest, stub checks and the developer workflows.
//!
//! Samples run one after another (they share one cargo target folder and
//! each build uses every core). Run one by name:
//! `cargo test --manifest-path tests/Cargo.toml --test samples -- defaults`.

use anyhow::{Result, ensure};
use libtest_mimic::{Arguments, Trial};
use template_selftest::generate::Answers;
use template_selftest::pipeline::{self, Project, Sample, Workflow};
use template_selftest::tools::Tools;

fn samples() -> Vec<Sample> {
    vec![
        Sample {
            label: "defaults",
            answers: Answers {
                git: true,
                ..Answers::named("my-project")
            },
            workflows: vec![Workflow::Uv],
            expect: expect_defaults,
        },
        Sample {
            label: "unusual-names",
            answers: Answers::named("Acme_SensorHub-Bindings")
                .define("python_module", "hubctl")
                .define("description", "Talks to Acme's sensor hubs (v2 protocol)")
                .define("license", "BSD-3-Clause")
                .define("min_python", "3.12"),
            workflows: vec![Workflow::PipEditable],
            expect: expect_unusual_names,
        },
    ]
}

fn expect_defaults(project: &Project) -> Result<()> {
    ensure!(
        project.crate_name == "my_project",
        "crate {}",
        project.crate_name
    );
    ensure!(
        project.dist_name == "my-project",
        "distribution {}",
        project.dist_name
    );
    ensure!(
        project.python_module == "my_project",
        "module {}",
        project.python_module
    );
    ensure!(
        project.min_minor == 11,
        "requires-python >=3.{}",
        project.min_minor
    );
    ensure!(
        project.dir.join("LICENSE-MIT").is_file() && project.dir.join("LICENSE-APACHE").is_file()
    );
    Ok(())
}

fn expect_unusual_names(project: &Project) -> Result<()> {
    // cargo-generate turns the name into kebab-case; the crate is its snake_case.
    ensure!(
        project.dist_name == "acme-sensor-hub-bindings",
        "distribution {}",
        project.dist_name
    );
    ensure!(
        project.crate_name == "acme_sensor_hub_bindings",
        "crate {}",
        project.crate_name
    );
    ensure!(
        project.python_module == "hubctl",
        "module {}",
        project.python_module
    );
    ensure!(
        project.min_minor == 12,
        "requires-python >=3.{}",
        project.min_minor
    );
    ensure!(project.dir.join("python/hubctl/__init__.py").is_file());
    ensure!(!project.dir.join("python/acme_sensor_hub_bindings").exists());
    ensure!(
        project
            .read_file("LICENSE")?
            .starts_with("BSD 3-Clause License")
    );
    ensure!(!project.dir.join("LICENSE-MIT").exists());
    let description = "Talks to Acme's sensor hubs (v2 protocol)";
    for file in [
        "Cargo.toml",
        "pyproject.toml",
        "README.md",
        "python/hubctl/__init__.py",
    ] {
        ensure!(
            project.read_file(file)?.contains(description),
            "{file} lacks the description"
        );
    }
    // The import name is used wherever Python code names the package.
    ensure!(
        project
            .read_file("tests/test_core.py")?
            .contains("from hubctl import")
    );
    ensure!(
        project
            .read_file("src/python.rs")?
            .contains(r#"module = "hubctl""#)
    );
    Ok(())
}

fn main() {
    let mut args = Arguments::from_args();
    // One sample at a time: they share a cargo target folder, and each build
    // already keeps every core busy.
    args.test_threads.get_or_insert(1);
    let trials = samples()
        .into_iter()
        .map(|sample| {
            Trial::test(sample.label, move || {
                let tools =
                    Tools::get(env!("CARGO_TARGET_TMPDIR")).map_err(|e| format!("{e:#}"))?;
                pipeline::run(tools, &sample).map_err(|e| format!("{e:#}"))?;
                Ok(())
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
