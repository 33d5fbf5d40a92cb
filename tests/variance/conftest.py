"""Fixtures of these tests: the shared sweep project (tests/sweep_project.py)."""

from tests.sweep_project import fake_training, load_report_fixture, project

__all__ = ["fake_training", "load_report_fixture", "project"]
