"""Fixtures of the leak-probe tests: the mosaic and germline stand-ins (see leak_standin.py)."""

import pytest

from tests.leakage.leak_standin import make_candidates


@pytest.fixture(scope="session")
def mosaic():
    return make_candidates("mosaic", seed=1)


@pytest.fixture(scope="session")
def germline():
    return make_candidates("germline", seed=1)
