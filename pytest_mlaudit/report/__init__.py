"""What a finished sweep becomes for people and tools: its JSON form (`schema`, the one owner of the
report format: writes, validates, reads), the report file (`file`), the environment fingerprint
(`environment`), the terminal tables and failure message (`terminal`), the live display
(`progress`) and the comparison of two reports (`diff`, behind `mlaudit diff`).

Imports only `pytest_mlaudit.core`: it reads outcomes, it never runs anything. Room for more
renderings of the same records (figures, HTML, MLflow export): one module each, reading
`schema`'s records.
"""

from __future__ import annotations

from pytest_mlaudit._lazy import lazy_exports

# What the report module of 0.1 offered, at its new homes.
_PUBLIC = {
    "SCHEMA": "pytest_mlaudit.report.schema",
    "build": "pytest_mlaudit.report.schema",
    "path_problem": "pytest_mlaudit.report.file",
    "write": "pytest_mlaudit.report.file",
}

__getattr__ = lazy_exports(globals(), _PUBLIC)
