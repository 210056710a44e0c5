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
            Trial::test(case.label.clone(), move || {
                let tools =
                    Tools::get(env!("CARGO_TARGET_TMPDIR")).map_err(|e| format!("{e:#}"))?;
                pipeline::run(tools, &case).map_err(|e| format!("{e:#}"))?;
                Ok(())
            })
        })
        .collect();
    // Adversarial answers: hundreds of generated cases keep the property, a
    // sample of them through cargo check and rustdoc too.
    trials.push(Trial::test("answers: generated adversarial cases", || {
        let tools = Tools::get(env!("CARGO_TARGET_TMPDIR")).map_err(|e| format!("{e:#}"))?;
        let count: u64 = std::env::var("SELFTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(300);
        let seed = adversary::seed();
        let cases = adversary::generate_cases(seed, count);
        let tally = adversary::run(tools, &cases, 20).map_err(|e| format!("{e:#}"))?;
        println!("answers, seed {seed}: {tally}");
        if tally.broken.is_empty() {
            Ok(())
        } else {
            Err(format!("seed {seed}: {tally}\n{}", adversary::report(&tally)).into())
        }
    }));
    // Every lower bound the projects declare, built and tested with.
    for label in floors::CASES {
        trials.push(Trial::test(format!("floors: {label}"), move || {
            let tools = Tools::get(env!("CARGO_TARGET_TMPDIR")).map_err(|e| format!("{e:#}"))?;
            floors::run(tools, label).map_err(|e| format!("{e:#}"))?;
            Ok(())
        }));
    }
    // The self-tests themselves compile and are clippy-clean for the other
    // platforms CI runs them on.
    trials.push(Trial::test(
        "self-tests: clippy for Windows and macOS",
        || {
            let tools = Tools::get(env!("CARGO_TARGET_TMPDIR")).map_err(|e| format!("{e:#}"))?;
            pipeline::self_tests_cross_clippy(tools).map_err(|e| format!("{e:#}"))?;
            Ok(())
        },
    ));
    // The hooks refuse standard-library names as import names: their list
    // covers the newest releases too.
    trials.push(Trial::test(
        "newest CPython: the hooks' standard-library list",
        || {
            let tools = Tools::get(env!("CARGO_TARGET_TMPDIR")).map_err(|e| format!("{e:#}"))?;
            let chroot = match tools.chroot() {
                Ok(chroot) => chroot,
                Err(reason) => {
                    println!("the newest CPython releases: not checked here ({reason})");
                    return Ok(());
                }
            };
            for (minor, version) in &chroot.pythons {
                let listing = chroot.stdlib_names(*minor).map_err(|e| format!("{e:#}"))?;
                let missing =
                    template::missing_stdlib_names(&listing).map_err(|e| format!("{e:#}"))?;
                if !missing.is_empty() {
                    return Err(format!("CPython {version}: names.rhai lacks {missing:?}").into());
                }
                println!("CPython {version}: every standard-library name is refused");
            }
            Ok(())
        },
    ));
    libtest_mimic::run(&args, trials).exit();
}
