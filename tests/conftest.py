import pytest

pytest_plugins = ["pytester"]


@pytest.fixture(autouse=True)
def _plain_terminal_outside_ci(monkeypatch):
    # pytest prints the short test summary untruncated when CI or BUILD_NUMBER is
    # set, so a failure message appears twice in a pytester run on CI and once
    # elsewhere; tests that count messages must see the same output everywhere.
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("BUILD_NUMBER", raising=False)
