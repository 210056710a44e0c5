"""Property-based tests: the Rust code against a plain Python reference.

hypothesis draws many inputs, edges included (0, ±1, the ends of the 64-bit
range), and shrinks any failure to a minimal example.
"""

from __future__ import annotations

{% if numpy %}import numpy as np
{% endif %}import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
{%- if numpy %}
from hypothesis.extra import numpy as hnp
from numpy.typing import NDArray
{%- endif %}

from {{python_module}} import (
    Counter,
    InvalidArgumentError,
    LimitExceededError,
    add,
{%- if c_abi %}
    cabi,
{%- endif %}
{%- if numpy %}
    norm,
    scale,
{%- endif %}
)

I64_MIN = -(2**63)
I64_MAX = 2**63 - 1
U32_MAX = 2**32 - 1
i64s = st.integers(min_value=I64_MIN, max_value=I64_MAX)
outside_i64 = st.integers(max_value=I64_MIN - 1) | st.integers(min_value=I64_MAX + 1)


# No time limit per example: a slow CI runner must not fail a correct test.
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")


def fits(value: int) -> bool:
    return I64_MIN <= value <= I64_MAX


@given(i64s, i64s)
def test_add_is_exact_or_overflows(a: int, b: int) -> None:
    if fits(a + b):
        assert add(a, b) == a + b
    else:
        with pytest.raises(OverflowError):
            add(a, b)


@given(outside_i64, i64s)
def test_add_rejects_arguments_outside_64_bits(big: int, other: int) -> None:
    with pytest.raises(OverflowError):
        add(big, other)
    with pytest.raises(OverflowError):
        add(other, big)


class CounterModel:
    """What a Counter should do, in plain Python."""

    def __init__(self, start: int, step: int, limit: int | None) -> None:
        self.value, self.step, self.limit = start, step, limit

    def past_limit(self, value: int) -> bool:
        if self.limit is None:
            return False
        return value > self.limit if self.step > 0 else value < self.limit

    def advance(self, times: int) -> int | type[Exception]:
        target = self.value + self.step * times
        if self.past_limit(target):
            return LimitExceededError
        if not fits(target):
            return OverflowError
        self.value = target
        return target


@given(
    start=i64s,
    step=i64s.filter(lambda step: step != 0),
    limit=st.none() | i64s,
    moves=st.lists(st.integers(min_value=0, max_value=U32_MAX), max_size=20),
)
def test_counter_matches_the_model(
    start: int, step: int, limit: int | None, moves: list[int]
) -> None:
    model = CounterModel(start, step, limit)
    if model.past_limit(start):
        with pytest.raises(InvalidArgumentError):
            Counter(start, step=step, limit=limit)
        return
    counter = Counter(start, step=step, limit=limit)
    for times in moves:
        expected = model.advance(times)
        if isinstance(expected, int):
            assert counter.advance(times) == expected
        else:
            with pytest.raises(expected):
                counter.advance(times)
        assert counter.value == model.value  # all or nothing
{%- if c_abi %}


@given(st.lists(i64s, max_size=50))
def test_the_c_abi_sums_like_python(values: list[int]) -> None:
    # The C function adds left to right and stops at the first overflow.
    partial = 0
    for value in values:
        partial += value
        if not fits(partial):
            with pytest.raises(OverflowError):
                cabi.total(values)
            return
    assert cabi.total(values) == sum(values)
{%- endif %}
{%- if numpy %}


finite_vectors = hnp.arrays(
    dtype="float64",
    shape=st.integers(min_value=0, max_value=200),
    elements=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
)


@given(finite_vectors)
def test_norm_matches_numpy(values: NDArray[np.float64]) -> None:
    assert norm(values) == pytest.approx(np.linalg.norm(values), rel=1e-12, abs=1e-12)


@given(finite_vectors, st.floats(min_value=-1e3, max_value=1e3, allow_nan=False))
def test_scale_matches_numpy(values: NDArray[np.float64], factor: float) -> None:
    expected = values * factor
    scale(values, factor)
    assert (values == expected).all()
{%- endif %}
