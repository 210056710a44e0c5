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
    uvx nox -s template-update -- --to latest   # take it in (see README.md)

``.github/workflows/ci.yml`` runs these same sessions. The Rust sessions call
cargo directly (PyO3 builds against ``$PYO3_PYTHON``, or the ``python3`` on
PATH); the Python sessions build the package into virtualenvs of their own,
under ``.nox/``. ``uv run nox`` (after ``uv sync``) works as well as ``uvx nox``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import nox

nox.needs_version = ">=2025.5.1"
nox.options.default_venv_backend = "uv"
nox.options.reuse_venv = "yes"

PYPROJECT = nox.project.load_toml("pyproject.toml")
MODULE = "my_project"


def groups(*names: str) -> tuple[str, ...]:
    """The requirements of the named dependency groups of pyproject.toml."""
    return nox.project.dependency_groups(PYPROJECT, *names)


def install_package(session: nox.Session, *group_names: str) -> None:
    """Build the package and install it with the named dependency groups.

    A debug build, which compiles faster than the release build of the wheels;
    set ``MATURIN_PEP517_ARGS`` to build otherwise.
    """
    profile = os.environ.get("MATURIN_PEP517_ARGS", "--profile=dev")
    session.install(".", *groups(*group_names), env={"MATURIN_PEP517_ARGS": profile})


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
    session.install(*groups("lint"))
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
    session.install(*groups("lint"))
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
    session.install(*groups("coverage"))
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


# --- the template ------------------------------------------------------------
# How this project takes in newer versions of the template it came from. The
# template's output lives on its own branch, TEMPLATE_BRANCH, which holds
# nothing else: each update renders the template there with the recorded
# answers, then merges that branch. Git then keeps every change of this
# project, brings in what the template changed, and leaves alone every file the
# template does not render (lock files, your own files).

ANSWERS = Path(".template-answers.toml")
TEMPLATE_BRANCH = "template"
# The folder of the template's repository that cargo-generate renders.
TEMPLATE_FOLDER = "template"
RELEASE = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)$")


def git(
    session: nox.Session, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> str:
    """Run git; its output, or the session's end with git's message."""
    result = subprocess.run(
        ["git", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        check=False,
    )
    if result.returncode != 0:
        session.error(f"git {' '.join(args)} failed:\n{result.stderr.strip()}")
    return result.stdout.strip()


def recorded(session: nox.Session) -> tuple[str, str]:
    """The template's source and version recorded in ANSWERS."""
    template = nox.project.load_toml(ANSWERS).get("template", {})
    source, version = template.get("source", ""), template.get("version", "")
    if not source:
        session.error(
            f"{ANSWERS} does not say where the template lives: set `source` in its [template] "
            "table to the template's git URL (or the path of a local checkout)"
        )
    return source, version


def releases(session: nox.Session, source: str) -> dict[str, str]:
    """The template's release tags (``v1.2.3``) and their commits, oldest first."""
    found: dict[tuple[int, ...], tuple[str, str]] = {}
    for line in git(session, "ls-remote", "--tags", source).splitlines():
        commit, _, ref = line.partition("\t")
        tag = ref.removeprefix("refs/tags/").removesuffix("^{}")
        if match := RELEASE.match(tag):
            # An annotated tag is listed twice; its commit is on the `^{}` line.
            key = tuple(int(part) for part in match.groups())
            if ref.endswith("^{}") or key not in found:
                found[key] = (tag, commit)
    return dict(found[key] for key in sorted(found))


def render(session: nox.Session, source: str, ref: str, answers: Path, into: Path) -> Path:
    """The template at ``ref``, rendered with ``answers`` into ``into``; the project's folder."""
    if shutil.which("cargo-generate") is None:
        session.error("cargo-generate is not installed: cargo install --locked cargo-generate")
    name = str(PYPROJECT["project"]["name"])
    plain_folder = Path(source).is_dir() and not Path(source, ".git").exists()
    where = ["--path", source] if plain_folder else []
    if not where:
        refs = git(session, "ls-remote", source)
        if f"refs/tags/{ref}" in refs:
            where = ["--git", source, "--tag", ref]
        elif f"refs/heads/{ref}" in refs:
            where = ["--git", source, "--branch", ref]
        elif re.fullmatch(r"[0-9a-f]{7,40}", ref):
            where = ["--git", source, "--revision", ref]
        else:
            session.error(f"{source} has no release, branch or commit {ref!r}")
    into.mkdir(parents=True, exist_ok=True)
    session.run(
        *["cargo", "generate", *where, TEMPLATE_FOLDER, "--name", name, "--silent"],
        *["--vcs", "none", "--destination", str(into), "--values-file", str(answers)],
        *["--define", f"template_source={source}", "--define", f"template_version={ref}"],
        external=True,
    )
    return into / name


def commit_tree(session: nox.Session, folder: Path, parent: str | None, message: str) -> str:
    """A commit holding exactly the files of ``folder``; this repository's files are untouched."""
    repository = git(session, "rev-parse", "--absolute-git-dir")
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            "GIT_DIR": repository,
            "GIT_WORK_TREE": str(folder.resolve()),
            "GIT_INDEX_FILE": str(Path(scratch) / "index"),
        }
        git(session, "add", "--all", env=env, cwd=folder)
        tree = git(session, "write-tree", env=env, cwd=folder)
    parents = ["-p", parent] if parent else []
    return git(session, "commit-tree", tree, *parents, "-m", message)


@nox.session(name="template-check", venv_backend="none", default=False)
def template_check(session: nox.Session) -> None:
    """Fail when the template this project came from has a newer release."""
    source, version = recorded(session)
    tags = releases(session, source)
    if not tags:
        session.error(f"{source} has no releases (tags like v1.2.3)")
    newest = list(tags)[-1]
    on = next((tag for tag, commit in tags.items() if version in (tag, commit)), None)
    if on is None:
        session.log(f"this project is on {version}, which is not a release of {source}")
    if on != newest:
        session.error(
            f"{source} has a newer release, {newest}; this project is on {version}: "
            f"uvx nox -s template-update -- --to {newest}"
        )
    session.log(f"up to date: {version} is the newest release of {source}")


@nox.session(name="template-update", venv_backend="none", default=False)
def template_update(session: nox.Session) -> None:
    """Render the template again with the recorded answers and merge it (-- --to <ref|latest>)."""
    source, version = recorded(session)
    to = version
    if session.posargs[:1] == ["--to"] and len(session.posargs) == 2:
        to = session.posargs[1]
    elif session.posargs:
        session.error("usage: nox -s template-update [-- --to <release, branch, commit or latest>]")
    if to == "latest":
        tags = releases(session, source)
        if not tags:
            session.error(f"{source} has no releases (tags like v1.2.3)")
        to = list(tags)[-1]
    if git(session, "status", "--porcelain"):
        session.error("the work tree has changes: commit or stash them, then update")
    branches = git(session, "branch", "--list", TEMPLATE_BRANCH)
    with tempfile.TemporaryDirectory() as scratch:
        if not branches:
            # The first update: the template's output as this project started,
            # rendered from the answers it was generated with, becomes the
            # base both sides of the merge share.
            first = git(session, "log", "--diff-filter=A", "--format=%H", "--", str(ANSWERS))
            if not first:
                session.error(f"{ANSWERS} is not committed: commit the project first")
            generated = Path(scratch, "generated-answers.toml")
            generated.write_text(git(session, "show", f"{first.split()[-1]}:{ANSWERS}") + "\n")
            was = nox.project.load_toml(generated).get("template", {}).get("version", version)
            base = render(session, source, was, generated, Path(scratch, "base"))
            base_commit = commit_tree(session, base, None, f"Template output ({was})")
            git(session, "branch", TEMPLATE_BRANCH, base_commit)
            message = f"Take the template's output ({was}) as the base of updates"
            ours = ["merge", "--strategy=ours", "--allow-unrelated-histories"]
            git(session, *ours, "-m", message, TEMPLATE_BRANCH)
            session.log(f"branch {TEMPLATE_BRANCH!r} holds the template's output of {was}")
        new = render(session, source, to, ANSWERS, Path(scratch, "new"))
        parent = git(session, "rev-parse", TEMPLATE_BRANCH)
        commit = commit_tree(session, new, parent, f"Template output ({to})")
    trees = [git(session, "show", "--no-patch", "--format=%T", c) for c in (commit, parent)]
    if trees[0] == trees[1]:
        session.log(f"nothing to take in: the template's output of {to} is already merged")
        return
    git(session, "update-ref", f"refs/heads/{TEMPLATE_BRANCH}", commit, parent)
    merge = subprocess.run(
        ["git", "merge", "--no-edit", "-m", f"Update from the template ({to})", TEMPLATE_BRANCH],
        capture_output=True,
        text=True,
        check=False,
    )
    if merge.returncode != 0:
        conflicts = git(session, "diff", "--name-only", "--diff-filter=U")
        session.error(
            f"the update to {to} conflicts with this project's changes in:\n{conflicts}\n"
            "Resolve them and `git commit`, or `git merge --abort` to go back."
        )
    session.log(f"updated to {to}: `git log -1 --stat` shows what changed")


if __name__ == "__main__":
    nox.main()
