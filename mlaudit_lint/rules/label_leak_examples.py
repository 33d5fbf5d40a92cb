"""MLA001's VALID and INVALID examples (the tests and the docs page are generated from them)."""

from __future__ import annotations

from ..rule import Invalid, Valid

VALID: list[Valid] = []
INVALID: list[Invalid] = []
