# Type stubs of the compiled module `{{python_module}}._core` (src/python/).
# Keep them in step with the Rust code: `nox -s types` runs mypy's stubtest,
# which fails when they disagree.
{%- if asyncio %}
import asyncio
{%- endif %}
{%- if serde %}
import os
from collections.abc import Mapping
{%- endif %}
from typing import {% if serde %}Any, {% endif %}ClassVar, Final, final
{%- if numpy %}

import numpy as np
from numpy.typing import NDArray
{%- endif %}

__version__: Final[str]

class Error(Exception):
    """Base class of every error raised by the {{python_module}} package: catch it to catch them all."""

class InvalidArgumentError(Error, ValueError):
    """An argument is outside the values the operation accepts."""

class LimitExceededError(Error):
    """Raised when a Counter would pass its limit; the counter keeps its value."""
{%- if serde %}

class ConfigError(Error, ValueError):
    """Settings that cannot be read or are invalid; ``field`` names the offending field."""

    field: str
{%- endif %}

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
{%- if serde %}

@final
class Settings:
    """Device settings, checked when they are loaded.

    Build them with ``from_json``, ``from_toml``, ``from_file`` or
    ``from_dict``; ``Settings()`` gives the defaults. Instances are immutable.
    Invalid input raises ConfigError, whose ``field`` names the offending
    field (for example ``channels[1].gain``).
    """

    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __new__(cls) -> Settings: ...
    @staticmethod
    def from_json(text: str) -> Settings:
        """Parse settings from JSON text."""
    @staticmethod
    def from_toml(text: str) -> Settings:
        """Parse settings from TOML text."""
    @staticmethod
    def from_file(path: str | os.PathLike[str]) -> Settings:
        """Read settings from a ``.json`` or ``.toml`` file."""
    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> Settings:
        """Build settings from a dict like the one ``to_dict`` returns."""
    def to_dict(self) -> dict[str, Any]:
        """The settings as a dict of plain Python values."""
    def to_json(self) -> str:
        """The settings as JSON text."""
    def to_toml(self) -> str:
        """The settings as TOML text."""
    @property
    def device(self) -> str:
        """The device to open."""
    @property
    def baud_rate(self) -> int:
        """The serial speed in baud."""
    @property
    def timeout_ms(self) -> int:
        """How long to wait for a reply, in milliseconds."""
    @property
    def retries(self) -> int:
        """How often to try again after a failure."""
    def __eq__(self, other: object, /) -> bool: ...
{%- endif %}
{%- if numpy %}

def norm(array: NDArray[np.float64]) -> float:
    """Return the Euclidean (L2) norm of a 1-dimensional float64 array.

    Reads the array in place. Raises TypeError for another dtype or number of
    dimensions, ValueError for a non-contiguous array (a strided view).
    """

def scale(array: NDArray[np.float64], factor: float) -> None:
    """Multiply every element of a 1-dimensional float64 array by ``factor``, in place.

    Raises TypeError for another dtype or number of dimensions, ValueError for a
    non-contiguous or read-only array.
    """
{%- endif %}
{%- if asyncio %}

def advance_later(counter: Counter, delay: float, times: int = 1) -> asyncio.Future[int]:
    """Wait ``delay`` seconds without blocking the event loop, then advance
    ``counter`` by ``times`` steps; the awaitable gives the new value.

    The wait runs on a Rust (tokio) runtime, so many can run at once.
    Cancelling the awaitable before the delay is over leaves the counter
    untouched. Call it from a coroutine (it needs the running event loop).
    Raises InvalidArgumentError at once for a delay outside 0 to 86400
    seconds; errors of ``Counter.advance`` arrive when awaited.
    """
{%- endif %}
