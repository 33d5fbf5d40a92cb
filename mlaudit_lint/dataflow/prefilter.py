"""The textual pre-check, built from the selected rules' policies.

A file is parsed only if some selected policy says its text may matter (`Policy.prefilter`).
Each policy's check must be sound for that policy: False only when the file can change none of
its findings. Files a candidate imports are followed by the engine whatever their text says.
"""

from __future__ import annotations

from collections.abc import Iterable

from .policy import Policy


def may_contain_flows(text: str, policies: Iterable[Policy]) -> bool:
    """Whether any of `policies` may find something in `text`."""
    return any(policy.prefilter(text) for policy in policies)
