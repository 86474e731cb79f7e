"""Headless Chromium driven over the Chrome DevTools Protocol, stdlib only.

Chromium is started with ``--remote-debugging-pipe``: it reads commands from
file descriptor 3 and writes replies and events to descriptor 4, each message a
JSON object followed by a NUL byte. No websocket library is needed.

Used by ``tests/test_render.py`` and ``bench/render_bench.py``::

    with Browser() as b:
        page = b.open(Path("network.html"))   # waits for the load event
        page.wait_for("window.kg && window.kg.ready")
        page.evaluate("kg.stats()")
        page.screenshot(Path("shot.png"))
        page.console_errors, page.requests      # collected events
"""
from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

__all__ = ["Browser", "Page", "chromium_path", "BrowserError"]

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
    "--disable-dev-shm-usage", "--no-default-browser-check", "--remote-debugging-pipe",
]


class BrowserError(RuntimeError):
    """Chromium failed to start, answered with an error, or timed out."""


def chromium_path() -> str | None:
    """The Chromium binary: ``$CHROMIUM``, else ``chromium`` or ``chromium-browser`` on PATH."""
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and (found := shutil.which(name)):
            return found
    return None


class Browser:
    """One headless Chromium process with a private profile directory."""

    def __init__(self, width: int = 1400, height: int = 900, timeout: float = 20.0):
        binary = chromium_path()
        if binary is None:
            raise BrowserError("chromium is not installed")
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="kg-chromium-")
        cmd_r, cmd_w = os.pipe()   # we write commands -> chromium reads fd 3
        ev_r, ev_w = os.pipe()     # chromium writes fd 4 -> we read

        def child_fds():  # runs in the child before exec: put the pipe ends at 3 and 4
            a, b = os.dup(cmd_r), os.dup(ev_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={self.profile}", f"--window-size={width},{height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=child_fds, close_fds=False,  # the pipes are non-inheritable; only 3 and 4 pass
        )
        os.close(cmd_r)
        os.close(ev_w)
        self._w, self._r = cmd_w, ev_r
        self._buf = b""
        self._next_id = 0
        self._events: list[dict] = []
        self.width, self.height = width, height

    # -- protocol
    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float | None = None) -> dict:
        """Send one command and wait for its reply; events that arrive meanwhile are queued."""
        self._next_id += 1
        msg = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            data = data[os.write(self._w, data):]
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for m in self._read(deadline):
                if m.get("id") == self._next_id:
                    if "error" in m:
                        raise BrowserError(f"{method}: {m['error'].get('message')}")
                    return m.get("result", {})
                self._events.append(m)

    def _read(self, deadline: float) -> list[dict]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise BrowserError("timed out waiting for chromium")
        ready, _, _ = select.select([self._r], [], [], min(remaining, 0.5))
        if not ready:
            if self.proc.poll() is not None:
                raise BrowserError(f"chromium exited with code {self.proc.returncode}")
            return []
        chunk = os.read(self._r, 1 << 20)
        if not chunk:
            raise BrowserError("chromium closed the debugging pipe")
        self._buf += chunk
        *msgs, self._buf = self._buf.split(b"\0")
        return [json.loads(m) for m in msgs if m]

    def pump(self, seconds: float = 0.0) -> list[dict]:
        """Read events for up to ``seconds``; return and clear the queue."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                self._events.extend(self._read(deadline))
            except BrowserError:
                break
        out, self._events = self._events, []
        return out

    # -- pages
    def open(self, path_or_url, *, wait_load: bool = True) -> "Page":
        """A fresh tab with console, network and exception events recorded, navigated to a file or URL."""
        url = Path(path_or_url).resolve().as_uri() if not str(path_or_url).startswith(("file:", "http", "about:", "data:")) else str(path_or_url)
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session, target)
        for domain in ("Runtime", "Log", "Network", "Page"):
            page.send(f"{domain}.enable")
        page.send("Emulation.setDeviceMetricsOverride",
                  {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False})
        page.navigate(url, wait_load=wait_load)
        return page

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                try:
                    self.send("Browser.close", timeout=3)
                except (BrowserError, OSError):
                    pass
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=5)
        finally:
            for fd in (self._w, self._r):
                try:
                    os.close(fd)
                except OSError:
                    pass
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Page:
    """One tab. Console errors, exceptions and requests are gathered from the events."""

    def __init__(self, browser: Browser, session: str, target: str):
        self.browser, self.session, self.target = browser, session, target
        self.console: list[tuple[str, str]] = []      # (level, text)
        self.exceptions: list[str] = []
        self.requests: list[str] = []                # every URL the page asked for
        self.url = "about:blank"
        self._loaded = False

    def send(self, method: str, params: dict | None = None, timeout: float | None = None) -> dict:
        result = self.browser.send(method, params, self.session, timeout)
        self._collect()
        return result

    def _collect(self) -> None:
        keep = []
        for ev in self.browser._events:
            if ev.get("sessionId") != self.session:
                keep.append(ev)
                continue
            method, p = ev.get("method"), ev.get("params", {})
            if method == "Runtime.consoleAPICalled":
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
                self.console.append((p.get("type", "log"), text))
            elif method == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                self.exceptions.append((d.get("exception") or {}).get("description") or d.get("text", "exception"))
            elif method == "Log.entryAdded":
                e = p.get("entry", {})
                self.console.append((e.get("level", "info"), f"[{e.get('source')}] {e.get('text')}"))
            elif method == "Network.requestWillBeSent":
                self.requests.append(p.get("request", {}).get("url", ""))
            elif method == "Page.loadEventFired":
                self._loaded = True
        self.browser._events = keep

    @property
    def console_errors(self) -> list[str]:
        """Console messages of level error (including CSP violations) and uncaught exceptions."""
        return [t for level, t in self.console if level in ("error", "assert")] + self.exceptions

    def external_requests(self) -> list[str]:
        """Requests other than the page itself and inline ``data:`` URLs."""
        return [u for u in self.requests if u != self.url and not u.startswith("data:")]

    def navigate(self, url: str, *, wait_load: bool = True) -> None:
        self.url, self._loaded = url, False
        self.send("Page.navigate", {"url": url})
        if wait_load:
            self.wait(lambda: self._loaded, "load event")

    def wait(self, predicate, what: str, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout or self.browser.timeout)
        while not predicate():
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for {what}")
            self.browser._events.extend(self.browser._read(deadline))
            self._collect()

    def evaluate(self, expression: str, *, await_promise: bool = False, timeout: float | None = None):
        """Evaluate a JavaScript expression and return its value (JSON-serialisable results only)."""
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                           "awaitPromise": await_promise}, timeout)
        if "exceptionDetails" in r:
            d = r["exceptionDetails"]
            raise BrowserError(f"{expression[:60]}: {(d.get('exception') or {}).get('description') or d.get('text')}")
        return r.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float | None = None, interval: float = 0.05):
        """Poll a JavaScript expression until it is truthy; return its value."""
        deadline = time.monotonic() + (timeout or self.browser.timeout)
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for {expression!r}")
            self.browser._events.extend(self.browser.pump(interval))
            self._collect()

    def screenshot(self, path: Path) -> Path:
        """Save a PNG of the viewport."""
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        self.browser.send("Target.closeTarget", {"targetId": self.target})
