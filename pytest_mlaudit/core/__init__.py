"""The data every sweep shares: `Run`, the grid (`Axis`, `CellResult`, `SweepSpec`), `Check` and
`CheckResult`, a finished `SweepOutcome`, the metrics and the statistics, argument checks.

The lowest layer: it imports nothing else of pytest_mlaudit (but `options`, the names of the
command-line options), and numpy/scipy only inside functions. Import its modules directly
(`from pytest_mlaudit.core.spec import SweepSpec`); this package re-exports nothing.
"""
