//! Generates each sample project and runs its whole pipeline (see
//! `template_selftest::pipeline`): its own nox sessions, the example program,
//! the release wheel and sdist, tests of the wheel in fresh virtualenvs and a
//! developer setup.
//!
//! The samples are the named cases of `tests/cases/` and the mixed ones
//! computed from the template's options (`template_selftest::cases`). They
//! run one after another: they share one cargo target folder, and each build
//! already keeps every core busy. List them, or run one by name:
//!
//! ```sh
//! cargo test --manifest-path tests/Cargo.toml --test samples -- --list
//! cargo test --manifest-path tests/Cargo.toml --test samples -- unusual-names
//! ```

use anyhow::ensure;
use libtest_mimic::{Arguments, Trial};
use template_selftest::adversary;
use template_selftest::cases;
use template_selftest::floors;
use template_selftest::pipeline;
use template_selftest::template;
use template_selftest::tools::Tools;

fn main() {
    let mut args = Arguments::from_args();
    args.test_threads.get_or_insert(1);
    let samples = cases::samples().unwrap_or_else(|err| panic!("{err:#}"));
    let mut trials: Vec<Trial> = samples
        .into_iter()
        .map(|case| {
            trial(case.label.clone(), move |tools| {
                pipeline::run(tools, &case)?;
                Ok(())
            })
        })
        .collect();
    // Adversarial answers: hundreds of generated cases keep the property, a
    // sample of them through cargo check and rustdoc too.
    trials.push(trial("answers: generated adversarial cases", |tools| {
        let count: u64 = std::env::var("SELFTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(300);
        let seed = adversary::seed();
        let cases = adversary::generate_cases(seed, count);
        let tally = adversary::run(tools, &cases, 20)?;
        println!("answers, seed {seed}: {tally}");
        ensure!(
            tally.broken.is_empty(),
            "seed {seed}: {tally}\n{}",
            adversary::report(&tally)
        );
        Ok(())
    }));
    // Every lower bound the projects declare, built and tested with.
    for label in floors::CASES {
        trials.push(trial(format!("floors: {label}"), move |tools| {
            floors::run(tools, label)
        }));
    }
    // The self-tests themselves compile and are clippy-clean for the other
    // platforms CI runs them on.
    trials.push(trial(
        "self-tests: clippy for Windows and macOS",
        pipeline::self_tests_cross_clippy,
    ));
    // The hooks refuse standard-library names as import names: their list
    // covers the newest releases too.
    trials.push(trial(
        "newest CPython: the hooks' standard-library list",
        |tools| {
            let chroot = match tools.chroot() {
                Ok(chroot) => chroot,
                Err(reason) => {
                    println!("the newest CPython releases: not checked here ({reason})");
                    return Ok(());
                }
            };
            for (minor, version) in &chroot.pythons {
                let listing = chroot.stdlib_names(*minor)?;
                let missing = template::missing_stdlib_names(&listing)?;
                ensure!(
                    missing.is_empty(),
                    "CPython {version}: names.rhai lacks {missing:?}"
                );
                println!("CPython {version}: every standard-library name is refused");
            }
            Ok(())
        },
    ));
    libtest_mimic::run(&args, trials).exit();
}

/// A trial that runs `body` with the tools (set up on first use); an error
/// fails it with its whole chain.
fn trial(
    name: impl Into<String>,
    body: impl FnOnce(&'static Tools) -> anyhow::Result<()> + Send + 'static,
) -> Trial {
    Trial::test(name, move || {
        let tools = Tools::get(env!("CARGO_TARGET_TMPDIR")).map_err(|e| format!("{e:#}"))?;
        body(tools).map_err(|e| format!("{e:#}").into())
    })
}
