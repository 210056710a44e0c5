"""Tests of the functions and classes implemented in Rust."""

import importlib.metadata
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import {{python_module}}
from {{python_module}} import (
    Counter,
    Error,
    InvalidArgumentError,
    LimitExceededError,
    __version__,
    _core,
    add,
)

PACKAGE = "{{python_module}}"
DISTRIBUTION = "{{project-name}}"
I64_MAX = 2**63 - 1
I64_MIN = -(2**63)


def test_version_is_the_distribution_version() -> None:
    assert __version__ == importlib.metadata.version(DISTRIBUTION)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [(1, 2, 3), (-5, 5, 0), (0, 0, 0), (I64_MAX, 0, I64_MAX), (I64_MIN, I64_MAX, -1)],
)
def test_add(a: int, b: int, expected: int) -> None:
    assert add(a, b) == expected


def test_add_overflow_raises_overflow_error() -> None:
    with pytest.raises(OverflowError, match="integer overflow in add"):
        add(I64_MAX, 1)


@pytest.mark.parametrize("a", [I64_MAX + 1, I64_MIN - 1, 10**30])
def test_add_rejects_arguments_outside_64_bits(a: int) -> None:
    with pytest.raises(OverflowError):
        add(a, 0)


@pytest.mark.parametrize("a", ["1", 1.5, None, [1]])
def test_add_rejects_arguments_that_are_not_integers(a: Any) -> None:
    with pytest.raises(TypeError):
        add(a, 1)


def test_counter_defaults() -> None:
    counter = Counter()
    assert (counter.value, counter.step, counter.limit) == (0, 1, None)


def test_counter_advances_by_its_step() -> None:
    counter = Counter(10, step=-3)
    assert counter.advance() == 7
    assert counter.advance(2) == 1
    assert counter.value == 1


def test_counter_stops_at_its_limit_and_keeps_its_value() -> None:
    counter = Counter(0, step=5, limit=12)
    assert counter.advance(2) == 10
    with pytest.raises(LimitExceededError, match="limit 12 exceeded: the counter would reach 15"):
        counter.advance()
    assert counter.value == 10


def test_counter_overflow_raises_overflow_error() -> None:
    counter = Counter(I64_MAX - 1)
    with pytest.raises(OverflowError, match="integer overflow"):
        counter.advance(2)
    assert counter.value == I64_MAX - 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"step": 0}, "invalid step: must not be zero"),
        ({"start": 5, "limit": 3}, "invalid start: 5 is already past the limit 3"),
        ({"start": -5, "step": -1, "limit": -3}, "invalid start: -5 is already past the limit -3"),
    ],
)
def test_counter_rejects_invalid_arguments(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        Counter(**kwargs)
    assert str(info.value) == message


def test_counter_arguments_are_checked_by_type_and_range() -> None:
    untyped: Any = Counter  # the calls below are type errors, on purpose
    with pytest.raises(TypeError):
        untyped(0, 2)  # step is keyword-only
    with pytest.raises(TypeError):
        untyped("0")
    with pytest.raises(OverflowError):
        Counter().advance(-1)


def test_counter_repr_round_trips() -> None:
    counter = Counter(3, step=2, limit=9)
    assert repr(counter) == "Counter(3, step=2, limit=9)"
    assert eval(repr(counter), {"Counter": Counter}) == counter


def test_counter_equality() -> None:
    assert Counter(1, step=2) == Counter(1, step=2)
    assert Counter(1, step=2) != Counter(1, step=3)
    assert Counter() != Counter(limit=5)
    counter = Counter()
    same = counter
    assert counter == same  # takes the lock once, not twice
    assert counter != 0
    with pytest.raises(TypeError, match="unhashable"):
        hash(counter)


def test_errors_form_one_hierarchy() -> None:
    assert issubclass(Error, Exception)
    assert issubclass(LimitExceededError, Error)
    # An invalid value is a ValueError too, as Python code expects.
    assert issubclass(InvalidArgumentError, Error)
    assert issubclass(InvalidArgumentError, ValueError)
    for cls in (Error, InvalidArgumentError, LimitExceededError, Counter):
        assert cls.__module__ == PACKAGE


def test_the_package_exports_every_public_name_of_the_compiled_module() -> None:
    package = importlib.import_module(PACKAGE)
    public = {name for name in dir(_core) if not name.startswith("_")}
    assert public
    for name in public:
        assert getattr(package, name) is getattr(_core, name)


def test_a_missing_build_is_explained(tmp_path: Path) -> None:
    # The package's __init__.py alone, without the compiled module beside it.
    (tmp_path / PACKAGE).mkdir()
    source = Path(importlib.import_module(PACKAGE).__file__ or "")
    shutil.copy(source, tmp_path / PACKAGE / "__init__.py")
    result = subprocess.run(
        [sys.executable, "-c", f"import {PACKAGE}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "is not built" in result.stderr
    assert "uv sync" in result.stderr


def test_a_missing_name_says_how_to_rebuild() -> None:
    package = importlib.import_module(PACKAGE)
    with pytest.raises(AttributeError, match="rebuild the compiled module"):
        _ = package.not_defined_in_rust


def test_the_package_is_documented() -> None:
    assert {{python_module}}.__doc__
