"""The stubs and the compiled module say the same: every public name of the
compiled module has a docstring, and each docstring of ``_core.pyi`` is the
compiled one, so that editors, ``help()`` and the API reference agree. The
docstrings are written once, in the Rust code (``///``), and copied into the
stubs; this test finds a copy that drifted."""

import ast
import inspect
from pathlib import Path

import pytest

from {{python_module}} import _core

STUBS = Path(_core.__file__ or "").with_name("_core.pyi")


def stub_docstrings() -> dict[str, str]:
    """Each documented function, class, method and property of the stubs."""
    found: dict[str, str] = {}
    for node in ast.parse(STUBS.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and ast.get_docstring(node):
            found[node.name] = ast.get_docstring(node) or ""
        if isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, ast.FunctionDef) and ast.get_docstring(member):
                    found[f"{node.name}.{member.name}"] = ast.get_docstring(member) or ""
    return found


DOCSTRINGS = stub_docstrings()
PUBLIC = sorted(name for name in dir(_core) if not name.startswith("_"))


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_is_documented(name: str) -> None:
    assert inspect.getdoc(getattr(_core, name)), f"{name} has no docstring"
    assert name in DOCSTRINGS, f"{name} has no docstring in {STUBS.name}"


@pytest.mark.parametrize("name", sorted(DOCSTRINGS))
def test_the_stubs_say_what_the_compiled_module_says(name: str) -> None:
    compiled: object = _core
    for part in name.split("."):
        compiled = getattr(compiled, part)
    assert inspect.getdoc(compiled) == DOCSTRINGS[name]
