"""The compiled functions and classes used from several threads at once."""

import threading
from concurrent.futures import ThreadPoolExecutor

from my_project import (
    Counter,
    add,
)

THREADS = 8
ROUNDS = 2_000


def test_one_counter_hammered_from_many_threads() -> None:
    counter = Counter()
    barrier = threading.Barrier(THREADS)

    def work() -> int:
        barrier.wait()
        last = 0
        for _ in range(ROUNDS):
            last = counter.advance()
        return last

    with ThreadPoolExecutor(THREADS) as pool:
        finals = list(pool.map(lambda _: work(), range(THREADS)))
    # Every step counted once: no update was lost to a race.
    assert counter.value == THREADS * ROUNDS
    assert max(finals) == THREADS * ROUNDS


def test_functions_from_many_threads() -> None:
    def work(offset: int) -> int:
        return sum(add(offset, i) for i in range(ROUNDS))

    with ThreadPoolExecutor(THREADS) as pool:
        totals = list(pool.map(work, range(THREADS)))
    assert totals == [sum(offset + i for i in range(ROUNDS)) for offset in range(THREADS)]
