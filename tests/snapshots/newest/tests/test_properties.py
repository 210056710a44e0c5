"""Property-based tests: the Rust code against a plain Python reference.

hypothesis draws many inputs, edges included (0, ±1, the ends of the 64-bit
range), and shrinks any failure to a minimal example.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newest_only import (
    Counter,
    InvalidArgumentError,
    LimitExceededError,
    add,
)

I64_MIN = -(2**63)
I64_MAX = 2**63 - 1
U32_MAX = 2**32 - 1
i64s = st.integers(min_value=I64_MIN, max_value=I64_MAX)
outside_i64 = st.integers(max_value=I64_MIN - 1) | st.integers(min_value=I64_MAX + 1)


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
