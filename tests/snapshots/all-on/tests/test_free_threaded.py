"""On a free-threaded interpreter, the module runs without the GIL."""

import sys
import sysconfig

import pytest

import everything

FREE_THREADED = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


@pytest.mark.skipif(not FREE_THREADED, reason="needs a free-threaded interpreter")
def test_importing_the_module_keeps_the_gil_off() -> None:
    # A module that declared it needs the GIL would have switched it back on.
    assert everything.__version__
    gil_enabled = getattr(sys, "_is_gil_enabled", lambda: True)()
    assert not gil_enabled
