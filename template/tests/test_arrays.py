"""Tests of the numpy functions: results against numpy's own, and bad arrays."""

from typing import Any

import numpy as np
import pytest

from {{python_module}} import (
    norm,
    scale,
)


@pytest.mark.parametrize("size", [0, 1, 7, 100_000])
def test_norm_matches_numpy(size: int) -> None:
    values = np.random.default_rng(size).normal(size=size)
    assert norm(values) == pytest.approx(np.linalg.norm(values), rel=1e-12)


def test_scale_works_in_place_without_copying() -> None:
    values = np.arange(10.0)
    expected = values * -2.5
    alias = values
    scale(values, -2.5)
    assert values is alias
    np.testing.assert_array_equal(values, expected)
    empty = np.empty(0)
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
    strided = np.arange(10.0)[::2]
    with pytest.raises(ValueError, match="not contiguous"):
        norm(strided)
    with pytest.raises(ValueError, match="not contiguous"):
        scale(strided, 2.0)
    assert norm(np.ascontiguousarray(strided)) == pytest.approx(np.linalg.norm(strided))


def test_read_only_arrays_can_be_read_but_not_scaled() -> None:
    frozen = np.arange(4.0)
    frozen.flags.writeable = False
    assert norm(frozen) == pytest.approx(np.linalg.norm(frozen))
    with pytest.raises(ValueError, match="not writeable"):
        scale(frozen, 2.0)
    np.testing.assert_array_equal(frozen, np.arange(4.0))
