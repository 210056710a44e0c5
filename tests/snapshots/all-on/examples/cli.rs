//! A command-line program that uses `everything` as a plain Rust library.
//!
//! The library reports typed errors ([`everything::Error`]); at the edge of an
//! application `anyhow` adds context and prints the chain of causes.
//!
//! ```text
//! cargo run --example cli -- add 2 3
//! cargo run --example cli -- count 3 --step 5 --limit 20
//! cargo run --example cli -- settings examples/settings.toml
//! ```

use anyhow::{Context, Result, bail};

use everything::{Counter, Settings, add};

const USAGE: &str = "usage:
  cli add <a> <b>          print a + b
  cli count <times> [--start <n>] [--step <n>] [--limit <n>]
                           print each value of a counter as it advances
  cli settings <file>      check a .json or .toml settings file and print it as JSON
  cli --help               print this";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("-h" | "--help" | "help") => println!("{USAGE}"),
        Some("add") => {
            let [a, b] = &args[1..] else {
                bail!("add takes two integers\n{USAGE}");
            };
            let sum = add(parse(a, "<a>")?, parse(b, "<b>")?)
                .with_context(|| format!("cannot add {a} and {b}"))?;
            println!("{sum}");
        }
        Some("count") => count(&args[1..])?,
        Some("settings") => {
            let [file] = &args[1..] else {
                bail!("settings takes one file\n{USAGE}");
            };
            let settings = Settings::from_file(file.as_ref())
                .with_context(|| format!("cannot use the settings in {file}"))?;
            println!("{}", settings.to_json());
        }
        Some(other) => bail!("unknown command '{other}'\n{USAGE}"),
        None => bail!("no command given\n{USAGE}"),
    }
    Ok(())
}

/// `count <times> [--start <n>] [--step <n>] [--limit <n>]`: prints each value.
fn count(args: &[String]) -> Result<()> {
    let Some(times) = args.first() else {
        bail!("count needs the number of steps\n{USAGE}");
    };
    let times: u32 = times
        .parse()
        .with_context(|| format!("invalid number of steps '{times}'"))?;
    let (mut start, mut step, mut limit) = (0, 1, None);
    let mut options = args[1..].iter();
    while let Some(option) = options.next() {
        let Some(value) = options.next() else {
            bail!("{option} needs a value\n{USAGE}");
        };
        match option.as_str() {
            "--start" => start = parse(value, option)?,
            "--step" => step = parse(value, option)?,
            "--limit" => limit = Some(parse(value, option)?),
            _ => bail!("unknown option {option}\n{USAGE}"),
        }
    }
    let mut counter = Counter::new(start, step, limit).context("cannot create the counter")?;
    for _ in 0..times {
        let value = counter
            .advance(1)
            .with_context(|| format!("stopped after {}", counter.value()))?;
        println!("{value}");
    }
    Ok(())
}

fn parse(text: &str, what: &str) -> Result<i64> {
    text.parse()
        .with_context(|| format!("invalid integer '{text}' for {what}"))
}
