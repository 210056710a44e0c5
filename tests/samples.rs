//! Generates each sample project and runs its whole pipeline: lints, Rust
//! tests, the example program, a release wheel installed into a fresh
//! virtualenv, pytest, stub checks and the developer workflows.
//!
//! Samples run one after another (they share one cargo target folder and
//! each build uses every core). Run one by name:
//! `cargo test --manifest-path tests/Cargo.toml --test samples -- defaults`.

use anyhow::{Result, ensure};
use libtest_mimic::{Arguments, Trial};
use template_selftest::generate::{Answers, Opt};
use template_selftest::pipeline::{self, Project, Sample, Workflow};
use template_selftest::tools::Tools;

/// The samples: the defaults, every option off, every option on, and four
/// more that together with those two cover every pair of options in all four
/// on/off combinations. Each of the six options gets a two-bit code with
/// exactly two ones (c_abi 1010, serde 1100, numpy 1001, asyncio 0110, abi3
/// 0101, free_threaded 0011); sample N turns on the options whose code has
/// bit N set, so for any two options some sample has the first on and the
/// second off, and another the reverse.
fn samples() -> Vec<Sample> {
    use Opt::{Abi3, Asyncio, CAbi, FreeThreaded, Numpy, Serde};
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
                .define("min_python", "3.12")
                .options(&[Serde, CAbi, Numpy]),
            workflows: vec![Workflow::PipEditable],
            expect: expect_unusual_names,
        },
        Sample {
            label: "all-off",
            answers: Answers::named("plain-core")
                .define("min_python", "3.13")
                .options(&[]),
            workflows: vec![],
            expect: |_| Ok(()),
        },
        Sample {
            label: "all-on",
            answers: Answers::named("everything")
                .define("min_python", "3.9")
                .options(&Opt::ALL),
            workflows: vec![Workflow::Uv],
            expect: |_| Ok(()),
        },
        Sample {
            label: "serde-asyncio-abi3",
            answers: Answers::named("async-settings")
                .define("min_python", "3.10")
                .options(&[Serde, Asyncio, Abi3]),
            workflows: vec![],
            expect: |_| Ok(()),
        },
        Sample {
            label: "c_abi-asyncio-free_threaded",
            answers: Answers::named("threads-ffi").options(&[CAbi, Asyncio, FreeThreaded]),
            workflows: vec![],
            expect: |_| Ok(()),
        },
        Sample {
            label: "numpy-abi3-free_threaded",
            answers: Answers::named("array-kernels")
                .define("min_python", "3.12")
                .options(&[Numpy, Abi3, FreeThreaded]),
            workflows: vec![],
            expect: |_| Ok(()),
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
            .read_file("src/python/counter.rs")?
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
