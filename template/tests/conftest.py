"""Settings for the whole test suite."""

from hypothesis import settings

# No time limit per example: a slow CI runner must not fail a correct test.
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")
