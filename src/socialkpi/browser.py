"""Headless Chromium (the Debian package ``chromium``) for the report test and the screenshots.

- :func:`dump_dom` renders a page (JavaScript run, virtual time budget) and returns the DOM.
- :class:`DevToolsPage` drives one tab through the DevTools protocol (navigate, evaluate,
  wait for a condition, screenshot of the page, of an element or of the full height), for
  pages that need a login or scrolling (the Airflow UI).
- :func:`chart_points` / :func:`check_charts` count the data points Plotly drew in a DOM dump.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--no-first-run", "--no-default-browser-check", "--hide-scrollbars", "--mute-audio",
)  # fmt: skip


def chromium_path() -> str | None:
    """The Chromium binary, or None when the package is not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def dump_dom(url: str, budget_ms: int = 20000, window: str = "1400,2000") -> str:
    """The DOM of ``url`` after its scripts ran (Chromium's --dump-dom)."""
    binary = chromium_path()
    if binary is None:
        raise FileNotFoundError("chromium is not installed (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="socialkpi-chromium-") as profile:
        result = subprocess.run(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={window}",
             f"--virtual-time-budget={budget_ms}", "--dump-dom", url],
            capture_output=True, text=True, timeout=180,
        )  # fmt: skip
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"chromium --dump-dom {url} failed: {result.stderr[-2000:]}")
    return result.stdout


VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


class _ChartPoints(HTMLParser):
    """Per ``div.chart`` (by id): its ``data-points`` and the points drawn in its plot area.

    Drawn points, inside ``g.cartesianlayer`` (the legend is elsewhere): markers
    (``path.point``), bars (``g.point``), and the vertices of line paths (``path.js-line``:
    one ``M`` or ``L`` per point, lines are drawn without simplification).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, set[str]]] = []
        self.chart: str | None = None
        self.chart_depth = 0
        self.expected: dict[str, int] = {}
        self.drawn: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        if tag == "div" and "chart" in classes and "data-points" in attributes:
            self.chart = attributes.get("id")
            self.chart_depth = len(self.stack)
            self.expected[self.chart] = int(attributes["data-points"])
            self.drawn[self.chart] = 0
        elif self.chart is not None and any("cartesianlayer" in c for _, c in self.stack):
            if tag == "path" and "point" in classes:
                self.drawn[self.chart] += 1
            elif tag == "g" and "point" in classes:
                self.drawn[self.chart] += 1
            elif tag == "path" and "js-line" in classes:
                self.drawn[self.chart] += len(re.findall(r"[ML]", attributes.get("d") or ""))
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, classes))

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if self.chart is not None and len(self.stack) <= self.chart_depth:
            self.chart = None


def chart_points(dom: str) -> dict[str, tuple[int, int]]:
    """``{chart id: (expected points, drawn points)}`` for every chart of a DOM dump."""
    parser = _ChartPoints()
    parser.feed(dom)
    return {key: (parser.expected[key], parser.drawn[key]) for key in parser.expected}


def check_charts(dom: str) -> list[str]:
    """Problems found: a chart that drew fewer (or more) points than its data holds."""
    problems = []
    for chart, (expected, drawn) in chart_points(dom).items():
        if drawn != expected:
            problems.append(f"{chart}: {drawn} of {expected} points drawn")
    return problems


class DevToolsPage:
    """One headless Chromium tab driven through the DevTools protocol (websockets)."""

    def __init__(self, width: int = 1440, height: int = 900) -> None:
        from websockets.sync.client import connect

        binary = chromium_path()
        if binary is None:
            raise FileNotFoundError("chromium is not installed (Debian: apt-get install chromium)")
        self._profile = tempfile.mkdtemp(prefix="socialkpi-chromium-")
        self._process = subprocess.Popen(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={self._profile}",
             f"--window-size={width},{height}", "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        port_file = Path(self._profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or len(port_file.read_text().splitlines()) < 2:
            if time.monotonic() > deadline or self._process.poll() is not None:
                self.close()
                raise RuntimeError("chromium did not open its DevTools port")
            time.sleep(0.1)
        port = port_file.read_text().splitlines()[0]
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as response:
            targets = json.load(response)
        page = next(t for t in targets if t["type"] == "page")
        self._ws = connect(page["webSocketDebuggerUrl"], max_size=None, open_timeout=30)
        self._next_id = 0
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width, height=height, deviceScaleFactor=1, mobile=False,
        )  # fmt: skip

    def call(self, method: str, **params) -> dict:
        self._next_id += 1
        message_id = self._next_id
        self._ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self._ws.recv(timeout=120))
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression: str):
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def goto(self, url: str, wait_for: str | None = None, timeout: float = 60) -> None:
        self.call("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete'", timeout)
        if wait_for:
            self.wait_for(wait_for, timeout)

    def wait_for(self, expression: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not self.evaluate(f"Boolean({expression})"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout} s for {expression}")
            time.sleep(0.25)

    def screenshot(self, path: Path, selector: str | None = None, full_page: bool = False) -> None:
        """PNG of the viewport, of the element matching ``selector`` or of the full page."""
        params: dict = {"format": "png"}
        if selector is not None:
            box = self.evaluate(
                f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                " e.scrollIntoView(); const r = e.getBoundingClientRect();"
                " return {x: r.left + window.scrollX, y: r.top + window.scrollY,"
                " width: r.width, height: r.height}; })()"
            )
            params.update(clip={**box, "scale": 1}, captureBeyondViewport=True)
        elif full_page:
            size = self.evaluate(
                "({width: document.documentElement.scrollWidth,"
                " height: document.documentElement.scrollHeight})"
            )
            params.update(clip={"x": 0, "y": 0, **size, "scale": 1}, captureBeyondViewport=True)
        data = self.call("Page.captureScreenshot", **params)["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self) -> None:
        ws = getattr(self, "_ws", None)
        if ws is not None:
            ws.close()
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> DevToolsPage:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
