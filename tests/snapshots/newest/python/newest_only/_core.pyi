# Type stubs of the compiled module `newest_only._core` (src/python/).
# Keep them in step with the Rust code: `nox -s types` runs mypy's stubtest,
# which fails when they disagree.
from typing import ClassVar, Final, final

__version__: Final[str]

class Error(Exception):
    """Base class of every error raised by the newest_only package: catch it to catch them all."""

class InvalidArgumentError(Error, ValueError):
    """An argument is outside the values the operation accepts."""

class LimitExceededError(Error):
    """Raised when a Counter would pass its limit; the counter keeps its value."""

def add(a: int, b: int) -> int:
    """Return the sum of two integers.

    Raises OverflowError if an argument or the sum does not fit in 64 bits.
    """

@final
class Counter:
    """A counter that moves in fixed steps and may stop at a limit.

    ``step`` may be negative (the counter then counts down) but not zero. Instances
    are safe to share between threads: each operation locks the counter.
    """

    __hash__: ClassVar[None]  # type: ignore[assignment]
    # PyO3 classes are created by __new__ (there is no __init__ to override).
    def __new__(cls, start: int = 0, *, step: int = 1, limit: int | None = None) -> Counter: ...
    @property
    def value(self) -> int:
        """The current value."""
    @property
    def step(self) -> int:
        """The amount one step adds."""
    @property
    def limit(self) -> int | None:
        """The value the counter never passes, or None."""
    def advance(self, times: int = 1) -> int:
        """Move ``times`` steps and return the new value.

        All or nothing: raises LimitExceededError (and keeps the value) if the
        counter would pass its limit, OverflowError if the value would not fit
        in 64 bits.
        """
    def __eq__(self, other: object, /) -> bool: ...
