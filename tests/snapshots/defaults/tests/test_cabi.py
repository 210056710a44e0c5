"""Tests of the C ABI, called through ctypes on the installed extension."""

import ctypes

import pytest
from hypothesis import given
from hypothesis import strategies as st

from my_project import (
    __version__,
    add,
    cabi,
)


def test_the_c_abi_agrees_with_the_python_bindings() -> None:
    for a, b in [(1, 2), (-7, 7), (2**62, 2**62 - 1)]:
        assert cabi.add(a, b) == add(a, b)


def test_total_passes_a_buffer() -> None:
    assert cabi.total([1, 2, 3, 4]) == 10
    assert cabi.total([]) == 0
    assert cabi.total(range(1000)) == sum(range(1000))


def test_overflow_raises_overflow_error() -> None:
    with pytest.raises(OverflowError, match="integer overflow"):
        cabi.add(2**63 - 1, 1)
    with pytest.raises(OverflowError):
        cabi.total([2**63 - 1, 1])


def test_version_is_the_package_version() -> None:
    assert cabi.version() == __version__


def test_null_pointers_return_an_error_code() -> None:
    out = ctypes.c_int64(-1)
    assert cabi.c_add(1, 2, None) == cabi.ERR_NULL_POINTER
    assert cabi.c_sum(None, 3, ctypes.byref(out)) == cabi.ERR_NULL_POINTER
    assert cabi.c_sum(None, 0, ctypes.byref(out)) == cabi.ERR_NULL_POINTER
    values = (ctypes.c_int64 * 2)(1, 2)
    assert cabi.c_sum(values, 2, None) == cabi.ERR_NULL_POINTER
    assert out.value == -1, "a failed call must not write its output"


def test_lengths_are_checked() -> None:
    values = (ctypes.c_int64 * 2)(1, 2)
    out = ctypes.c_int64(-1)
    assert cabi.c_sum(values, 0, ctypes.byref(out)) == cabi.OK
    assert out.value == 0
    huge = ctypes.c_size_t(-1).value  # SIZE_MAX: no buffer can be this long
    assert cabi.c_sum(values, huge, ctypes.byref(out)) == cabi.ERR_INVALID_LENGTH


def test_errors_carry_the_status() -> None:
    with pytest.raises(cabi.CAbiError) as info:
        cabi._check(cabi.ERR_NULL_POINTER)
    assert info.value.status == cabi.ERR_NULL_POINTER
    assert "NULL" in str(info.value)
    assert cabi.status_message(12345) == "unknown status code"


@given(st.lists(st.integers(min_value=-(2**63), max_value=2**63 - 1), max_size=50))
def test_total_sums_like_python(values: list[int]) -> None:
    # The C function adds left to right and stops at the first overflow.
    partial = 0
    for value in values:
        partial += value
        if not -(2**63) <= partial < 2**63:
            with pytest.raises(OverflowError):
                cabi.total(values)
            return
    assert cabi.total(values) == sum(values)
