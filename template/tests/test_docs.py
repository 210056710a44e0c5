"""The API reference is rendered from the stubs: their docstrings must be the
compiled module's, so that the site says what ``help()`` says."""

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


def test_the_stubs_are_documented() -> None:
    assert DOCSTRINGS


@pytest.mark.parametrize("name", sorted(DOCSTRINGS))
def test_the_reference_says_what_the_compiled_module_says(name: str) -> None:
    compiled: object = _core
    for part in name.split("."):
        compiled = getattr(compiled, part)
    assert inspect.getdoc(compiled) == DOCSTRINGS[name]
