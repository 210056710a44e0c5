//! The generated project's walkthroughs ("Add a function", "Add a class", in
//! [`PAGE`]), applied to the project exactly as written, so that the text
//! cannot drift from the code it describes.
//!
//! Each step of a walkthrough is an instruction followed by a code block:
//! "In `<file>`, before the line `<line>`:", "In `<file>`, after the line
//! `<line>`:" or "At the end of `<file>`:". The code goes there, separated
//! from its neighbours as the file's formatter wants (two blank lines between
//! top-level Python definitions, one elsewhere).

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result, bail, ensure};

/// The page of a generated project that holds the walkthroughs.
pub const PAGE: &str = "docs/development.md";

/// Where a step puts its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Before the line that reads (trimmed) like this.
    Before(String),
    /// After the line that reads (trimmed) like this.
    After(String),
    /// At the end of the file.
    End,
}

/// One step: code for a file, and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The file, relative to the project.
    pub file: String,
    /// Where in it.
    pub place: Place,
    /// The code, without the page's list indentation, ending in a newline.
    pub code: String,
}

/// The steps of the section under `heading` (a `## ` line) of a page.
pub fn steps(readme: &str, heading: &str) -> Result<Vec<Step>> {
    let start = readme
        .find(&format!("\n{heading}\n"))
        .with_context(|| format!("the page has no section {heading:?}"))?;
    let section = &readme[start + heading.len() + 2..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let mut steps = Vec::new();
    let mut prose = String::new();
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if !trimmed.starts_with("```") {
            prose.push(' ');
            prose.push_str(line.trim());
            continue;
        }
        let indent = line.len() - trimmed.len();
        let mut code = String::new();
        for line in lines.by_ref() {
            if line.trim() == "```" {
                break;
            }
            code.push_str(line.get(indent..).unwrap_or_else(|| line.trim_start()));
            code.push('\n');
        }
        let (file, place) =
            instruction(&prose).with_context(|| format!("no instruction before:\n{code}"))?;
        steps.push(Step { file, place, code });
        prose.clear();
    }
    ensure!(!steps.is_empty(), "the section {heading:?} has no steps");
    Ok(steps)
}

/// The last instruction in `prose`: the file and the place.
fn instruction(prose: &str) -> Option<(String, Place)> {
    let quoted = |text: &str, after: &str| -> Option<String> {
        let start = text.rfind(after)? + after.len();
        text[start..].split('`').next().map(str::to_owned)
    };
    let end = prose.rfind("At the end of `");
    let inside = prose.rfind("In `");
    if end > inside {
        return Some((quoted(prose, "At the end of `")?, Place::End));
    }
    let text = &prose[inside?..];
    let file = quoted(text, "In `")?;
    if text.contains(", before the line `") {
        Some((file, Place::Before(quoted(text, ", before the line `")?)))
    } else {
        Some((file, Place::After(quoted(text, ", after the line `")?)))
    }
}

/// Applies `steps` to the project at `dir`; returns the files they changed.
pub fn apply(dir: &Path, steps: &[Step]) -> Result<BTreeSet<String>> {
    let mut touched = BTreeSet::new();
    for step in steps {
        let path = dir.join(&step.file);
        let text =
            std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", step.file))?;
        let gap = if step.file.ends_with(".py") {
            "\n\n"
        } else {
            "\n"
        };
        let changed = match &step.place {
            Place::End => format!("{text}{gap}{}", step.code),
            Place::Before(anchor) | Place::After(anchor) => {
                let lines: Vec<&str> = text.split_inclusive('\n').collect();
                let found: Vec<usize> = (0..lines.len())
                    .filter(|&i| lines[i].trim() == anchor.trim())
                    .collect();
                let [at] = found[..] else {
                    bail!(
                        "{}: the line {anchor:?} is there {} times, not once",
                        step.file,
                        found.len()
                    );
                };
                let (head, tail) = if matches!(step.place, Place::Before(_)) {
                    (lines[..at].concat(), lines[at..].concat())
                } else {
                    (lines[..=at].concat(), lines[at + 1..].concat())
                };
                if matches!(step.place, Place::Before(_)) {
                    format!("{head}{}{gap}{tail}", step.code)
                } else {
                    format!("{head}{gap}{}{tail}", step.code)
                }
            }
        };
        std::fs::write(&path, changed)?;
        touched.insert(step.file.clone());
    }
    Ok(touched)
}

#[cfg(test)]
mod tests {
    use super::*;

    const README: &str = "# p\n\n## Add a thing\n\nIntro.\n\n\
        1. In `a.rs`, before the line\n   `#[cfg(test)]`:\n\n   ```rust\n   fn a() {}\n   ```\n\n\
        2. In `b.rs`, after the line `mod x {`:\n\n   ```rust\n       fn b() {}\n   ```\n\n\
        3. At the end of `c.py`:\n\n   ```python\n   def c() -> None: ...\n   ```\n\n\
        ## Next\n\n```sh\nnot a step\n```\n";

    #[test]
    fn steps_are_read_from_the_section() {
        let steps = steps(README, "## Add a thing").unwrap();
        assert_eq!(
            steps,
            [
                Step {
                    file: "a.rs".to_owned(),
                    place: Place::Before("#[cfg(test)]".to_owned()),
                    code: "fn a() {}\n".to_owned(),
                },
                Step {
                    file: "b.rs".to_owned(),
                    place: Place::After("mod x {".to_owned()),
                    code: "    fn b() {}\n".to_owned(),
                },
                Step {
                    file: "c.py".to_owned(),
                    place: Place::End,
                    code: "def c() -> None: ...\n".to_owned(),
                },
            ]
        );
        assert!(super::steps(README, "## Missing").is_err());
    }

    #[test]
    fn steps_go_where_they_say() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.rs"),
            "fn z() {}\n\n#[cfg(test)]\nmod t {}\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("b.rs"), "mod x {\n    fn y() {}\n}\n").unwrap();
        std::fs::write(dir.path().join("c.py"), "x = 1\n").unwrap();
        let touched = apply(dir.path(), &steps(README, "## Add a thing").unwrap()).unwrap();
        assert_eq!(touched.len(), 3);
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_eq!(
            read("a.rs"),
            "fn z() {}\n\nfn a() {}\n\n#[cfg(test)]\nmod t {}\n"
        );
        assert_eq!(read("b.rs"), "mod x {\n\n    fn b() {}\n    fn y() {}\n}\n");
        assert_eq!(read("c.py"), "x = 1\n\n\ndef c() -> None: ...\n");
    }

    #[test]
    fn a_missing_or_repeated_anchor_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.rs"), "fn z() {}\n").unwrap();
        let step = |anchor: &str| Step {
            file: "a.rs".to_owned(),
            place: Place::After(anchor.to_owned()),
            code: "fn a() {}\n".to_owned(),
        };
        assert!(apply(dir.path(), &[step("mod gone {")]).is_err());
        std::fs::write(dir.path().join("a.rs"), "}\n}\n").unwrap();
        assert!(apply(dir.path(), &[step("}")]).is_err());
    }
}
