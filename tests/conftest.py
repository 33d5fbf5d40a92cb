import pytest

pytest_plugins = ["pytester"]


@pytest.fixture(autouse=True)
def _plain_terminal_outside_ci(monkeypatch):
    # pytest prints the short test summary untruncated when CI or BUILD_NUMBER is
    # set, so a failure message appears twice in a pytester run on CI and once
    # elsewhere; tests that count messages must see the same output everywhere.
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("BUILD_NUMBER", raising=False)


@pytest.fixture(autouse=True, scope="session")
def _matplotlib_loaded_before_any_pytester_run():
    # pytester's in-process runs drop the modules first imported during the run. If part of
    # matplotlib is first imported inside one (a report drawn by a test project), a later
    # figure mixes two copies of matplotlib's classes ("Single argument to subplot must be a
    # three-digit integer, not GridSpec"). Load and exercise it once, up front.
    try:
        from io import BytesIO

        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:  # the plots extra is not installed: nothing to pin
        return
    figure = Figure()
    FigureCanvasAgg(figure)
    figure.add_subplot(figure.add_gridspec(1, 1)[0, 0]).plot([0, 1], [0, 1], label="x")
    figure.legend()
    for kind in ("png", "svg"):
        figure.savefig(BytesIO(), format=kind)
