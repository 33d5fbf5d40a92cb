"""`python -m mlaudit_lint`: the same as the `mlaudit-lint` command."""

import sys

from mlaudit_lint.cli import main

sys.exit(main())
