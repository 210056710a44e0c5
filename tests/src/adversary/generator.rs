//! The generator: seeded, reproducible adversarial answers drawn from pools
//! of names, Unicode classes, markup and hostile characters.

use super::{Case, Rng};

// The pools the answers are drawn from (kept compact: one pool, one block).
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "fast", "sensor", "logs", "parser", "bindings", "core", "data", "tool", "engine", "geo",
    "sparse", "matrix", "fft", "hash", "json", "ring", "queue", "audio", "image", "graph",
];
#[rustfmt::skip]
const UNICODE_WORDS: &[&str] = &[
    "données", "Bibliothèque", "Быстрый", "разбор", "Ελληνικά", "数据", "処理", "🚀", "naïve",
    "Straße", "ﬁle", "µs", "½", "°C", "日本語", "한국어", "עברית", "العربية", "e\u{301}",
];
#[rustfmt::skip]
const TYPOGRAPHY: &[&str] = &["’", "“", "”", "–", "—", "…", "×", "«", "»", "•", "‘"];
#[rustfmt::skip]
const MARKUP: &[&str] = &[
    "<!--", "-->", "<b>", "</b>", "[Foo]", "Vec<u8>", "```", "`code`", "*emph*", "_x_", "# ",
    "> ", "- ", "1. ", "|", "&amp;", "&", "{", "}", "{{", "}}", "{%", "%}", "${{", "#", "'", "\\[",
    "https://example.com/a", "(see https://x.org).", "http://a.b/c?d=e&f=g", "www.example.com",
    "<https://x.y>", "::", "->", "<>", "a_b_c", "!", "@", "$HOME", "%s", "\u{a0}",
];
#[rustfmt::skip]
const HOSTILE: &[&str] = &[
    "\u{0}", "\u{7}", "\t", "\n", "\r", "\u{1b}", "\u{7f}", "\u{85}", "\u{9b}", "\u{2028}",
    "\u{2029}", "\u{202e}", "\u{2066}", "\u{200b}", "\u{200d}", "\u{feff}", "\u{ad}", "\"", "\\",
    "\u{fffe}",
];
#[rustfmt::skip]
const NAMES: &[&str] = &[
    "test", "std", "core", "pyo3", "serde", "numpy", "tokio", "anyhow", "thiserror", "toml",
    "serde-json", "serde-path-to-error", "pyo3-async-runtimes", "cbindgen", "pytest", "ruff",
    "mypy", "hypothesis", "maturin", "nox", "pytest-cov", "zensical", "mkdocstrings-python",
    "json", "os", "typing", "import", "class", "async", "match", "fn", "self", "1password",
    "café", "a", "ab", "_core", "noxfile", "conftest", "tests", "docs", "src", "benchmarks",
    "test-core", "sitecustomize", "My Tool", "MyTool", "my_tool", "--x", "x--y", "X", "Z9",
];
#[rustfmt::skip]
const MODULES: &[&str] = &[
    "__main__", "__init__", "_core", "noxfile", "sitecustomize", "usercustomize", "conftest",
    "test_core", "compare", "tests", "docs", "numpy", "pytest", "_pytest", "pytest_cov",
    "mypy", "ruff", "nox", "maturin", "hypothesis", "zensical", "typing", "json", "test", "std",
    "match", "class", "my.pkg", "my-pkg", "3d", "café", "___", "_private", "Mixed_Case",
    "pyo3_runtime", "typing_extensions", "pip", "uv", "a", "x1", "sensorhub", "my_bindings",
    "geo2", "fastlog", "hub_ctl", "Z", "tools", "template_update",
];
#[rustfmt::skip]
const OPTIONS: &[&str] = &[
    "c_abi", "serde", "numpy", "asyncio", "abi3", "free_threaded", "docs", "crates_io",
    "template_updates",
];
#[rustfmt::skip]
const MIN_PYTHONS: &[&str] = &[
    "3.10", "3.11", "3.12", "3.13", "3.14", "3.15", "3.1", "3.9", "3.16", " 3.12 ", "3", "three",
    "3.012", "", "3.10.2", "v3.11",
];
#[rustfmt::skip]
const LICENSES: &[&str] = &["MIT", "Apache-2.0", "BSD-3-Clause", "MIT OR Apache-2.0", "GPL-3.0", "mit"];
#[rustfmt::skip]
const BOOLS: &[&str] = &["true", "false", "TRUE", "yes", "1", ""];
#[rustfmt::skip]
const KEYS: &[&str] = &[
    "Numpy", "NUMPY", "nmupy", "numpyy", "c-abi", "free-threaded", "python-module", "Python_Module",
    "asynco", "colour", "min-python", "dsecription",
];

fn text(rng: &mut Rng, hostile: bool) -> String {
    let mut out = String::new();
    for i in 0..1 + rng.below(8) {
        if i > 0 && rng.chance(80) {
            out.push(' ');
        }
        let piece = match rng.below(100) {
            0..=44 => rng.pick(WORDS),
            45..=59 => rng.pick(UNICODE_WORDS),
            60..=71 => rng.pick(TYPOGRAPHY),
            72..=91 => rng.pick(MARKUP),
            _ if hostile => rng.pick(HOSTILE),
            _ => rng.pick(WORDS),
        };
        out.push_str(piece);
    }
    if rng.chance(3) {
        // Around the length limit.
        let target = 195 + rng.below(12);
        while out.chars().count() < target {
            out.push_str(" fast");
        }
        out = out.chars().take(target).collect();
    }
    out
}

/// The `index`-th case of the run seeded `seed`.
pub fn generate_case(seed: u64, index: u64) -> Case {
    let mut rng = Rng::new(seed ^ index.wrapping_mul(0xA076_1D64_78BD_642F));
    let name = if rng.chance(88) {
        let mut name = rng.pick(WORDS).to_owned();
        for _ in 0..rng.below(3) {
            name.push(if rng.chance(70) { '-' } else { '_' });
            name.push_str(rng.pick(WORDS));
        }
        name
    } else {
        rng.pick(NAMES).to_owned()
    };
    let mut defines = Vec::new();
    let mut define = |key: &str, value: String| defines.push((key.to_owned(), value));
    if rng.chance(15) {
        define("python_module", rng.pick(MODULES).to_owned());
    }
    if rng.chance(80) {
        let hostile = rng.chance(12);
        define("description", text(&mut rng, hostile));
    }
    if rng.chance(30) {
        // Mostly the supported versions, now and then a wrong one.
        let value = if rng.chance(75) {
            format!("3.{}", 10 + rng.below(6))
        } else {
            rng.pick(MIN_PYTHONS).to_owned()
        };
        define("min_python", value);
    }
    if rng.chance(8) {
        define("license", rng.pick(LICENSES).to_owned());
    }
    if rng.chance(8) {
        define(
            "year",
            rng.pick(&["2026", "1999", "26", "20x6", " 2027 ", "2026-01"])
                .to_owned(),
        );
    }
    for option in OPTIONS {
        if rng.chance(50) {
            let value = if rng.chance(1) {
                rng.pick(BOOLS)
            } else {
                rng.pick(&["true", "false"])
            };
            define(option, value.to_owned());
        }
    }
    if rng.chance(4) {
        define(rng.pick(KEYS), "true".to_owned());
    }
    if rng.chance(3) {
        define("project-name", rng.pick(NAMES).to_owned());
    }
    if rng.chance(3) {
        let key = rng.pick(&["template_source", "template_version"]);
        define(key, text(&mut rng, true));
    }
    let author_name = if rng.chance(75) {
        "Selftest Author".to_owned()
    } else {
        let hostile = rng.chance(15);
        text(&mut rng, hostile)
    };
    let author_email = rng
        .pick(&[
            "selftest@example.com",
            "",
            "not an email",
            "a@b",
            "x@@y.z",
            "<a@b.c>",
            "a\"b@c.d",
            "ü@example.com",
            "a,b@c.d",
        ])
        .to_owned();
    if !defines.iter().any(|(k, _)| k == "year") {
        defines.push(("year".to_owned(), crate::generate::YEAR.to_owned()));
    }
    Case {
        name,
        defines,
        author: (author_name, author_email),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn a_seed_gives_the_same_cases() {
        let a: Vec<Case> = (0..50).map(|i| generate_case(7, i)).collect();
        let b: Vec<Case> = (0..50).map(|i| generate_case(7, i)).collect();
        assert_eq!(a, b);
        let c: Vec<Case> = (0..50).map(|i| generate_case(8, i)).collect();
        assert_ne!(a, c);
    }

    #[test]
    fn the_cases_reach_every_class() {
        let cases: Vec<Case> = (0..400).map(|i| generate_case(1, i)).collect();
        let values = |key: &str| -> Vec<String> {
            cases
                .iter()
                .flat_map(|case| {
                    case.defines
                        .iter()
                        .filter(|(k, _)| k == key)
                        .map(|(_, v)| v.clone())
                })
                .collect()
        };
        let descriptions = values("description");
        assert!(
            descriptions
                .iter()
                .any(|d| d.chars().any(|c| (c as u32) < 0x20))
        );
        assert!(descriptions.iter().any(|d| d.contains('<')));
        assert!(descriptions.iter().any(|d| d.chars().count() > 200));
        assert!(descriptions.iter().any(|d| d.contains('’')));
        assert!(!values("python_module").is_empty());
        assert!(
            cases
                .iter()
                .any(|case| case.defines.iter().any(|(k, _)| KEYS.contains(&k.as_str())))
        );
    }

    #[test]
    fn a_case_round_trips_through_toml() {
        let case = generate_case(3, 3);
        let text = case.to_toml("why");
        let table: toml::Table = text.parse().unwrap();
        assert_eq!(table["case"][0]["name"].as_str(), Some(case.name.as_str()));
    }
}
