//! Answers as properties (`tests/src/adversary.rs`): every answer is refused
//! with a message that names it, or renders a project whose parse-level and
//! lint gates pass. The fast tier runs the fixed cases of `tests/answers.toml`
//! and a few dozen generated ones; the samples tier runs hundreds.

use template_selftest::adversary::{self, Case};

use crate::tools;

/// Generated cases in the fast tier; the slow tier runs `SELFTEST_CASES`.
const FAST_CASES: u64 = 40;

fn assert_holds(cases: &[Case], what: &str) {
    let tally = adversary::run(tools(), cases, 0).unwrap_or_else(|err| panic!("{err:#}"));
    println!("{what}: {tally}");
    assert!(
        tally.broken.is_empty(),
        "{what}: {tally}\n{}",
        adversary::report(&tally)
    );
}

#[test]
fn the_fixed_answers_keep_the_property() {
    let cases = adversary::fixed_cases().unwrap_or_else(|err| panic!("{err:#}"));
    assert!(cases.len() >= 20, "{} fixed cases", cases.len());
    assert_holds(&cases, "tests/answers.toml");
}

#[test]
fn generated_answers_keep_the_property() {
    let seed = adversary::seed();
    let cases = adversary::generate_cases(seed, FAST_CASES);
    assert_holds(
        &cases,
        &format!("{FAST_CASES} generated cases, seed {seed}"),
    );
}
