"""`python -m mlaudit_lint`: the same as the `mlaudit-lint` command.

`python -m` puts the working directory first on `sys.path`, and the linter is often started inside
the tree it analyses: a `json.py` or `tokenize.py` there would be imported in place of the standard
module, running the analysed code. The directory is taken off `sys.path` before anything else is
imported (this package, already imported, keeps working through its own `__path__`).
"""

import os
import sys


def _without_working_directory(path: list[str]) -> list[str]:
    here = os.getcwd()
    return [entry for entry in path if entry not in ("", ".") and os.path.abspath(entry) != here]


sys.path[:] = _without_working_directory(sys.path)

from mlaudit_lint.cli import main  # noqa: E402 - only after sys.path is safe

sys.exit(main())
