"""Where mlaudit-lint's documentation lives, for SARIF's helpUri/informationUri and --explain.

The base is the `Documentation` project URL of the installed distribution (pyproject.toml's
`[project.urls]`), else `DEFAULT_DOCUMENTATION_URL`; `MLAUDIT_DOCS_URL` overrides both (a fork or a
mirror that serves the docs elsewhere). A rule's page is `<base>/rules/<CODE>.md`, the file
`python -m mlaudit_lint.rules.docs` writes.
"""

from __future__ import annotations

import os
from functools import lru_cache

DISTRIBUTION = "pytest-mlaudit"
DOCS_ENV = "MLAUDIT_DOCS_URL"
DEFAULT_DOCUMENTATION_URL = "https://github.com/mlaudit/mlaudit/blob/main/docs"


@lru_cache(maxsize=1)
def _distribution_url() -> str | None:
    from importlib import metadata

    try:
        entries = metadata.metadata(DISTRIBUTION).get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    urls = dict(entry.split(",", 1) for entry in entries if "," in entry)
    urls = {label.strip().lower(): url.strip() for label, url in urls.items()}
    return urls.get("documentation")


def documentation_url() -> str:
    return (os.environ.get(DOCS_ENV) or _distribution_url() or DEFAULT_DOCUMENTATION_URL).rstrip(
        "/"
    )


def rule_url(code: str) -> str:
    return f"{documentation_url()}/rules/{code}.md"


def lint_docs_url() -> str:
    return f"{documentation_url()}/lint.md"
