"""mlaudit-lint: a libcst dataflow linter for methodology errors in ML code (label leaks first)."""

__version__ = "0.1.0"
