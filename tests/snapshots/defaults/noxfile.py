#!/usr/bin/env -S uv run --script
# /// script
# dependencies = ["nox>=2025.5.1"]
# ///
"""Every check of my-project, one nox session each.

    uvx nox                  # the checks CI runs on Linux, one after another
    uvx nox -l               # every session, with what it does
    uvx nox -s tests         # one session (or several: -s lint types)
    uvx nox -s tests --force-python 3.15   # another Python: a version or a path
    uvx nox -s fmt           # fix what rust-lint and lint report, where a tool can
    uvx nox -s template-check    # is a newer release of the template out?
    uvx nox -s template-update -- --to latest   # take it in (docs/updating.md)

``.github/workflows/ci.yml`` runs these same sessions. The Rust sessions call
cargo directly (PyO3 builds against ``$PYO3_PYTHON``, or the ``python3`` on
PATH); the Python sessions build the package into virtualenvs of their own,
under ``.nox/``. ``uv run nox`` (after ``uv sync``) works as well as ``uvx nox``.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import nox

nox.needs_version = ">=2025.5.1"
nox.options.default_venv_backend = "uv"
nox.options.reuse_venv = "yes"

PYPROJECT = nox.project.load_toml("pyproject.toml")
MODULE = "my_project"


def groups(session: nox.Session, *names: str, project: bool = False) -> tuple[str, ...]:
    """What to install for the named dependency groups (and, with ``project``, the
    package's own dependencies): the versions ``uv.lock`` pins when the project
    has one, so that nox, CI and ``uv run`` use the same tools (commit it); else
    the ranges of pyproject.toml. A lock older than pyproject.toml is an error
    that says to run ``uv lock``."""
    if not Path("uv.lock").is_file():
        return nox.project.dependency_groups(PYPROJECT, *names)
    requirements = Path(session.create_tmp()) / "locked-requirements.txt"
    option = "--group" if project else "--only-group"
    selected = [f"{option}={name}" for name in names]
    session.run_install(
        *[nox.virtualenv.UV, "export", "--locked", "--no-hashes", "--no-header"],
        *["--no-emit-project", "--quiet", *selected, "--output-file", str(requirements)],
        external=True,
    )
    return ("--requirement", str(requirements))


def install_package(session: nox.Session, *group_names: str) -> None:
    """Build the package and install it with the named dependency groups.

    A debug build, which compiles faster than the release build of the wheels;
    set ``MATURIN_PEP517_ARGS`` to build otherwise.
    """
    profile = os.environ.get("MATURIN_PEP517_ARGS", "--profile=dev")
    requirements = groups(session, *group_names, project=True)
    session.install(".", *requirements, env={"MATURIN_PEP517_ARGS": profile})


def cargo(session: nox.Session, *args: str, **env: str) -> None:
    """Run ``cargo *args``, with ``env`` added to the environment."""
    session.run("cargo", *args, env=env, external=True)


def embeds_python(session: nox.Session) -> bool:
    """Whether PyO3's interpreter can be embedded in a Rust program (PyPy cannot)."""
    python = os.environ.get("PYO3_PYTHON") or shutil.which("python3") or shutil.which("python")
    if python is None:
        session.error("no Python found: put python3 on PATH or set PYO3_PYTHON")
    name = session.run(
        python, "-c", "import sys; print(sys.implementation.name)", silent=True, external=True
    )
    return str(name).strip() == "cpython"


@nox.session(name="rust-lint", venv_backend="none")
def rust_lint(session: nox.Session) -> None:
    """rustfmt, clippy and rustdoc, warnings as errors, with and without the python feature."""
    cargo(session, "fmt", "--check")
    for features in ([], ["--no-default-features"]):
        cargo(session, "clippy", "--all-targets", *features, "--", "-D", "warnings")
        cargo(session, "doc", "--no-deps", *features, RUSTDOCFLAGS="-D warnings")


@nox.session(name="rust-test", venv_backend="none")
def rust_test(session: nox.Session) -> None:
    """cargo test, the Rust core alone without Python, and the example program."""
    if embeds_python(session):
        cargo(session, "test")
        cargo(session, "run", "--quiet", "--example", "cli", "--", "add", "2", "3")
    else:
        session.log("PyPy cannot be embedded: skipping the Rust tests that start an interpreter")
    cargo(session, "test", "--no-default-features")


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: the Python code's formatting and lints."""
    session.install(*groups(session, "lint"))
    session.run("ruff", "format", "--check")
    session.run("ruff", "check")


@nox.session
def types(session: nox.Session) -> None:
    """mypy (strict), and stubtest: the .pyi stubs match the compiled module."""
    install_package(session, "typing")
    session.run("mypy")
    # PyO3 lists the module's names in `__all__`; the stub leaves it out, so a
    # new function needs no list there. stubtest still checks every name.
    allowlist = Path(session.create_tmp()) / "stubtest-allowlist.txt"
    allowlist.write_text(f"{MODULE}._core.__all__\n")
    session.run("python", "-m", "mypy.stubtest", f"{MODULE}._core", "--allowlist", str(allowlist))


@nox.session
def tests(session: nox.Session) -> None:
    """pytest against the installed package; arguments after -- go to pytest."""
    install_package(session, "test")
    session.run("pytest", *session.posargs)


@nox.session(default=False)
def fmt(session: nox.Session) -> None:
    """Format and fix in place: cargo fmt, ruff format, ruff check --fix."""
    session.install(*groups(session, "lint"))
    cargo(session, "fmt")
    session.run("ruff", "format")
    session.run("ruff", "check", "--fix")


@nox.session(default=False)
def coverage(session: nox.Session) -> None:
    """Line coverage of the Rust code under cargo test and pytest, and of the Python code."""
    if shutil.which("cargo-llvm-cov") is None:
        session.error(
            "coverage needs cargo-llvm-cov: `cargo install --locked cargo-llvm-cov` "
            "and `rustup component add llvm-tools`"
        )
    session.install(*groups(session, "coverage"))
    # cargo-llvm-cov's environment instruments this crate in every build:
    # `cargo test`, and the extension module that pytest loads.
    shown = session.run("cargo", "llvm-cov", "show-env", silent=True, external=True)
    env = {}
    for line in str(shown).splitlines():
        key, equals, value = line.partition("=")
        if equals and re.fullmatch(r"[A-Z_][A-Z0-9_]*", key):
            env[key] = value.strip("'")
    cargo(session, "llvm-cov", "clean", "--workspace")
    session.run("cargo", "test", env=env, external=True)
    session.run("maturin", "develop", "--uv", env=env)
    session.run(
        "pytest",
        f"--cov={MODULE}",
        "--cov-report=term",
        "--cov-report=xml:coverage/python.xml",
        env=env,
    )
    report = ["cargo", "llvm-cov", "report"]
    session.run(*report, "--lcov", "--output-path", "coverage/rust.lcov", env=env, external=True)
    session.run(*report, "--html", "--output-dir", "coverage", env=env, external=True)
    session.run(*report, env=env, external=True)
    session.log("reports: coverage/rust.lcov, coverage/html/index.html, coverage/python.xml")


@nox.session(venv_backend="none", default=False)
def msrv(session: nox.Session) -> None:
    """cargo test with the oldest Rust Cargo.toml declares (rust-version)."""
    version = nox.project.load_toml("Cargo.toml")["package"]["rust-version"]
    session.run("rustup", "toolchain", "install", version, "--profile", "minimal", external=True)
    cargo(session, f"+{version}", "test")
    cargo(session, f"+{version}", "test", "--no-default-features")


@nox.session(venv_backend="none", default=False)
def deny(session: nox.Session) -> None:
    """cargo-deny (deny.toml): advisories, licenses, duplicate PyO3, sources; -- <args>."""
    if shutil.which("cargo-deny") is None:
        session.error("cargo-deny is not installed: cargo install --locked cargo-deny")
    cargo(session, "deny", *(session.posargs or ["check"]))


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """benchmarks/compare.py against an optimised build; arguments after -- go to it."""
    session.install(".", env={"MATURIN_PEP517_ARGS": "--profile=release"})
    session.run("python", "benchmarks/compare.py", *session.posargs)


@nox.session(name="template-check", venv_backend="none", default=False)
def template_check(session: nox.Session) -> None:
    """Fail when the template this project came from has a newer release."""
    session.run(sys.executable, "tools/template_update.py", "check", external=True)


@nox.session(name="template-update", venv_backend="none", default=False)
def template_update(session: nox.Session) -> None:
    """Take in a release of the template, with a git merge (-- --to <release|latest>)."""
    session.run(
        sys.executable, "tools/template_update.py", "update", *session.posargs, external=True
    )


if __name__ == "__main__":
    nox.main()
