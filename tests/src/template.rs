//! What the template declares about itself, read from where it is declared:
//! the options in `template/cargo-generate.toml`, the Python versions in
//! `hooks/python.rhai`, the template's own source and release in
//! `hooks/template.rhai`. The self-tests know nothing of these but what they
//! read here.

use std::path::Path;
use std::sync::OnceLock;

use anyhow::{Context, Result, bail, ensure};
use rhai::{Dynamic, Engine, FuncArgs, Scope};

use crate::repo_root;

/// A yes/no answer of the template: a `bool` placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opt {
    /// The placeholder, e.g. `serde`.
    pub key: String,
    /// Its default.
    pub default: bool,
    /// The question cargo-generate asks for it.
    pub prompt: String,
    /// The paths (relative to the project, `{{python_module}}` unexpanded)
    /// that exist only when it is on: its `[conditional.'!key'] ignore` list.
    pub paths: Vec<String>,
}

impl Opt {
    /// The paths the option adds to a project whose import name is `module`.
    pub fn paths_for(&self, module: &str) -> Vec<String> {
        self.paths
            .iter()
            .map(|path| path.replace("{{python_module}}", module))
            .collect()
    }
}

/// The template's options, in the order `cargo-generate.toml` declares them.
pub fn options() -> &'static [Opt] {
    static OPTIONS: OnceLock<Vec<Opt>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let path = repo_root().join("template/cargo-generate.toml");
        read_options(&path).unwrap_or_else(|err| panic!("{}: {err:#}", path.display()))
    })
}

/// The option called `key`.
///
/// # Panics
/// When the template has no such option.
pub fn option(key: &str) -> &'static Opt {
    options()
        .iter()
        .find(|option| option.key == key)
        .unwrap_or_else(|| panic!("the template has no option {key:?}"))
}

/// Every placeholder `template/cargo-generate.toml` declares (the answers a
/// user can give besides the project name), in declaration order.
pub fn placeholders() -> Result<Vec<String>> {
    let path = repo_root().join("template/cargo-generate.toml");
    let config: toml::Table = std::fs::read_to_string(&path)?.parse()?;
    let placeholders = config
        .get("placeholders")
        .and_then(toml::Value::as_table)
        .with_context(|| format!("{}: no [placeholders]", path.display()))?;
    Ok(placeholders.keys().cloned().collect())
}

/// Reads the boolean placeholders of a `cargo-generate.toml` and the paths
/// each one's `[conditional.'!key']` table leaves out when it is off.
pub fn read_options(path: &Path) -> Result<Vec<Opt>> {
    let text = std::fs::read_to_string(path)?;
    // Keep the declaration order: it is the order of the questions.
    let config: toml::Table = text.parse()?;
    let placeholders = config
        .get("placeholders")
        .and_then(toml::Value::as_table)
        .context("no [placeholders]")?;
    let conditional = config
        .get("conditional")
        .and_then(toml::Value::as_table)
        .cloned()
        .unwrap_or_default();
    let mut options = Vec::new();
    for (key, spec) in placeholders {
        if spec.get("type").and_then(toml::Value::as_str) != Some("bool") {
            continue;
        }
        let default = spec
            .get("default")
            .and_then(toml::Value::as_bool)
            .with_context(|| format!("{key}: no boolean default"))?;
        let prompt = spec
            .get("prompt")
            .and_then(toml::Value::as_str)
            .with_context(|| format!("{key}: no prompt"))?
            .to_owned();
        let paths = match conditional.get(&format!("!{key}")) {
            Some(table) => table
                .get("ignore")
                .and_then(toml::Value::as_array)
                .with_context(|| format!("[conditional.'!{key}'] has no ignore list"))?
                .iter()
                .map(|path| path.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .with_context(|| format!("[conditional.'!{key}'] ignores a non-string"))?,
            None => Vec::new(),
        };
        options.push(Opt {
            key: key.clone(),
            default,
            prompt,
            paths,
        });
    }
    ensure!(!options.is_empty(), "no boolean placeholders");
    Ok(options)
}

/// Functions of one of the hooks' Rhai modules, evaluated by a Rhai engine
/// of the self-tests' own (cargo-generate embeds the same language).
pub struct RhaiModule {
    engine: Engine,
    ast: rhai::AST,
    name: String,
}

impl RhaiModule {
    /// Compiles `hooks/<name>.rhai`.
    pub fn load(name: &str) -> Result<Self> {
        let path = repo_root().join("hooks").join(format!("{name}.rhai"));
        let mut engine = Engine::new();
        // cargo-generate's engine is a release build, whose limits these are
        // (a debug build of Rhai halves them).
        engine.set_max_expr_depths(64, 32);
        let ast = engine
            .compile_file(path.clone())
            .map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))?;
        Ok(Self {
            engine,
            ast,
            name: name.to_owned(),
        })
    }

    /// Calls `function(args)` of the module.
    pub fn call(&self, function: &str, args: impl FuncArgs) -> Result<Dynamic> {
        self.engine
            .call_fn::<Dynamic>(&mut Scope::new(), &self.ast, function, args)
            .map_err(|err| anyhow::anyhow!("{}.rhai: {function}: {err}", self.name))
    }

    /// Calls `function(args)`, which returns an integer.
    pub fn int(&self, function: &str, args: impl FuncArgs) -> Result<i64> {
        self.call(function, args)?
            .as_int()
            .map_err(|kind| anyhow::anyhow!("{function} returned a {kind}"))
    }

    /// Calls `function(args)`, which returns a string.
    pub fn string(&self, function: &str, args: impl FuncArgs) -> Result<String> {
        self.call(function, args)?
            .into_string()
            .map_err(|kind| anyhow::anyhow!("{function} returned a {kind}"))
    }

    /// Calls `function(args)`, which returns an array of strings.
    pub fn strings(&self, function: &str, args: impl FuncArgs) -> Result<Vec<String>> {
        let items = self
            .call(function, args)?
            .into_array()
            .map_err(|kind| anyhow::anyhow!("{function} returned a {kind}"))?;
        items
            .into_iter()
            .map(|item: Dynamic| {
                item.into_string()
                    .map_err(|kind| anyhow::anyhow!("{function}: an item is a {kind}"))
            })
            .collect()
    }
}

/// The Python versions the template supports (`hooks/python.rhai`).
#[derive(Debug, Clone)]
pub struct Pythons {
    /// The oldest CPython minor version a project can support (3.x).
    pub oldest_minor: u32,
    /// The newest CPython release's minor version.
    pub newest_minor: u32,
    /// The minimum an empty `min_python` stands for.
    pub default_minor: u32,
    /// The first minor version with a supported free-threaded build.
    pub free_threaded_from_minor: u32,
    /// The first minor version with the Stable ABI for free-threaded builds.
    pub abi3t_from_minor: u32,
}

impl Pythons {
    /// The supported minor versions, oldest first.
    pub fn minors(&self) -> std::ops::RangeInclusive<u32> {
        self.oldest_minor..=self.newest_minor
    }
}

/// The Python versions of `hooks/python.rhai`, read once.
pub fn pythons() -> &'static Pythons {
    static PYTHONS: OnceLock<Pythons> = OnceLock::new();
    PYTHONS.get_or_init(|| read_pythons().unwrap_or_else(|err| panic!("{err:#}")))
}

fn read_pythons() -> Result<Pythons> {
    let module = RhaiModule::load("python")?;
    let minor = |function: &str| -> Result<u32> {
        let value = module.int(function, ())?;
        u32::try_from(value).with_context(|| format!("{function}() = {value}"))
    };
    let pythons = Pythons {
        oldest_minor: minor("oldest_minor")?,
        newest_minor: minor("newest_minor")?,
        default_minor: minor("default_minor")?,
        free_threaded_from_minor: minor("free_threaded_from_minor")?,
        abi3t_from_minor: minor("abi3t_from_minor")?,
    };
    if !pythons.minors().contains(&pythons.default_minor) {
        bail!("python.rhai: the default minimum is not a supported version: {pythons:?}");
    }
    Ok(pythons)
}

/// This template's release, as projects record it (`hooks/template.rhai`).
pub fn version() -> Result<String> {
    RhaiModule::load("template")?.string("version", ())
}

/// The module names the hooks refuse as import names because the standard
/// library has them (`python_stdlib()` in `hooks/names.rhai`).
pub fn stdlib_names() -> Result<std::collections::BTreeSet<String>> {
    let names = std::fs::read_to_string(repo_root().join("hooks/names.rhai"))?;
    let start = names
        .find("fn python_stdlib()")
        .context("no python_stdlib() in hooks/names.rhai")?;
    let end = start
        + names[start..]
            .find("\n}")
            .context("python_stdlib() does not end")?;
    Ok(names[start..end]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect())
}

/// The names of `listing` (one per line, as `sys.stdlib_module_names`
/// prints) that [`stdlib_names`] lacks.
pub fn missing_stdlib_names(listing: &str) -> Result<Vec<String>> {
    let known = stdlib_names()?;
    Ok(listing
        .lines()
        .map(str::trim)
        .filter(|name| !name.is_empty() && !known.contains(*name))
        .map(str::to_owned)
        .collect())
}
