"""Tests of the awaitable functions run on the Rust (tokio) runtime."""

import asyncio
import time

import pytest

from everything import (
    Counter,
    InvalidArgumentError,
    LimitExceededError,
    advance_later,
)


def test_awaiting_gives_the_new_value() -> None:
    counter = Counter(step=5)

    async def later() -> int:
        return await advance_later(counter, 0.01, 2)

    assert asyncio.run(later()) == 10
    assert counter.value == 10


def test_it_needs_a_running_event_loop() -> None:
    with pytest.raises(RuntimeError, match="no running event loop"):
        advance_later(Counter(), 0.01)


def test_two_calls_run_concurrently() -> None:
    counter = Counter()
    delay = 0.3

    async def both() -> tuple[int, int]:
        return await asyncio.gather(advance_later(counter, delay), advance_later(counter, delay))

    start = time.perf_counter()
    results = asyncio.run(both())
    elapsed = time.perf_counter() - start
    assert sorted(results) == [1, 2]
    assert counter.value == 2
    # One after the other would take twice the delay.
    assert elapsed < 1.8 * delay, f"took {elapsed:.2f}s for two waits of {delay}s"


def test_cancelling_leaves_the_counter_alone() -> None:
    counter = Counter()

    async def cancel_early() -> None:
        task = asyncio.ensure_future(advance_later(counter, 0.2))
        await asyncio.sleep(0.02)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.sleep(0.4)  # well past the delay

    asyncio.run(cancel_early())
    assert counter.value == 0


def test_errors_propagate_when_awaited() -> None:
    counter = Counter(limit=0)

    async def too_far() -> int:
        return await advance_later(counter, 0.01)

    with pytest.raises(LimitExceededError, match="limit 0 exceeded"):
        asyncio.run(too_far())


@pytest.mark.parametrize("delay", [-1.0, float("nan"), 1e9])
def test_bad_delays_are_refused_at_once(delay: float) -> None:
    with pytest.raises(InvalidArgumentError, match="delay"):
        advance_later(Counter(), delay)
