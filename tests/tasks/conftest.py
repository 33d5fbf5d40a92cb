"""Shared pieces of the task-kind tests: scikit-learn loaded before any in-process pytester run
(a C extension imported inside an inner run and dropped after it cannot be imported again)."""

import json

import numpy  # noqa: F401
import pytest
import rich.console
import rich.table  # noqa: F401
import scipy.special
import scipy.stats  # noqa: F401
import sklearn.datasets
import sklearn.ensemble
import sklearn.linear_model
import sklearn.metrics
import sklearn.model_selection
import sklearn.tree  # noqa: F401
import threadpoolctl  # noqa: F401

from pytest_mlaudit.core import metric_names


@pytest.fixture
def report_of():
    """The report a pytester run wrote: report_of(pytester, "r.json") -> dict."""

    def read(pytester, name="r.json"):
        with open(pytester.path / name, encoding="utf-8") as handle:
            return json.load(handle)

    return read


@pytest.fixture(autouse=True)
def _forget_registered_metrics():
    """A test that registers a metric (here or in an in-process pytester run) leaves no trace."""
    before = dict(metric_names._REGISTRY)
    yield
    metric_names._REGISTRY.clear()
    metric_names._REGISTRY.update(before)
