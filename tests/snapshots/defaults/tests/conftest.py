"""Settings and checks for the whole test suite."""

import importlib
from pathlib import Path

import pytest
from hypothesis import settings

PACKAGE = "my_project"
PROJECT = Path(__file__).resolve().parent.parent
HOW_TO_BUILD = (
    "build it first: `uv sync`, then `uv run pytest`; or, in an activated virtualenv, "
    "`pip install -e . --group all` once and `maturin develop --skip-install` after each "
    "change to the Rust code; or `uvx nox -s tests`, which does all of it"
)

# No time limit per example: a slow CI runner must not fail a correct test.
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")


def pytest_configure(config: pytest.Config) -> None:
    """Stop at once, saying what to run, when the package is not built or out of date."""
    try:
        compiled = importlib.import_module(f"{PACKAGE}._core")
    except ModuleNotFoundError as missing:
        raise pytest.UsageError(f"{missing}: {HOW_TO_BUILD}") from None
    library = Path(compiled.__file__ or "").resolve()
    if not library.is_relative_to(PROJECT):
        return  # installed from a wheel, not built in place
    built = library.stat().st_mtime
    sources = [PROJECT / "Cargo.toml", *sorted((PROJECT / "src").rglob("*.rs"))]
    newer = [source for source in sources if source.stat().st_mtime > built]
    if newer:
        changed = newer[0].relative_to(PROJECT)
        raise pytest.UsageError(
            f"{library.name} was built before {changed} last changed, so the tests would run "
            f"the old code: rebuild it (`maturin develop --skip-install`, or `uv sync`) first"
        )
