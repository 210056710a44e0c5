"""Take in newer releases of the template this project was generated from.

    python tools/template_update.py check            # is a newer release out?
    python tools/template_update.py update [--to REF] # take one in (REF: a release
                                                      # tag, a branch, a commit, or latest)

``noxfile.py`` runs these as ``nox -s template-check`` and ``nox -s template-update``.

``.template-answers.toml`` records where the template lives, the release and commit
this project was last rendered from, and every answer. The template's output lives on
its own branch, ``template``, which holds nothing else: an update renders the template
there with the recorded answers and merges that branch, so git keeps every change of
this project, brings in what the template changed, and leaves alone every file the
template does not render (lock files, your own files).

An update either completes, or stops at a conflict for you to resolve, or leaves the
repository as it was: it renders everything it needs before it changes a branch, and
undoes its own steps when a later one fails. Every refusal is one line that says what
to do.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# tomllib from Python 3.11 on; before, tomli, which nox depends on there.
tomllib = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")

ANSWERS = Path(".template-answers.toml")
BRANCH = "template"
# The folder of the template's repository that cargo-generate renders.
TEMPLATE_FOLDER = "template"
RELEASE = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)$")
COMMIT = re.compile(r"^[0-9a-f]{7,40}$")
# Subjects of the commits an update makes; the first tells later ones that
# this project has been updated before.
BASE_SUBJECT = "Take the template's output"
MERGE_SUBJECT = "Update from the template"


class Refusal(Exception):
    """Why the update stops, and what to do: printed as one line."""


def git(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    """Run git; its output, or a Refusal with git's message."""
    result = subprocess.run(
        ["git", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.strip().splitlines()
        raise Refusal(
            f"git {' '.join(args)} failed: {message[-1] if message else result.returncode}"
        )
    return result.stdout.strip()


def succeeds(*args: str) -> bool:
    """Whether a git command succeeds."""
    return subprocess.run(["git", *args], capture_output=True, check=False).returncode == 0


def recorded() -> dict[str, Any]:
    """The answers file, its types checked; a Refusal names the key and the fix."""
    if not ANSWERS.is_file():
        raise Refusal(f"{ANSWERS} is missing: it records the template and the answers")
    try:
        answers: dict[str, Any] = tomllib.loads(ANSWERS.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise Refusal(f"{ANSWERS} is not valid TOML: {err}") from None
    template = answers.get("template")
    if not isinstance(template, dict):
        raise Refusal(f"{ANSWERS} has no [template] table (source, version, commit)")
    for key, value in template.items():
        if not isinstance(value, str):
            raise Refusal(
                f'{ANSWERS}: [template] {key} = {value!r} must be a string: {key} = "..."'
            )
    values = answers.get("values")
    if not isinstance(values, dict):
        raise Refusal(f"{ANSWERS} has no [values] table")
    for key, value in values.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise Refusal(
                f"{ANSWERS}: [values] {key} = {value!r} is a number to TOML; "
                f'write it as a string, e.g. {key} = "{value}0"'
                if isinstance(value, float)
                else f'{ANSWERS}: [values] {key} = {value!r} is a number; write it as a string: {key} = "{value}"'
            )
        if not isinstance(value, (str, bool)):
            raise Refusal(f"{ANSWERS}: [values] {key} = {value!r} must be a string, true or false")
    if not template.get("source"):
        raise Refusal(
            f"{ANSWERS} does not say where the template lives: set `source` in its [template] "
            "table to the template's git URL (or the path of a local checkout)"
        )
    return answers


def remote_refs(source: str) -> dict[str, str]:
    """Every ref of the template's repository (``refs/tags/v1.2.3``) and its commit."""
    refs: dict[str, str] = {}
    for line in git("ls-remote", source).splitlines():
        commit, _, ref = line.partition("\t")
        # An annotated tag is listed twice; its commit is on the `^{}` line.
        if ref.endswith("^{}"):
            refs[ref.removesuffix("^{}")] = commit
        else:
            refs.setdefault(ref, commit)
    return refs


def releases(refs: dict[str, str]) -> dict[str, str]:
    """The release tags (``v1.2.3``) among ``refs`` and their commits, oldest first."""
    found: dict[tuple[int, ...], tuple[str, str]] = {}
    for ref, commit in refs.items():
        tag = ref.removeprefix("refs/tags/")
        if ref.startswith("refs/tags/") and (match := RELEASE.match(tag)):
            found[tuple(int(part) for part in match.groups())] = (tag, commit)
    return dict(found[key] for key in sorted(found))


def is_plain_folder(source: str) -> bool:
    """A local template that is not a git repository: rendered as it is."""
    return Path(source).is_dir() and not Path(source, ".git").exists()


def resolve(source: str, refs: dict[str, str], ref: str) -> tuple[list[str], str]:
    """cargo-generate's arguments for ``ref`` (an exact tag, branch or commit) and its commit."""
    if is_plain_folder(source):
        return ["--path", source], ""
    if f"refs/tags/{ref}" in refs:
        return ["--git", source, "--tag", ref], refs[f"refs/tags/{ref}"]
    if f"refs/heads/{ref}" in refs:
        return ["--git", source, "--branch", ref], refs[f"refs/heads/{ref}"]
    if COMMIT.match(ref):
        return ["--git", source, "--revision", ref], ref
    raise Refusal(
        f"{source} has no release tag, branch or commit {ref!r} (give one exactly, or latest)"
    )


def release_commit(source: str, version: str) -> str:
    """The commit of the template's history that made ``version`` its release, for a
    source that has no tag for it: the newest one whose hooks/template.rhai names it."""
    rhai = "hooks/template.rhai"
    with tempfile.TemporaryDirectory() as scratch:
        clone = Path(scratch, "template")
        git("clone", "--quiet", "--filter=blob:none", "--no-checkout", source, str(clone))
        # The commits that added or removed the version; the first that has it added it.
        for commit in git("log", "--format=%H", f'-S"{version}"', "--", rhai, cwd=clone).split():
            if f'"{version}"' in git("show", f"{commit}:{rhai}", cwd=clone):
                return commit
    return ""


def render(where: list[str], answers: Path, ref: str, commit: str, into: Path) -> Path:
    """The template at ``where``, rendered with ``answers`` into ``into``; the project's folder."""
    if shutil.which("cargo-generate") is None:
        raise Refusal("cargo-generate is not installed: cargo install --locked cargo-generate")
    name = str(tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))["project"]["name"])
    source = where[1]
    into.mkdir(parents=True, exist_ok=True)
    command = [
        *["cargo", "generate", *where, TEMPLATE_FOLDER, "--name", name, "--silent"],
        *["--vcs", "none", "--destination", str(into), "--values-file", str(answers)],
        *["--define", f"template_source={source}", "--define", f"template_version={ref}"],
        *["--define", f"template_commit={commit}"],
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
        raise Refusal(
            f"cargo generate could not render {ref}: {lines[-1] if lines else result.returncode}"
        )
    return into / name


def commit_tree(folder: Path, parent: str | None, message: str) -> str:
    """A commit holding exactly the files of ``folder``; no branch and no file of this
    repository changes."""
    repository = git("rev-parse", "--absolute-git-dir")
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            "GIT_DIR": repository,
            "GIT_WORK_TREE": str(folder.resolve()),
            "GIT_INDEX_FILE": str(Path(scratch) / "index"),
        }
        git("add", "--all", env=env, cwd=folder)
        tree = git("write-tree", env=env, cwd=folder)
    parents = ["-p", parent] if parent else []
    return git("commit-tree", tree, *parents, "-m", message)


def tree_of(commit: str) -> str:
    """The tree of a commit."""
    return git("show", "--no-patch", "--format=%T", commit)


def preflight() -> None:
    """Refuses a state an update must not start from."""
    if not succeeds("rev-parse", "--git-dir"):
        raise Refusal("this is not a git repository: git init, commit the project, then update")
    branch = git("branch", "--show-current")
    if not branch:
        raise Refusal("HEAD is detached: switch to your branch first (git switch main)")
    if re.fullmatch(r"[0-9a-f]{40}", branch):
        raise Refusal(
            f"the branch is named after a commit ({branch[:12]}...), as cargo generate --tag names it: "
            "rename it first (git branch -m main)"
        )
    if succeeds("rev-parse", "--verify", "--quiet", "MERGE_HEAD"):
        raise Refusal(
            "a merge is in progress: finish it (git commit) or undo it (git merge --abort)"
        )
    if git("status", "--porcelain"):
        raise Refusal("the work tree has changes: commit or stash them (git stash -u), then update")
    if not git("ls-files", str(ANSWERS)):
        raise Refusal(f"{ANSWERS} is not committed: commit the project first")


def template_branch() -> str | None:
    """The commit of the template branch: the local one, or a remote's (a fresh clone
    has only those), or None before the first update; a Refusal when earlier updates
    happened but the branch is gone."""
    if succeeds("rev-parse", "--verify", "--quiet", f"refs/heads/{BRANCH}"):
        return git("rev-parse", f"refs/heads/{BRANCH}")
    for remote in git("remote").split():
        if succeeds("rev-parse", "--verify", "--quiet", f"refs/remotes/{remote}/{BRANCH}"):
            print(f"using {remote}/{BRANCH}, the template's output of earlier updates")
            return git("rev-parse", f"refs/remotes/{remote}/{BRANCH}")
    if git("log", "--format=%H", f"--grep=^{BASE_SUBJECT}", "-n", "1"):
        raise Refusal(
            f"the branch {BRANCH!r} of earlier updates is missing: fetch it "
            f"(git fetch origin {BRANCH}:{BRANCH}) and update again"
        )
    return None


def first_render(
    answers: dict[str, Any], refs: dict[str, str], scratch: Path
) -> tuple[str, str, tuple[str, ...]]:
    """The template's output as this project started (rendered from the answers it was
    generated with), committed: the base both sides of the first merge share; its
    version and its dependency tables."""
    first = git("log", "--diff-filter=A", "--format=%H", "--", str(ANSWERS)).split()
    generated = Path(scratch, "generated-answers.toml")
    generated_text = git("show", f"{first[-1]}:{ANSWERS}") + "\n"
    generated.write_text(generated_text, encoding="utf-8")
    template = tomllib.loads(generated_text).get("template", {})
    source = answers["template"]["source"]
    version = str(template.get("version", ""))
    commit = str(template.get("commit", ""))
    if is_plain_folder(source) or f"refs/tags/{version}" in refs:
        where, commit = resolve(source, refs, version)
    elif commit:
        print(
            f"{source} has no tag {version}: using the commit this project recorded, {commit[:12]}"
        )
        where = ["--git", source, "--revision", commit]
    else:
        commit = release_commit(source, version)
        if not commit:
            raise Refusal(
                f"{source} has no tag {version} and no commit made it its release: "
                f"record the commit this project came from in {ANSWERS} ([template] commit)"
            )
        print(
            f"{source} has no tag {version}: using {commit[:12]}, the commit that made it the release"
        )
        where = ["--git", source, "--revision", commit]
    # As generated: the answers file then recorded the commit it recorded.
    base = render(where, generated, version, str(template.get("commit", "")), Path(scratch, "base"))
    return commit_tree(base, None, f"Template output ({version})"), version, dependencies(base)


def dependencies(project: Path) -> tuple[str, ...]:
    """What a project's lock files follow: its dependency tables, as text."""
    cargo = tomllib.loads(Path(project, "Cargo.toml").read_text(encoding="utf-8"))
    pyproject = tomllib.loads(Path(project, "pyproject.toml").read_text(encoding="utf-8"))
    return (
        *(
            repr(cargo.get(table))
            for table in ("dependencies", "dev-dependencies", "build-dependencies")
        ),
        repr(pyproject.get("project", {}).get("dependencies")),
        repr(pyproject.get("dependency-groups")),
    )


def check() -> None:
    """Fail when the template this project came from has a newer release."""
    template = recorded()["template"]
    source, version, commit = (
        template["source"],
        template.get("version", ""),
        template.get("commit", ""),
    )
    tags = releases(remote_refs(source))
    if not tags:
        raise Refusal(f"{source} has no releases (tags like v1.2.3)")
    newest = list(tags)[-1]
    on = next(
        (tag for tag, tagged in tags.items() if version == tag or (commit and commit == tagged)),
        None,
    )
    if on is None:
        print(f"this project is on {version or commit}, which is not a release of {source}")
    if on != newest:
        raise Refusal(
            f"{source} has a newer release, {newest}; this project is on {version}: "
            f"uvx nox -s template-update -- --to {newest}"
        )
    print(f"up to date: {version} is the newest release of {source}")


@dataclass
class Plan:
    """An update, rendered and committed as objects no branch names yet."""

    target: str
    new_commit: str
    tip: str | None
    base: str | None
    base_version: str
    old_dependencies: tuple[str, ...] | None
    new_dependencies: tuple[str, ...]


def plan(to: str | None) -> Plan:
    """Render what an update to ``to`` (default: the recorded release) takes in."""
    answers = recorded()
    source = answers["template"]["source"]
    refs = {} if is_plain_folder(source) else remote_refs(source)
    target = to or answers["template"].get("version", "")
    if target == "latest":
        tags = releases(refs)
        if not tags:
            raise Refusal(f"{source} has no releases (tags like v1.2.3)")
        target = list(tags)[-1]
    where, commit = resolve(source, refs, target)
    tip = template_branch()
    with tempfile.TemporaryDirectory() as scratch:
        base, base_version, old_dependencies = None, "", None
        if tip is None:
            base, base_version, old_dependencies = first_render(answers, refs, Path(scratch))
        else:
            old_dependencies = dependencies_at(tip)
        new = render(where, ANSWERS, target, commit, Path(scratch, "new"))
        parent = tip or base
        return Plan(
            target=target,
            new_commit=commit_tree(new, parent, f"Template output ({target})"),
            tip=tip,
            base=base,
            base_version=base_version,
            old_dependencies=old_dependencies,
            new_dependencies=dependencies(new),
        )


def update(to: str | None) -> None:
    """Render the template at ``to`` with the recorded answers and merge it."""
    preflight()
    update_plan = plan(to)
    tip, target, new_commit = update_plan.tip, update_plan.target, update_plan.new_commit
    if tip is not None and not succeeds("merge-base", "--is-ancestor", tip, "HEAD"):
        # An earlier update stopped (a conflict, then git merge --abort): take the
        # template's output in again, rather than nothing.
        print(f"the template's output on {BRANCH!r} was not merged yet: merging it again")
        if tree_of(new_commit) == tree_of(tip):
            new_commit = tip
    elif tip is not None and tree_of(new_commit) == tree_of(tip):
        print(f"nothing to take in: the template's output of {target} is already merged")
        return
    head = git("rev-parse", "HEAD")
    had_branch = succeeds("rev-parse", "--verify", "--quiet", f"refs/heads/{BRANCH}")
    before = tip if had_branch else None
    try:
        if update_plan.base is not None:
            git("branch", BRANCH, update_plan.base)
            message = f"{BASE_SUBJECT} ({update_plan.base_version}) as the base of updates"
            git("merge", "--strategy=ours", "--allow-unrelated-histories", "-m", message, BRANCH)
            print(f"branch {BRANCH!r} holds the template's output of {update_plan.base_version}")
        git("update-ref", f"refs/heads/{BRANCH}", new_commit)
        merge = subprocess.run(
            ["git", "merge", "--no-edit", "-m", f"{MERGE_SUBJECT} ({target})", BRANCH],
            capture_output=True,
            text=True,
            check=False,
        )
    except BaseException:
        undo(head, before)
        raise
    if merge.returncode != 0:
        conflicts = git("diff", "--name-only", "--diff-filter=U")
        if not conflicts:
            undo(head, before)
            output = merge.stderr.strip() or merge.stdout.strip()
            raise Refusal(f"git merge failed, and nothing changed: {output}")
        raise Refusal(
            f"the update to {target} conflicts with this project's changes in: "
            f"{', '.join(conflicts.split())}. Resolve them and git commit, or git merge --abort "
            "to go back (an update later merges it again)"
        )
    print(f"updated to {target}: `git log -1 --stat` shows what changed")
    if update_plan.old_dependencies != update_plan.new_dependencies:
        print(
            "the template changed dependencies: update the lock files "
            "(cargo update --workspace; uv lock) and commit them"
        )


def dependencies_at(commit: str) -> tuple[str, ...] | None:
    """The dependency tables of the template's output at ``commit``."""
    with tempfile.TemporaryDirectory() as scratch:
        for name in ("Cargo.toml", "pyproject.toml"):
            if not succeeds("cat-file", "-e", f"{commit}:{name}"):
                return None
            Path(scratch, name).write_text(git("show", f"{commit}:{name}") + "\n", encoding="utf-8")
        return dependencies(Path(scratch))


def undo(head: str, branch: str | None) -> None:
    """Put the branches back as the update found them."""
    if succeeds("rev-parse", "--verify", "--quiet", "MERGE_HEAD"):
        subprocess.run(["git", "merge", "--abort"], capture_output=True, check=False)
    subprocess.run(["git", "reset", "--quiet", "--hard", head], capture_output=True, check=False)
    if branch is None:
        subprocess.run(["git", "branch", "--quiet", "-D", BRANCH], capture_output=True, check=False)
    else:
        subprocess.run(
            ["git", "update-ref", f"refs/heads/{BRANCH}", branch], capture_output=True, check=False
        )


def main(argv: list[str]) -> int:
    """Run ``check`` or ``update [--to REF]``; one line and exit status 1 on a refusal."""
    usage = "usage: template_update.py check | update [--to <release, branch, commit or latest>]"
    try:
        if argv == ["check"]:
            check()
        elif argv[:1] == ["update"] and len(argv) in (1, 3) and argv[1:2] in ([], ["--to"]):
            update(argv[2] if len(argv) == 3 else None)
        else:
            raise Refusal(usage)
    except Refusal as refusal:
        print(f"template update: {refusal}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
