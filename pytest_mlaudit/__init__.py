"""pytest-mlaudit: methodology checks of applied-ML research as pytest assertions.

Importing this package must stay cheap: numpy, scipy and torch are imported lazily by the
modules that need them, never here.
"""

__version__ = "0.1.0"
