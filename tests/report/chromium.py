"""A small headless-Chromium driver over the DevTools protocol on a pipe (--remote-debugging-pipe):
standard library only, no websocket, no port, nothing to download.

    with Chromium() as browser:
        page = browser.open(Path("out/report.html"))
        page.images()            # [{"figure", "complete", "width", "height"}, ...]
        page.errors              # console errors, uncaught exceptions, refused requests
        page.requests            # every URL the page asked for
        page.screenshot("#fig-...", Path("shot.png"))

Chromium reads commands from fd 3 and writes replies to fd 4, each a JSON message ended by NUL.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--remote-debugging-pipe",
)
NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def find() -> str | None:
    override = os.environ.get("MLAUDIT_CHROMIUM")
    if override:
        return override
    return next((path for path in map(shutil.which, NAMES) if path), None)


class BrowserError(RuntimeError):
    pass


class Chromium:
    def __init__(self, executable: str | None = None, timeout: float = 60.0) -> None:
        self.executable = executable or find()
        if self.executable is None:
            raise BrowserError("no Chromium found (apt-get install chromium)")
        self.timeout = timeout
        self._next_id = 0
        self._buffer = b""
        self.events: list[dict[str, Any]] = []

    def __enter__(self) -> Chromium:
        self._profile = tempfile.TemporaryDirectory(prefix="mlaudit-chromium-")
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()

        def child_fds() -> None:  # fd 3: commands in, fd 4: replies out
            # Both ends first move above 4 (either may be 3 or 4 already), then onto 3 and 4;
            # dup2 makes the copies inheritable. Every other descriptor Python opened is
            # non-inheritable (PEP 446), so close_fds=False leaks nothing else into the browser.
            read_end = fcntl.fcntl(to_browser_read, fcntl.F_DUPFD, 10)
            write_end = fcntl.fcntl(from_browser_write, fcntl.F_DUPFD, 10)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        # Not pass_fds=(3, 4): that needs 3 and 4 open in this process, which depends on what
        # it opened before (a closed fd 3 fails the start with EBADF).
        self._process = subprocess.Popen(
            [self.executable, *FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"],
            preexec_fn=child_fds,
            close_fds=False,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        if self._process.stderr is not None:
            self._process.stderr.close()
        self._profile.cleanup()

    # -- protocol -------------------------------------------------------------------------------
    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if ready:
                chunk = os.read(self._from_browser, 1 << 20)
                if not chunk:
                    raise BrowserError(f"Chromium exited (code {self._process.poll()})")
                self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next_id += 1
        number = self._next_id
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == number:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, session: str | None, seconds: float | None = None) -> dict:
        deadline = time.monotonic() + (seconds or self.timeout)
        for event in self.events:
            if event.get("method") == method and event.get("sessionId") == session:
                return event
        while True:
            event = self._read_message(deadline)
            self.events.append(event)
            if event.get("method") == method and event.get("sessionId") == session:
                return event

    def open(self, path: Path, width: int = 1280, height: int = 900) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session=session)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            session=session,
        )
        url = path.resolve().as_uri()
        self.send("Page.navigate", {"url": url}, session=session)
        self.wait_for("Page.loadEventFired", session)
        return Page(self, session, url)


class Page:
    def __init__(self, browser: Chromium, session: str, url: str) -> None:
        self.browser = browser
        self.session = session
        self.url = url

    def evaluate(self, expression: str) -> Any:
        result = self.browser.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            session=self.session,
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"evaluate failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def images(self) -> list[dict[str, Any]]:
        """Every <img> once decoded: its figure's id, whether it loaded, its natural size."""
        return self.evaluate(
            """Promise.all(Array.from(document.images).map(img => img.decode().then(
                   () => true, () => false).then(decoded => ({
                   figure: img.closest('figure') ? img.closest('figure').id : null,
                   decoded: decoded, complete: img.complete,
                   width: img.naturalWidth, height: img.naturalHeight}))))"""
        )

    def _mine(self) -> list[dict[str, Any]]:
        self.evaluate("1")  # drain what arrived so far
        return [e for e in self.browser.events if e.get("sessionId") == self.session]

    @property
    def errors(self) -> list[str]:
        out = []
        for event in self._mine():
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                out.append(
                    "console: "
                    + " ".join(
                        str(a.get("value", a.get("description"))) for a in params.get("args", [])
                    )
                )
            elif method == "Runtime.exceptionThrown":
                out.append("exception: " + str(params.get("exceptionDetails", {}).get("text")))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                out.append("log: " + str(params["entry"].get("text")))
        return out

    @property
    def requests(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self._mine()
            if e.get("method") == "Network.requestWillBeSent"
        ]

    def screenshot(self, selector: str, target: Path) -> tuple[int, int]:
        """A PNG of one element (scrolled into view); returns its size in CSS pixels."""
        box = self.evaluate(
            f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
                 if (!e) return null; e.scrollIntoView();
                 const r = e.getBoundingClientRect();
                 return {{x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height}}; }})()"""
        )
        if not box:
            raise BrowserError(f"no element matches {selector!r}")
        shot = self.browser.send(
            "Page.captureScreenshot",
            {"format": "png", "clip": {**box, "scale": 1}, "captureBeyondViewport": True},
            session=self.session,
        )
        target.write_bytes(base64.b64decode(shot["data"]))
        return round(box["width"]), round(box["height"])


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.report.chromium PAGE.html FIGURE-ID OUT.png``: a screenshot of one figure
    (how docs/figures/table4_f1_by_precision.png was taken from a real report.html)."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("page", type=Path)
    parser.add_argument(
        "element",
        help="the element's id, e.g. 'fig-...--strip-f1' (the <figure id> in the page; '#' optional)",
    )
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    # figure ids hold dots ("test_x.py_..."), which a '#id' selector reads as classes
    selector = f"[id={json.dumps(args.element.removeprefix('#'))}]"
    try:
        with Chromium() as browser:
            page = browser.open(args.page)
            width, height = page.screenshot(selector, args.out)
            errors = page.errors
    except BrowserError as error:
        print(f"{args.page}: {error}")
        return 2
    print(f"{args.out}: {width} x {height} CSS px; console errors: {len(errors)}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
