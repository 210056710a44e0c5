"""Tests of the numpy functions: results against numpy's own, and bad arrays."""

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.typing import NDArray

from hubctl import (
    norm,
    scale,
)


@pytest.mark.parametrize("size", [0, 1, 7, 100_000])
def test_norm_matches_numpy(size: int) -> None:
    values = np.random.default_rng(size).normal(size=size)
    assert norm(values) == pytest.approx(np.linalg.norm(values), rel=1e-12)


def test_scale_works_in_place_without_copying() -> None:
    values = np.arange(10, dtype=np.float64)
    expected = values * -2.5
    alias = values
    scale(values, -2.5)
    assert values is alias
    np.testing.assert_array_equal(values, expected)
    empty = np.empty(0, dtype=np.float64)
    scale(empty, 3.0)
    assert empty.size == 0


@pytest.mark.parametrize(
    "bad",
    [
        np.arange(5, dtype=np.int64),
        np.arange(5, dtype=np.float32),
        np.zeros((2, 3)),
        np.float64(1.0),
        [1.0, 2.0],
    ],
)
def test_wrong_dtypes_and_shapes_raise_type_error(bad: Any) -> None:
    with pytest.raises(TypeError, match="float64"):
        norm(bad)
    with pytest.raises(TypeError, match="float64"):
        scale(bad, 2.0)


def test_non_contiguous_views_raise_value_error() -> None:
    strided = np.arange(10, dtype=np.float64)[::2]
    with pytest.raises(ValueError, match="not contiguous"):
        norm(strided)
    with pytest.raises(ValueError, match="not contiguous"):
        scale(strided, 2.0)
    assert norm(np.ascontiguousarray(strided)) == pytest.approx(np.linalg.norm(strided))


def test_read_only_arrays_can_be_read_but_not_scaled() -> None:
    frozen = np.arange(4, dtype=np.float64)
    frozen.flags.writeable = False
    assert norm(frozen) == pytest.approx(np.linalg.norm(frozen))
    with pytest.raises(ValueError, match="not writeable"):
        scale(frozen, 2.0)
    np.testing.assert_array_equal(frozen, np.arange(4, dtype=np.float64))


finite_vectors = hnp.arrays(
    dtype="float64",
    shape=st.integers(min_value=0, max_value=200),
    elements=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
)


@given(finite_vectors)
def test_norm_matches_numpy_on_any_vector(values: NDArray[np.float64]) -> None:
    assert norm(values) == pytest.approx(np.linalg.norm(values), rel=1e-12, abs=1e-12)


@given(finite_vectors, st.floats(min_value=-1e3, max_value=1e3, allow_nan=False))
def test_scale_matches_numpy_on_any_vector(values: NDArray[np.float64], factor: float) -> None:
    expected = values * factor
    scale(values, factor)
    assert (values == expected).all()
