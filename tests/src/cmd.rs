//! Running commands: captured output, readable failures, timed progress lines.

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// How many lines of a failed command's output an error shows.
const TAIL_LINES: usize = 80;

/// A command whose output is captured, and whose failure explains itself.
pub struct Cmd {
    command: Command,
}

/// What a finished command printed.
#[derive(Debug)]
pub struct Output {
    /// The exit status.
    pub status: ExitStatus,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

impl Output {
    /// Standard output and standard error, one after the other.
    pub fn combined(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

impl Cmd {
    /// A command running `program`, with no input.
    pub fn new(program: impl AsRef<OsStr>) -> Self {
        let mut command = Command::new(program);
        command.stdin(Stdio::null());
        Self { command }
    }

    /// Adds one argument.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.command.arg(arg);
        self
    }

    /// Adds arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command.args(args);
        self
    }

    /// Sets an environment variable.
    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.command.env(key, value);
        self
    }

    /// Sets several environment variables.
    pub fn envs<I, K, V>(mut self, vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<OsStr>,
        V: AsRef<OsStr>,
    {
        self.command.envs(vars);
        self
    }

    /// Removes an environment variable.
    pub fn env_remove(mut self, key: impl AsRef<OsStr>) -> Self {
        self.command.env_remove(key);
        self
    }

    /// Runs in `dir`.
    pub fn dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.command.current_dir(dir);
        self
    }

    /// The command line, for messages.
    pub fn describe(&self) -> String {
        let mut line = self.command.get_program().to_string_lossy().into_owned();
        for arg in self.command.get_args() {
            let arg = arg.to_string_lossy();
            if arg.contains(' ') || arg.is_empty() {
                let _ = write!(line, " '{arg}'");
            } else {
                let _ = write!(line, " {arg}");
            }
        }
        line
    }

    /// Runs the command and returns its output, whatever its exit status.
    pub fn output(mut self) -> Result<Output> {
        let described = self.describe();
        let output = self
            .command
            .output()
            .with_context(|| format!("cannot start `{described}`"))?;
        Ok(Output {
            status: output.status,
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        })
    }

    /// Runs the command; an error (with the tail of its output) unless it succeeds.
    pub fn run(self) -> Result<Output> {
        let described = self.describe();
        let dir = self
            .command
            .get_current_dir()
            .map(|dir| format!(" in {}", dir.display()))
            .unwrap_or_default();
        let output = self.output()?;
        if !output.status.success() {
            bail!(
                "`{described}`{dir} failed ({})\n{}",
                output.status,
                tail(&output.combined(), TAIL_LINES)
            );
        }
        Ok(output)
    }
}

/// The last `lines` lines of `text`.
pub fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    let start = all.len().saturating_sub(lines);
    let mut out = String::new();
    if start > 0 {
        let _ = writeln!(out, "[... {start} earlier lines]");
    }
    for line in &all[start..] {
        let _ = writeln!(out, "{line}");
    }
    out
}

/// Timed progress lines for one sample: which step runs, and how long it took.
pub struct Progress {
    label: String,
    steps: Vec<(String, Duration, bool)>,
    started: Instant,
}

impl Progress {
    /// Progress of the sample called `label`.
    pub fn new(label: &str) -> Self {
        Self {
            label: label.to_owned(),
            steps: Vec::new(),
            started: Instant::now(),
        }
    }

    /// Runs one step, printing its name before and its result after.
    pub fn step<T>(&mut self, name: &str, work: impl FnOnce() -> Result<T>) -> Result<T> {
        println!("[{}] {name} ...", self.label);
        let _ = std::io::stdout().flush();
        let start = Instant::now();
        let result = work().with_context(|| format!("[{}] step '{name}' failed", self.label));
        let took = start.elapsed();
        println!(
            "[{}] {name}: {} ({:.1}s)",
            self.label,
            if result.is_ok() { "ok" } else { "FAILED" },
            took.as_secs_f64()
        );
        self.steps.push((name.to_owned(), took, result.is_ok()));
        result
    }

    /// The time since the sample started.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// One line per step with its time, for the end of a run.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "[{}] {} steps in {:.1}s:\n",
            self.label,
            self.steps.len(),
            self.elapsed().as_secs_f64()
        );
        for (name, took, ok) in &self.steps {
            let _ = writeln!(
                out,
                "    {:>7.1}s  {}  {name}",
                took.as_secs_f64(),
                if *ok { "ok    " } else { "FAILED" }
            );
        }
        out
    }
}
