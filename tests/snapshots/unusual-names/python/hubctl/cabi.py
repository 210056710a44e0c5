"""The crate's plain C ABI (``src/ffi.rs``), called through ctypes.

The functions live in the same shared library as the compiled ``_core``
module, so no second library ships. ``lib`` is that library; the module-level
functions wrap its exported functions (``argtypes`` and ``restype`` set) and
turn status codes into exceptions.

The PyO3 functions (``hubctl.add``) are the faster way to call Rust
from Python; this path exists for code that must go through a C ABI.
"""

import ctypes
from collections.abc import Sequence
from typing import Any

from . import _core
from ._core import Error

__all__ = [
    "CAbiError",
    "add",
    "c_add",
    "c_status_message",
    "c_sum",
    "c_version",
    "lib",
    "status_message",
    "total",
    "version",
]

# Status codes, as in include/acme_sensor_hub_bindings.h.
OK = 0
ERR_NULL_POINTER = 1
ERR_OVERFLOW = 2
ERR_INVALID_LENGTH = 3
ERR_INVALID_ARGUMENT = 4
ERR_PANIC = 99

#: The shared library of the compiled module, which exports the C ABI too.
lib = ctypes.CDLL(_core.__file__)
#: The exported functions are called ``<prefix><name>``.
PREFIX = "acme_sensor_hub_bindings_"


def _c_function(name: str, argtypes: list[Any], restype: Any) -> Any:
    """The exported function ``PREFIX + name``, typed for ctypes."""
    function = getattr(lib, PREFIX + name)
    function.argtypes = argtypes
    function.restype = restype
    return function


_I64_P = ctypes.POINTER(ctypes.c_int64)
c_add = _c_function("add", [ctypes.c_int64, ctypes.c_int64, _I64_P], ctypes.c_int32)
c_sum = _c_function("sum", [_I64_P, ctypes.c_size_t, _I64_P], ctypes.c_int32)
c_status_message = _c_function("status_message", [ctypes.c_int32], ctypes.c_char_p)
c_version = _c_function("version", [], ctypes.c_char_p)


def status_message(status: int) -> str:
    """The library's description of a status code."""
    message: bytes = c_status_message(status)
    return message.decode()


class CAbiError(Error):
    """A C ABI function returned an error status; ``status`` holds it."""

    def __init__(self, status: int) -> None:
        super().__init__(f"status {status}: {status_message(status)}")
        self.status = status


def _check(status: int) -> None:
    if status == ERR_OVERFLOW:
        raise OverflowError(status_message(status))
    if status != OK:
        raise CAbiError(status)


def add(a: int, b: int) -> int:
    """Return ``a + b`` computed through the C ABI; OverflowError beyond 64 bits."""
    out = ctypes.c_int64()
    _check(c_add(a, b, ctypes.byref(out)))
    return out.value


def total(values: Sequence[int]) -> int:
    """Return the sum of ``values``, passed to the C ABI as one int64 buffer."""
    buffer = (ctypes.c_int64 * len(values))(*values)
    out = ctypes.c_int64()
    _check(c_sum(buffer, len(values), ctypes.byref(out)))
    return out.value


def version() -> str:
    """The library version, as the C ABI reports it."""
    text: bytes = c_version()
    return text.decode()
