"""Fixtures of the Ray tests: the plugin tests' fake training in a pytester dir."""

import pytest

from tests.sweep_project import FAKE_TRAINING


@pytest.fixture
def project(pytester):
    """A pytester dir with `fake.py` importable from test files (and from local Ray workers)."""
    pytester.makepyfile(fake=FAKE_TRAINING)
    pytester.syspathinsert()
    return pytester
