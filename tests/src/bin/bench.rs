//! Benchmark: the default generated project side by side with
//! `maturin new --bindings pyo3`, on this machine, in one run.
//!
//! ```sh
//! cargo run --manifest-path tests/Cargo.toml --release --bin bench -- [--runs N]
//! ```
//!
//! For both projects (same name, each with its own empty cargo target folder
//! and virtualenv) it times a cold `maturin develop` until `import` works, an
//! incremental rebuild after one function body changes, and measures the
//! release wheel. Then it times calls from Python into an optimised build of
//! a project with the `c_abi` and `numpy` options (PyO3, ctypes, a plain
//! Python function; its array functions against numpy's own). It prints medians
//! and the ratios against the goals in docs/performance.md. Not part of the
//! self-tests: timings are facts to read, not assertions.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use template_selftest::cmd::Cmd;
use template_selftest::generate::{Answers, generate_in};
use template_selftest::python::Venv;
use template_selftest::tools::Tools;

/// The name both projects share.
const NAME: &str = "bench-project";

fn main() -> Result<()> {
    let mut runs = 3_usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => {
                runs = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .context("--runs needs a positive number")?;
            }
            other => bail!("unknown argument {other:?} (usage: bench [--runs N])"),
        }
    }
    let target_tmp = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tmp");
    std::fs::create_dir_all(&target_tmp)?;
    let tools = Tools::get(target_tmp.to_str().context("a UTF-8 path")?)?;
    let python = tools
        .python_for(template_selftest::template::pythons().default_minor)?
        .clone();
    let work = tempfile::Builder::new().prefix("bench-").tempdir()?;
    eprintln!(
        "bench: {runs} runs each, Python {}, in {}",
        python.version,
        work.path().display()
    );

    let ours = Subject::generated(tools, work.path(), "template", &Answers::named(NAME))?;
    let baseline = Subject::maturin_new(tools, work.path())?;
    let subjects = [&ours, &baseline];

    let mut cold = Vec::new();
    let mut incremental = Vec::new();
    // The rebuild each project's docs give for the edit loop.
    let mut documented = Vec::new();
    let mut wheel = Vec::new();
    for subject in subjects {
        let venv = Venv::create(&tools.uv(), &python.path, &subject.root.join("venv"))?;
        let mut cold_times = Vec::new();
        for run in 0..runs {
            let target = subject.root.join("target");
            if target.exists() {
                std::fs::remove_dir_all(&target)?;
            }
            let time = subject.develop(tools, &venv, &[])?;
            eprintln!(
                "bench: {} cold build {}: {time:.1?}",
                subject.label,
                run + 1
            );
            cold_times.push(time);
        }
        let mut incremental_times = Vec::new();
        for run in 0..runs {
            subject.edit(run)?;
            let time = subject.develop(tools, &venv, &[])?;
            eprintln!(
                "bench: {} incremental build {}: {time:.1?}",
                subject.label,
                run + 1
            );
            incremental_times.push(time);
        }
        let mut documented_times = Vec::new();
        for run in 0..runs {
            subject.edit(runs + run)?;
            let time = subject.develop(tools, &venv, subject.rebuild)?;
            eprintln!(
                "bench: {} rebuild as its docs say {}: {time:.1?}",
                subject.label,
                run + 1
            );
            documented_times.push(time);
        }
        cold.push(median(cold_times));
        incremental.push(median(incremental_times));
        documented.push(median(documented_times));
        wheel.push(subject.wheel_size(tools)?);
    }

    // Calls: an optimised build of a project with the C ABI and numpy on.
    let with_options = Subject::generated(
        tools,
        work.path(),
        "options",
        &Answers::named(NAME)
            .define("c_abi", "true")
            .define("numpy", "true"),
    )?;
    let venv = Venv::create(&tools.uv(), &python.path, &with_options.root.join("venv"))?;
    with_options.develop(tools, &venv, &["--release"])?;
    let calls = time_calls(&venv, &with_options.dir, CALLS)?;
    let arrays = time_calls(&venv, &with_options.dir, ARRAY_CALLS)?;

    println!();
    println!(
        "Build and size (median of {runs}; generated default project vs `maturin new --bindings pyo3`)"
    );
    println!();
    println!("| measure | template | maturin new | ratio | goal |");
    println!("|---|---|---|---|---|");
    row_time(
        "cold `maturin develop` until import works",
        cold[0],
        cold[1],
        1.3,
    );
    row_time(
        "incremental rebuild after one function body changes",
        incremental[0],
        incremental[1],
        1.1,
    );
    row_time(
        "the same, with each project's documented command (`--skip-install` / plain)",
        documented[0],
        documented[1],
        1.1,
    );
    #[allow(clippy::cast_precision_loss)] // sizes of a few MB
    let ratio = wheel[0] as f64 / wheel[1] as f64;
    println!(
        "| release wheel | {} | {} | {ratio:.2} | ≤ 1.00 {} |",
        kib(wheel[0]),
        kib(wheel[1]),
        verdict(ratio, 1.0)
    );
    println!();
    println!("Calls from Python (median per call, optimised build)");
    println!();
    println!("| call | time | ratio to the plain Python function |");
    println!("|---|---|---|");
    let plain = calls.get("plain Python add(a, b)")?;
    for (name, seconds) in &calls.0 {
        let ratio = seconds / plain;
        let goal = if name.starts_with("PyO3") {
            format!(" (goal ≤ 1.50 {})", verdict(ratio, 1.5))
        } else {
            String::new()
        };
        println!("| {name} | {} | {ratio:.2}{goal} |", nanos(*seconds));
    }
    println!();
    println!("Arrays of 10^6 float64 (numpy option; median per call)");
    println!();
    println!("| call | time | ratio to numpy |");
    println!("|---|---|---|");
    for (rust, numpy) in [
        ("norm(array)", "numpy.linalg.norm(array)"),
        ("scale(array, 1.0000001)", "array *= 1.0000001"),
    ] {
        let (r, n) = (arrays.get(rust)?, arrays.get(numpy)?);
        println!("| {rust} | {} | {:.2} |", micros(r), r / n);
        println!("| {numpy} | {} | 1.00 |", micros(n));
    }
    Ok(())
}

/// One project under measurement.
struct Subject {
    label: &'static str,
    /// Holds the project, its target folder and its virtualenv.
    root: PathBuf,
    /// The project itself.
    dir: PathBuf,
    module: String,
    /// The arguments of `maturin develop` its docs give for rebuilding
    /// after a change.
    rebuild: &'static [&'static str],
    /// The file and the function whose body the incremental runs change.
    edit_file: &'static str,
    edit_function: &'static str,
}

impl Subject {
    fn generated(
        tools: &Tools,
        work: &Path,
        label: &'static str,
        answers: &Answers,
    ) -> Result<Self> {
        // Generated straight into the work folder, which removes it at the end.
        let parent = tempfile::Builder::new().prefix(label).tempdir_in(work)?;
        let generation = generate_in(tools, answers, parent)?;
        let dir = generation.project()?;
        let root = generation.parent.keep();
        Ok(Self {
            label,
            root,
            dir,
            module: NAME.replace('-', "_"),
            // Installed once (editable): rebuild the extension in place.
            rebuild: &["--skip-install"],
            edit_file: "src/lib.rs",
            edit_function: "pub fn add(",
        })
    }

    fn maturin_new(tools: &Tools, work: &Path) -> Result<Self> {
        let root = work.join("maturin-new");
        std::fs::create_dir_all(&root)?;
        Cmd::new(tools.maturin())
            .args(["new", "--bindings", "pyo3", NAME])
            .dir(&root)
            .run()?;
        Ok(Self {
            label: "maturin new",
            dir: root.join(NAME),
            root,
            module: NAME.replace('-', "_"),
            // A layout without Python sources: `--skip-install` does not apply.
            rebuild: &[],
            edit_file: "src/lib.rs",
            edit_function: "fn sum_as_string(",
        })
    }

    /// `maturin develop` into `venv` with this project's own target folder,
    /// then `import`: the time until the module is usable.
    fn develop(&self, tools: &Tools, venv: &Venv, extra: &[&str]) -> Result<Duration> {
        let path = template_selftest::path_with([tools.bin()])?;
        let start = Instant::now();
        Cmd::new(tools.maturin())
            .args(["develop", "--uv", "--quiet"])
            .args(extra)
            .dir(&self.dir)
            .env("VIRTUAL_ENV", &venv.dir)
            .env("CARGO_TARGET_DIR", self.root.join("target"))
            .env("PATH", &path)
            .run()?;
        Cmd::new(venv.python())
            .args(["-c", &format!("import {}", self.module)])
            .dir(&self.root)
            .run()?;
        Ok(start.elapsed())
    }

    /// Changes the body of the edit function (a new statement each run).
    fn edit(&self, run: usize) -> Result<()> {
        let file = self.dir.join(self.edit_file);
        let text = std::fs::read_to_string(&file)?;
        let start = text
            .find(self.edit_function)
            .with_context(|| format!("no {} in {}", self.edit_function, self.edit_file))?;
        let body = start + text[start..].find("{\n").context("no function body")? + 2;
        let edited = format!(
            "{}    std::hint::black_box({run});\n{}",
            &text[..body],
            &text[body..]
        );
        std::fs::write(&file, edited)?;
        Ok(())
    }

    /// The size of the release wheel, in bytes.
    fn wheel_size(&self, tools: &Tools) -> Result<u64> {
        let out = self.root.join("wheels");
        if out.exists() {
            std::fs::remove_dir_all(&out)?;
        }
        Cmd::new(tools.maturin())
            .args(["build", "--release", "--quiet", "--out"])
            .arg(&out)
            .dir(&self.dir)
            .env("CARGO_TARGET_DIR", self.root.join("target"))
            .run()?;
        let wheels: Vec<_> = std::fs::read_dir(&out)?.collect::<Result<_, _>>()?;
        ensure!(wheels.len() == 1, "expected one wheel in {}", out.display());
        Ok(wheels[0].metadata()?.len())
    }
}

/// Python statements to time, by label: (setup, statement).
type Calls = &'static [(&'static str, &'static str, &'static str)];

const CALLS: Calls = &[
    (
        "PyO3 add(1, 2)",
        "from bench_project import add",
        "add(1, 2)",
    ),
    (
        "ctypes cabi.add(1, 2) (C ABI)",
        "from bench_project.cabi import add",
        "add(1, 2)",
    ),
    (
        "plain Python add(a, b)",
        "def add(a, b):\n    return a + b",
        "add(1, 2)",
    ),
    ("the `+` operator alone", "a, b = 1, 2", "a + b"),
];

const ARRAY_CALLS: Calls = &[
    (
        "norm(array)",
        "import numpy as np\nfrom bench_project import norm\narray = np.random.default_rng(0).random(10**6)",
        "norm(array)",
    ),
    (
        "numpy.linalg.norm(array)",
        "import numpy as np\narray = np.random.default_rng(0).random(10**6)",
        "np.linalg.norm(array)",
    ),
    (
        "scale(array, 1.0000001)",
        "import numpy as np\nfrom bench_project import scale\narray = np.random.default_rng(0).random(10**6)",
        "scale(array, 1.0000001)",
    ),
    (
        "array *= 1.0000001",
        "import numpy as np\narray = np.random.default_rng(0).random(10**6)",
        "array *= 1.0000001",
    ),
];

/// Measured seconds per call, by label.
struct Timings(Vec<(String, f64)>);

impl Timings {
    fn get(&self, label: &str) -> Result<f64> {
        self.0
            .iter()
            .find(|(name, _)| name == label)
            .map(|(_, seconds)| *seconds)
            .with_context(|| format!("no timing for {label}"))
    }
}

/// Times each call with `timeit` (autorange, then the median of 7 repeats).
fn time_calls(venv: &Venv, dir: &Path, calls: Calls) -> Result<Timings> {
    let mut timings = Vec::new();
    for (label, setup, statement) in calls {
        let script = format!(
            "import statistics, timeit\n\
             timer = timeit.Timer({statement:?}, setup={setup:?})\n\
             number, _ = timer.autorange()\n\
             runs = timer.repeat(repeat=7, number=number)\n\
             print(statistics.median(runs) / number)\n"
        );
        let output = Cmd::new(venv.python())
            .args(["-c", &script])
            .dir(dir.parent().unwrap_or(dir))
            .run()?;
        let seconds: f64 = output
            .stdout
            .trim()
            .parse()
            .with_context(|| format!("{label}: unexpected output {:?}", output.stdout))?;
        eprintln!("bench: {label}: {}", nanos(seconds));
        timings.push(((*label).to_owned(), seconds));
    }
    Ok(Timings(timings))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn verdict(ratio: f64, goal: f64) -> &'static str {
    if ratio <= goal { "met" } else { "MISSED" }
}

fn row_time(name: &str, ours: Duration, baseline: Duration, goal: f64) {
    let ratio = ours.as_secs_f64() / baseline.as_secs_f64();
    println!(
        "| {name} | {:.2} s | {:.2} s | {ratio:.2} | ≤ {goal:.2} {} |",
        ours.as_secs_f64(),
        baseline.as_secs_f64(),
        verdict(ratio, goal)
    );
}

fn kib(bytes: u64) -> String {
    format!("{} KiB", bytes.div_ceil(1024))
}

fn nanos(seconds: f64) -> String {
    format!("{:.0} ns", seconds * 1e9)
}

fn micros(seconds: f64) -> String {
    format!("{:.0} µs", seconds * 1e6)
}
