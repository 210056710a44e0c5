"""{{description}}

The functions and classes are implemented in Rust, in the compiled ``_core``
module that maturin builds; this package re-exports them. Add pure-Python code
next to this file.
"""

from ._core import (
{%- if serde %}
    ConfigError,
{%- endif %}
    Counter,
    Error,
    InvalidArgumentError,
    LimitExceededError,
{%- if serde %}
    Settings,
{%- endif %}
    __version__,
    add,
{%- if asyncio %}
    advance_later,
{%- endif %}
{%- if numpy %}
    norm,
    scale,
{%- endif %}
)

__all__ = [
{%- if serde %}
    "ConfigError",
{%- endif %}
    "Counter",
    "Error",
    "InvalidArgumentError",
    "LimitExceededError",
{%- if serde %}
    "Settings",
{%- endif %}
    "__version__",
    "add",
{%- if asyncio %}
    "advance_later",
{%- endif %}
{%- if numpy %}
    "norm",
    "scale",
{%- endif %}
]
