"""Rust code callable from Python, built with PyO3 and maturin

The functions and classes are implemented in Rust, in the compiled ``_core``
module that maturin builds; this package re-exports every public name of it,
so a function or class added there needs no list here. Add pure-Python code
next to this file.
"""

import sys
from typing import TYPE_CHECKING

try:
    from ._core import *  # noqa: F403 (every public name of the compiled module)
    from ._core import __version__ as __version__
except ModuleNotFoundError as missing:
    if missing.name != f"{__name__}._core":
        raise
    message = (
        f"{__name__}._core, the compiled part of {__name__}, is not built: build it with "
        "`uv sync` (or `maturin develop` in an activated virtualenv), then try again"
    )
    raise ModuleNotFoundError(message, name=missing.name) from None

if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        """Say what to do when a name is missing: most often, the build is older than the code."""
        message = (
            f"module {__name__!r} has no attribute {name!r}; if it is new Rust code, rebuild the "
            "compiled module: `uv sync` (or `maturin develop --skip-install`), then try again"
        )
        raise AttributeError(message, name=name, obj=sys.modules[__name__])
