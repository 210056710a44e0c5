//! The newest CPython releases, for the supported versions this machine has
//! no interpreter of: Debian's unstable suite packages them, and a chroot of
//! it, made once with debootstrap, runs them (their binaries need its newer
//! C library). Wheels are built on this machine for those versions (maturin
//! knows their build configuration) and tested inside.
//!
//! Optional: where the chroot cannot be made (not root, no debootstrap and no
//! apt-get, no Debian mirror, not Linux), or `SELFTEST_NO_CHROOT` is set, the
//! samples say so and skip it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};

use crate::cmd::{Cmd, Output};
use crate::python::Interpreter;
use crate::template;

/// A chroot of Debian unstable with the CPython releases this machine lacks.
#[derive(Debug)]
pub struct Chroot {
    /// Its root folder.
    pub root: PathBuf,
    /// The CPython minor versions it offers, and each one's full version.
    pub pythons: Vec<(u32, String)>,
}

/// The stamp that marks a finished chroot, with the packages it holds.
const STAMP: &str = "selftest-chroot-ready";

impl Chroot {
    /// Makes (or finds, when made before with the same packages) the chroot in
    /// `folder`, for the supported versions missing from `found`; `uv` is
    /// copied in. An error says why it cannot be had here.
    pub fn set_up(folder: &Path, found: &[Interpreter], uv: &Path) -> Result<Self> {
        if std::env::var_os("SELFTEST_NO_CHROOT").is_some() {
            bail!("SELFTEST_NO_CHROOT is set");
        }
        if !cfg!(target_os = "linux") {
            bail!("a Debian chroot needs Linux");
        }
        let minors: Vec<u32> = template::pythons()
            .minors()
            .filter(|minor| !found.iter().any(|p| !p.free_threaded && p.minor == *minor))
            .collect();
        if minors.is_empty() {
            bail!("every supported CPython is on this machine already");
        }
        let id = Cmd::new("id").arg("-u").run()?;
        ensure!(id.stdout.trim() == "0", "debootstrap and chroot need root");
        let packages: Vec<String> = minors
            .iter()
            .flat_map(|minor| [format!("python3.{minor}"), format!("python3.{minor}-venv")])
            .collect();
        let wanted = packages.join(",");
        let stamp = folder.join(STAMP);
        if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
            make(folder, &wanted)?;
            std::fs::write(&stamp, &wanted)?;
        }
        std::fs::copy(uv, folder.join("usr/local/bin/uv"))?;
        let mut pythons = Vec::new();
        for minor in minors {
            let version = Cmd::new("chroot")
                .arg(folder)
                .arg(format!("/usr/bin/python3.{minor}"))
                .args(["-c", "import platform; print(platform.python_version())"])
                .run()
                .with_context(|| format!("python3.{minor} does not run in the chroot"))?;
            pythons.push((minor, version.stdout.trim().to_owned()));
        }
        Ok(Self {
            root: folder.to_path_buf(),
            pythons,
        })
    }

    /// Runs `script` with `/bin/sh` inside the chroot, in `/` (an error with
    /// its output unless it succeeds).
    pub fn run(&self, script: &str) -> Result<Output> {
        Cmd::new("chroot")
            .arg(&self.root)
            .args(["/bin/sh", "-euc", script])
            .env("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin")
            .env("HOME", "/root")
            .env_remove("VIRTUAL_ENV")
            .env_remove("PIP_FIND_LINKS")
            .run()
    }

    /// `python3.<minor>`'s `sys.stdlib_module_names`, one per line.
    pub fn stdlib_names(&self, minor: u32) -> Result<String> {
        Ok(self
            .run(&format!(
                "python3.{minor} -c \"import sys; print('\\n'.join(sys.stdlib_module_names))\""
            ))?
            .stdout)
    }
}

/// debootstrap's minimal Debian unstable with `packages`, into `folder`.
fn make(folder: &Path, packages: &str) -> Result<()> {
    if Cmd::new("debootstrap").arg("--version").run().is_err() {
        Cmd::new("apt-get")
            .args(["install", "--yes", "--quiet", "debootstrap"])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .run()
            .context("debootstrap is missing and apt-get cannot install it")?;
    }
    if folder.exists() {
        std::fs::remove_dir_all(folder)?;
    }
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("selftest: debootstrap of Debian unstable with {packages} (about a minute)\n")
            .as_bytes(),
    );
    Cmd::new("debootstrap")
        .args(["--variant=minbase", &format!("--include={packages}"), "sid"])
        .arg(folder)
        .arg(mirror())
        .run()?;
    // pip and uv inside check certificates against this machine's bundle.
    let bundle = Path::new("/etc/ssl/certs/ca-certificates.crt");
    if bundle.is_file() {
        std::fs::copy(bundle, folder.join("etc/ssl/certs/ca-certificates.crt"))?;
    }
    Ok(())
}

/// The Debian mirror this machine's apt uses, or Debian's own.
fn mirror() -> String {
    std::fs::read_to_string("/etc/apt/sources.list.d/debian.sources")
        .ok()
        .and_then(|sources| {
            sources
                .lines()
                .find_map(|line| line.strip_prefix("URIs:"))
                .and_then(|uris| uris.split_whitespace().next())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "http://deb.debian.org/debian".to_owned())
}
