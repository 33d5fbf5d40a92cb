"""report.html in a real browser: headless Chromium (Debian package `chromium`; .ci/run installs
it) opens the page from disk and renders every figure (decoded, natural size > 0), with no console
error and no request leaving the page.

Without Chromium these tests skip, except where MLAUDIT_REQUIRE_BROWSER=1 (CI sets it): there a
missing browser fails them.
"""

from __future__ import annotations

import os

import pytest

from pytest_mlaudit.report import figures, sidecars
from tests.report import chromium, sample

pytest.importorskip("matplotlib")

if chromium.find() is None:
    if os.environ.get("MLAUDIT_REQUIRE_BROWSER") == "1":
        raise RuntimeError(
            "MLAUDIT_REQUIRE_BROWSER=1 but no Chromium found: apt-get install chromium"
        )
    pytest.skip("no Chromium (apt-get install chromium; CI requires it)", allow_module_level=True)


@pytest.fixture(scope="module")
def page_of_every_kind(tmp_path_factory):
    report = sample.rich_report()
    rendered, notes = sidecars.render_figures(report)
    assert not notes
    path = tmp_path_factory.mktemp("page") / "report.html"
    path.write_text(sidecars.html_text(report, rendered), encoding="utf-8")
    return path, report, rendered


def test_every_figure_renders_in_headless_chromium(page_of_every_kind):
    path, report, rendered = page_of_every_kind
    with chromium.Chromium() as browser:
        page = browser.open(path)
        images = page.images()
        errors = page.errors
        requests = page.requests
    expected = [f"fig-{item.spec.id}" for item in rendered]
    drawn = [image for image in images if image["figure"] in expected]
    assert sorted(image["figure"] for image in drawn) == sorted(expected)
    for image in images:  # the figures and the one a section embeds
        assert image["decoded"] and image["complete"], image
        assert image["width"] > 0 and image["height"] > 0, image
    assert len(images) == len(expected) + 1  # + the section's embedded figure
    assert {item.spec.kind for item in rendered} >= {
        "strip",
        "collapses",
        "reference",
        "ranking",
        "sine",
        "agreement",
        "variance",
        "family",
        "mechanism",
    }
    assert errors == []
    assert [url for url in requests if not url.startswith("data:")] == [path.resolve().as_uri()]


def test_a_page_that_asks_the_network_is_caught(tmp_path):
    """The check above can fail: a page that links an image outside itself is blocked by its
    own policy, and the browser says so."""
    page_text = sidecars.html_text(sample.report()).replace(
        "</main>", '<img src="https://example.invalid/x.png"></main>'
    )
    path = tmp_path / "leaky.html"
    path.write_text(page_text)
    with chromium.Chromium() as browser:
        page = browser.open(path)
        images = page.images()
        errors = page.errors
    assert images and images[0]["width"] == 0
    assert any("Content Security Policy" in error for error in errors), errors


def test_no_figures_without_runs():
    assert figures.plan(sample.report()) == []
