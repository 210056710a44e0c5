//! Answers as properties: a seeded generator of adversarial answers (names,
//! import names, descriptions, authors, versions, option mixes: Unicode
//! classes, control characters, markup, length limits, collisions with what
//! the project uses), the property every answer must keep, and a shrinker
//! that reduces a counterexample to its essence.
//!
//! The property: cargo-generate either refuses the answers with a message that
//! names the answer at fault and leaves at most the empty folder it made, or
//! renders a project whose parse-level and lint gates pass: every TOML and
//! YAML file parses, `pyproject.toml` validates, ruff (check and format) and
//! rustfmt are clean, no template syntax is left; for a sample of them also
//! `cargo check` and rustdoc with warnings as errors.

use std::path::Path;

use anyhow::{Context, Result};

use crate::generate::Answers;

mod generator;
mod property;

pub use generator::generate_case;
pub use property::{Outcome, Tally, compile_gates, gates, judge, render, report, run, shrink};

/// The seed of a run unless `SELFTEST_SEED` gives another.
pub const DEFAULT_SEED: u64 = 20_261_205;

/// The seed of this run: `SELFTEST_SEED`, or [`DEFAULT_SEED`].
pub fn seed() -> u64 {
    std::env::var("SELFTEST_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or(DEFAULT_SEED)
}

/// The first `count` cases of the run seeded `seed`.
pub fn generate_cases(seed: u64, count: u64) -> Vec<Case> {
    (0..count).map(|i| generate_case(seed, i)).collect()
}

/// A small, fast, seedable generator (SplitMix64): the same seed gives the
/// same cases on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator that starts from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n as u64)).unwrap_or(0)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// One set of answers: `--name`, the `-d` answers, and the author (through
/// cargo-generate's `CARGO_NAME` and `CARGO_EMAIL`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Case {
    /// `--name`.
    pub name: String,
    /// `-d key=value`, in order.
    pub defines: Vec<(String, String)>,
    /// `CARGO_NAME` and `CARGO_EMAIL`.
    pub author: (String, String),
}

impl Case {
    /// The answers to generate with. A value with a NUL cannot be an
    /// argument: it goes into a values file in `scratch` (as TOML escapes it);
    /// neither can an environment variable hold one, so the author's is dropped.
    pub fn answers(&self, scratch: &Path) -> Result<Answers> {
        let drop_nul = |text: &str| text.replace('\0', "");
        let mut answers = Answers::named(&self.name)
            .env("CARGO_NAME", &drop_nul(&self.author.0))
            .env("CARGO_EMAIL", &drop_nul(&self.author.1));
        let mut values = toml::Table::new();
        for (key, value) in &self.defines {
            if value.contains('\0') {
                values.insert(key.clone(), value.clone().into());
            } else {
                answers = answers.define(key, value);
            }
        }
        if !values.is_empty() {
            let file = scratch.join("values.toml");
            let mut doc = toml::Table::new();
            doc.insert("values".into(), values.into());
            std::fs::write(&file, toml::to_string(&doc)?)?;
            answers = answers.values_file(file);
        }
        Ok(answers)
    }

    /// Whether an answer holds template syntax (`{{`, `{%`), which then shows
    /// in the files as the user wrote it.
    pub fn holds_liquid(&self) -> bool {
        let has = |text: &str| text.contains("{{") || text.contains("{%");
        has(&self.author.0) || self.defines.iter().any(|(_, value)| has(value))
    }

    /// The case as a line of Rust-like text, for reports and for
    /// `tests/answers.toml`.
    pub fn describe(&self) -> String {
        format!(
            "name = {:?}, defines = {:?}, author = {:?}",
            self.name, self.defines, self.author
        )
    }

    /// The case as a TOML table of `tests/answers.toml`.
    pub fn to_toml(&self, why: &str) -> String {
        let mut table = toml::Table::new();
        table.insert("why".into(), why.into());
        table.insert("name".into(), self.name.clone().into());
        let defines: toml::Table = self
            .defines
            .iter()
            .map(|(k, v)| (k.clone(), toml::Value::from(v.clone())))
            .collect();
        table.insert("defines".into(), defines.into());
        table.insert(
            "author".into(),
            toml::Value::Array(vec![
                self.author.0.clone().into(),
                self.author.1.clone().into(),
            ]),
        );
        let mut doc = toml::Table::new();
        doc.insert("case".into(), toml::Value::Array(vec![table.into()]));
        toml::to_string(&doc).unwrap_or_default()
    }
}

/// The cases of `tests/answers.toml`: shrunk counterexamples found
/// before, and the answers each rule exists for.
pub fn fixed_cases() -> Result<Vec<Case>> {
    let path = crate::repo_root().join("tests/answers.toml");
    let table: toml::Table = std::fs::read_to_string(&path)?.parse()?;
    let cases = table
        .get("case")
        .and_then(toml::Value::as_array)
        .context("tests/answers.toml has no [[case]]")?;
    cases
        .iter()
        .map(|case| {
            let text = |key: &str| {
                case.get(key)
                    .and_then(toml::Value::as_str)
                    .map(str::to_owned)
            };
            let author: Vec<String> = case
                .get("author")
                .and_then(toml::Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            Ok(Case {
                name: text("name").context("a case without a name")?,
                defines: case
                    .get("defines")
                    .and_then(toml::Value::as_table)
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                        )
                    })
                    .collect(),
                author: (
                    author.first().cloned().unwrap_or_default(),
                    author.get(1).cloned().unwrap_or_default(),
                ),
            })
        })
        .collect()
}

// --- the generator -------------------------------------------------------------
