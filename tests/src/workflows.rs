//! Checks of a generated project's GitHub workflows: actionlint and zizmor
//! find nothing, and the matrices follow the answers.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result, bail, ensure};
use serde_norway::Value;

use crate::cmd::Cmd;
use crate::generate::Opt;
use crate::tools::Tools;

/// The newest CPython the generated workflows test and build for.
pub const NEWEST_MINOR: u32 = 14;

/// The workflow files every project has.
pub const WORKFLOWS: [&str; 3] = ["ci.yml", "wheels.yml", "release.yml"];

/// What the answers say the workflows must do.
#[derive(Debug, Clone)]
pub struct Expected {
    /// The oldest supported CPython minor version.
    pub min_minor: u32,
    /// Options that change the matrices.
    pub abi3: bool,
    /// Free-threaded builds (3.14t) are tested and shipped.
    pub free_threaded: bool,
    /// numpy is a dependency (which keeps PyPy out of the test matrix).
    pub numpy: bool,
}

impl Expected {
    /// From a sample's options and its minimum Python.
    pub fn new(min_minor: u32, has: impl Fn(Opt) -> bool) -> Self {
        Self {
            min_minor,
            abi3: has(Opt::Abi3),
            free_threaded: has(Opt::FreeThreaded),
            numpy: has(Opt::Numpy),
        }
    }

    fn cpythons(&self) -> Vec<String> {
        (self.min_minor..=NEWEST_MINOR)
            .map(|minor| format!("3.{minor}"))
            .collect()
    }

    /// The test matrix's Pythons: every CPython, 3.14t with free threading,
    /// PyPy unless abi3 or numpy rules it out.
    pub fn test_pythons(&self) -> Vec<String> {
        let mut pythons = self.cpythons();
        if self.free_threaded {
            pythons.push(format!("3.{NEWEST_MINOR}t"));
        }
        if !self.abi3 && !self.numpy {
            pythons.push("pypy3.11".to_owned());
        }
        pythons
    }

    /// The interpreters wheels are built for: one abi3 wheel, or one per
    /// version; free-threaded wheels per version either way.
    pub fn wheel_pythons(&self) -> Vec<String> {
        let mut pythons = if self.abi3 {
            vec![format!("3.{}", self.min_minor)]
        } else {
            self.cpythons()
        };
        if self.free_threaded {
            pythons.push(format!("3.{NEWEST_MINOR}t"));
        }
        pythons
    }

    /// Windows on Arm has CPython 3.11 and newer; an older abi3 wheel is built with 3.11.
    pub fn windows_arm_pythons(&self) -> Vec<String> {
        let mut pythons: Vec<String> = self
            .wheel_pythons()
            .into_iter()
            .filter(|version| minor_of(version) >= 11)
            .collect();
        if self.abi3 && self.min_minor < 11 {
            pythons.insert(0, "3.11".to_owned());
        }
        pythons
    }
}

fn minor_of(version: &str) -> u32 {
    version
        .trim_start_matches("3.")
        .trim_end_matches('t')
        .parse()
        .unwrap_or(0)
}

/// Runs actionlint (with shellcheck) and zizmor (offline, pedantic) on a
/// generated project's workflows and checks its `.pre-commit-config.yaml`
/// against pre-commit's schema; returns the verdicts in one line.
pub fn lint(tools: &Tools, dir: &Path) -> Result<String> {
    let verdict = lint_files(tools, dir, &WORKFLOWS)?;
    let pre_commit = Cmd::new(tools.pre_commit())
        .args(["validate-config", ".pre-commit-config.yaml"])
        .dir(dir)
        .output()?;
    ensure!(
        pre_commit.status.success(),
        "pre-commit rejects .pre-commit-config.yaml:\n{}",
        pre_commit.combined()
    );
    Ok(format!("{verdict}; pre-commit config: valid"))
}

/// As [`lint`], for the named files in `dir/.github/workflows/` (zizmor
/// audits everything under `dir/.github`, dependabot.yml included).
pub fn lint_files(tools: &Tools, dir: &Path, files: &[&str]) -> Result<String> {
    let path = crate::path_with([tools.bin()])?;
    // Files named explicitly: actionlint looks for a git repository otherwise.
    let actionlint = Cmd::new(tools.actionlint())
        .args(["-no-color"])
        .args(files.iter().map(|name| format!(".github/workflows/{name}")))
        .dir(dir)
        .env("PATH", &path)
        .output()?;
    ensure!(
        actionlint.status.success(),
        "actionlint found problems:\n{}",
        actionlint.combined()
    );
    let zizmor = Cmd::new(tools.zizmor())
        .args([
            "--offline",
            "--persona",
            "pedantic",
            "--no-progress",
            "--color",
            "never",
            ".",
        ])
        .dir(dir)
        .output()?;
    ensure!(
        zizmor.status.success(),
        "zizmor found problems:\n{}",
        zizmor.combined()
    );
    let verdict = zizmor
        .stdout
        .lines()
        .chain(zizmor.stderr.lines())
        .find(|line| line.contains("findings") || line.contains("No findings"))
        .unwrap_or("no output")
        .trim()
        .to_owned();
    Ok(format!("actionlint: clean; zizmor (pedantic): {verdict}"))
}

/// Reads `.github/workflows/<name>`.
pub fn load(dir: &Path, name: &str) -> Result<Value> {
    let path = dir.join(".github/workflows").join(name);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    serde_norway::from_str(&text).with_context(|| format!("{name} is not valid YAML"))
}

fn at<'a>(value: &'a Value, path: &[&str]) -> Result<&'a Value> {
    let mut current = value;
    for key in path {
        current = current
            .get(*key)
            .with_context(|| format!("no `{}`", path.join(".")))?;
    }
    Ok(current)
}

fn string<'a>(value: &'a Value, path: &[&str]) -> Result<&'a str> {
    at(value, path)?
        .as_str()
        .with_context(|| format!("`{}` is not a string", path.join(".")))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_sequence()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The `with:` of the first step of `job` that uses `action`.
fn step_with<'a>(workflow: &'a Value, job: &str, action: &str) -> Result<&'a Value> {
    let steps = at(workflow, &["jobs", job, "steps"])?
        .as_sequence()
        .with_context(|| format!("job {job} has no steps"))?;
    steps
        .iter()
        .find(|step| {
            step.get("uses")
                .and_then(Value::as_str)
                .is_some_and(|uses| uses.starts_with(action))
        })
        .and_then(|step| step.get("with"))
        .with_context(|| format!("job {job} has no step using {action} with inputs"))
}

fn platforms<'a>(workflow: &'a Value, job: &str) -> Result<&'a Vec<Value>> {
    at(workflow, &["jobs", job, "strategy", "matrix", "platform"])?
        .as_sequence()
        .with_context(|| format!("job {job} has no platform list"))
}

/// The values after `--interpreter` in maturin's arguments.
fn interpreters(args: &str) -> Vec<String> {
    args.split_whitespace()
        .skip_while(|arg| *arg != "--interpreter")
        .skip(1)
        .take_while(|arg| !arg.starts_with('-'))
        .map(str::to_owned)
        .collect()
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The workflows follow the answers and keep to the project's security rules.
pub fn matrices_match(dir: &Path, expected: &Expected) -> Result<()> {
    let ci = load(dir, "ci.yml")?;
    let wheels = load(dir, "wheels.yml")?;
    let release = load(dir, "release.yml")?;

    // Tests: every OS, every Python the answers support.
    let matrix = at(&ci, &["jobs", "test", "strategy", "matrix"])?;
    let oses = strings(at(matrix, &["os"])?);
    ensure!(
        oses == ["ubuntu-latest", "macos-latest", "windows-latest"],
        "test matrix OSes: {oses:?}"
    );
    let pythons = strings(at(matrix, &["python"])?);
    ensure!(
        pythons == expected.test_pythons(),
        "test matrix Pythons {pythons:?}, expected {:?}",
        expected.test_pythons()
    );
    let lint_python = string(
        step_with(&ci, "lint", "actions/setup-python@")?,
        &["python-version"],
    )?;
    ensure!(
        lint_python == format!("3.{}", expected.min_minor),
        "lint runs on Python {lint_python}"
    );

    // Wheels: the four Linux flavours, two macOS and two Windows targets.
    let linux: BTreeSet<(String, String)> = platforms(&wheels, "linux")?
        .iter()
        .map(|p| -> Result<_> {
            Ok((
                string(p, &["target"])?.to_owned(),
                string(p, &["manylinux"])?.to_owned(),
            ))
        })
        .collect::<Result<_>>()?;
    let want: BTreeSet<(String, String)> = [
        ("aarch64", "manylinux_2_28"),
        ("aarch64", "musllinux_1_2"),
        ("x86_64", "manylinux_2_28"),
        ("x86_64", "musllinux_1_2"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    ensure!(linux == want, "Linux wheel platforms {linux:?}");
    for (job, targets) in [
        ("macos", ["x86_64", "aarch64"]),
        ("windows", ["x64", "aarch64"]),
    ] {
        let found: Vec<&str> = platforms(&wheels, job)?
            .iter()
            .map(|p| string(p, &["target"]))
            .collect::<Result<_>>()?;
        ensure!(found == targets, "{job} wheel targets {found:?}");
    }
    let wheel_pythons = expected.wheel_pythons();
    let linux_args = string(
        step_with(&wheels, "linux", "PyO3/maturin-action@")?,
        &["args"],
    )?;
    ensure!(
        interpreters(linux_args) == wheel_pythons,
        "Linux wheels for {:?}, expected {wheel_pythons:?} ({})",
        interpreters(linux_args),
        if expected.abi3 {
            "one abi3 wheel, plus free-threaded ones"
        } else {
            "one per version"
        }
    );
    let macos_args = string(
        step_with(&wheels, "macos", "PyO3/maturin-action@")?,
        &["args"],
    )?;
    let with_prefix: Vec<String> = wheel_pythons.iter().map(|v| format!("python{v}")).collect();
    ensure!(
        interpreters(macos_args) == with_prefix,
        "macOS wheels for {:?}, expected {with_prefix:?}",
        interpreters(macos_args)
    );
    let windows = platforms(&wheels, "windows")?;
    for (platform, want) in windows
        .iter()
        .zip([wheel_pythons.clone(), expected.windows_arm_pythons()])
    {
        let found = lines(string(platform, &["pythons"])?);
        ensure!(
            found == want,
            "Windows {} wheels for {found:?}, expected {want:?}",
            string(platform, &["target"])?
        );
    }
    let sdist = step_with(&wheels, "sdist", "PyO3/maturin-action@")?;
    ensure!(string(sdist, &["command"])? == "sdist", "no sdist build");

    // Caching: sccache in pull-request builds only, never in release builds.
    ensure!(
        string(&wheels, &["env", "SCCACHE"])? == "${{ github.event_name == 'pull_request' }}",
        "sccache is not limited to pull requests"
    );
    for job in ["linux", "macos", "windows"] {
        let sccache = string(
            step_with(&wheels, job, "PyO3/maturin-action@")?,
            &["sccache"],
        )?;
        ensure!(
            sccache == "${{ env.SCCACHE }}",
            "{job}: sccache is {sccache}"
        );
    }
    ensure!(
        at(&wheels, &["on", "workflow_call"]).is_ok(),
        "release.yml cannot call wheels.yml"
    );

    // Release: on version tags, the wheels workflow, trusted publishing.
    let tags = strings(at(&release, &["on", "push", "tags"])?);
    ensure!(tags == ["v*"], "release tags {tags:?}");
    ensure!(
        string(&release, &["jobs", "build", "uses"])?.ends_with("/.github/workflows/wheels.yml"),
        "the release does not build with wheels.yml"
    );
    let publish = at(&release, &["jobs", "publish"])?;
    ensure!(
        string(publish, &["permissions", "id-token"])? == "write",
        "publishing cannot use trusted publishing (id-token: write)"
    );
    ensure!(
        string(publish, &["permissions", "contents"])? == "read",
        "publishing may write to the repository"
    );
    let publish_text = serde_norway::to_string(publish)?;
    for needed in [
        "actions/attest-build-provenance@",
        "uv publish --trusted-publishing always",
    ] {
        ensure!(
            publish_text.contains(needed),
            "the publish job lacks {needed}"
        );
    }

    // Every workflow: no default permissions, every job states its own,
    // every action pinned to a commit, no secrets.
    for (name, workflow) in [
        ("ci.yml", &ci),
        ("wheels.yml", &wheels),
        ("release.yml", &release),
    ] {
        let top = at(workflow, &["permissions"])?;
        ensure!(
            top.as_mapping()
                .is_some_and(serde_norway::Mapping::is_empty),
            "{name}: top-level permissions are not empty"
        );
        let jobs = at(workflow, &["jobs"])?
            .as_mapping()
            .with_context(|| format!("{name}: no jobs"))?;
        for (job, body) in jobs {
            ensure!(
                body.get("permissions").is_some(),
                "{name}: job {job:?} does not state its permissions"
            );
        }
        let text = std::fs::read_to_string(dir.join(".github/workflows").join(name))?;
        ensure!(!text.contains("secrets."), "{name} uses a secret");
        for uses in text
            .lines()
            .filter_map(|line| line.trim().trim_start_matches("- ").strip_prefix("uses: "))
        {
            if uses.starts_with("$/") {
                continue;
            }
            let Some((_, reference)) = uses.split_once('@') else {
                bail!("{name}: `{uses}` has no version");
            };
            let hash = reference.split_whitespace().next().unwrap_or_default();
            ensure!(
                hash.len() == 40 && hash.chars().all(|c| c.is_ascii_hexdigit()),
                "{name}: `{uses}` is not pinned to a commit"
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expectations_follow_the_answers() {
        let plain = Expected {
            min_minor: 11,
            abi3: false,
            free_threaded: false,
            numpy: false,
        };
        assert_eq!(
            plain.test_pythons(),
            ["3.11", "3.12", "3.13", "3.14", "pypy3.11"]
        );
        assert_eq!(plain.wheel_pythons(), ["3.11", "3.12", "3.13", "3.14"]);
        let stable = Expected {
            min_minor: 9,
            abi3: true,
            free_threaded: true,
            numpy: false,
        };
        assert_eq!(
            stable.test_pythons(),
            ["3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.14t"]
        );
        assert_eq!(stable.wheel_pythons(), ["3.9", "3.14t"]);
        assert_eq!(stable.windows_arm_pythons(), ["3.11", "3.14t"]);
    }

    #[test]
    fn reads_maturin_interpreters() {
        assert_eq!(
            interpreters("--release --out dist --interpreter 3.11 3.12"),
            ["3.11", "3.12"]
        );
        assert_eq!(
            interpreters("--interpreter python3.9 --out dist"),
            ["python3.9"]
        );
        assert!(interpreters("--release --find-interpreter").is_empty());
    }
}
