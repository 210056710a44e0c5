"""Time the Rust functions against plain Python doing the same work.

Run it against an optimised build, in the project's environment:

    uv run --no-sync maturin develop --release && uv run --no-sync python benchmarks/compare.py

(or ``maturin develop --release`` and ``python benchmarks/compare.py`` in an
activated virtualenv). Each row is the median of several timeit runs; the last
column is Rust's time relative to the Python reference (below 1: Rust is faster).
Pass ``--quick`` for a fast run with fewer repetitions.
"""

from __future__ import annotations

import argparse
import statistics
import timeit
from collections.abc import Callable

from my_project import (
    Counter,
    add,
)


def python_add(a: int, b: int) -> int:
    """The reference for ``add``: Python's own integer addition, range-checked like Rust's."""
    total = a + b
    if not -(2**63) <= total < 2**63:
        raise OverflowError(total)
    return total


def per_call(function: Callable[[], object], number: int, repeat: int) -> float:
    """The median time of one call of ``function``, in seconds."""
    runs = timeit.repeat(function, number=number, repeat=repeat)
    return statistics.median(runs) / number


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the Rust functions against plain Python.")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    number, repeat = (2_000, 3) if args.quick else (200_000, 7)

    rows: list[tuple[str, float, str, float]] = []
    rows.append(
        (
            "add(1, 2) via PyO3",
            per_call(lambda: add(1, 2), number, repeat),
            "python_add(1, 2)",
            per_call(lambda: python_add(1, 2), number, repeat),
        )
    )
    counter = Counter(step=3)
    state = {"value": 0}

    def python_advance() -> int:
        state["value"] += 3
        return state["value"]

    rows.append(
        (
            "Counter.advance()",
            per_call(counter.advance, number, repeat),
            "a Python counter",
            per_call(python_advance, number, repeat),
        )
    )

    print(f"{'Rust':32} {'per call':>10}   {'reference':24} {'per call':>10}   ratio")
    for rust_name, rust_time, reference_name, reference_time in rows:
        print(
            f"{rust_name:32} {rust_time * 1e9:8.0f}ns   {reference_name:24} "
            f"{reference_time * 1e9:8.0f}ns   {rust_time / reference_time:5.2f}"
        )


if __name__ == "__main__":
    main()
