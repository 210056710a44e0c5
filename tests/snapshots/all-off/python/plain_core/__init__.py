"""Rust code callable from Python, built with PyO3 and maturin

The functions and classes are implemented in Rust, in the compiled ``_core``
module that maturin builds; this package re-exports them. Add pure-Python code
next to this file.
"""

from ._core import (
    Counter,
    Error,
    InvalidArgumentError,
    LimitExceededError,
    __version__,
    add,
)

__all__ = [
    "Counter",
    "Error",
    "InvalidArgumentError",
    "LimitExceededError",
    "__version__",
    "add",
]
