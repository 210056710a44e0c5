"""Talks to Acme's sensor hubs (v2 protocol)

The functions and classes are implemented in Rust, in the compiled ``_core``
module that maturin builds; this package re-exports them. Add pure-Python code
next to this file.
"""

from ._core import (
    ConfigError,
    Counter,
    Error,
    InvalidArgumentError,
    LimitExceededError,
    Settings,
    __version__,
    add,
    norm,
    scale,
)

__all__ = [
    "ConfigError",
    "Counter",
    "Error",
    "InvalidArgumentError",
    "LimitExceededError",
    "Settings",
    "__version__",
    "add",
    "norm",
    "scale",
]
