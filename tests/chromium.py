"""Headless Chromium for tests, driven over the Chrome DevTools protocol on a pipe.

``--remote-debugging-pipe`` makes Chromium read protocol messages from file descriptor 3 and write
them to descriptor 4, each a JSON object ended by a NUL byte: no port, no websocket, no network.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
]


def find_chromium() -> str | None:
    """Debian's chromium (or the browser named by SKILLWEAVE_CHROMIUM)."""
    named = os.environ.get("SKILLWEAVE_CHROMIUM")
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class PageReport:
    """What happened while one page loaded."""

    url: str
    final_url: str = ""
    console: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    failed_loads: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    value: object = None

    @property
    def problems(self) -> list[str]:
        return self.console + self.exceptions + self.log + self.failed_loads


class Chromium:
    """One headless browser with one tab; use as a context manager."""

    def __init__(self, executable: str, timeout: float = 30):
        self.executable = executable
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="skillweave-chromium-")
        self._buffer = b""
        self._id = 0
        self._events: list[dict] = []

    def __enter__(self) -> "Chromium":
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()

        def wire_pipes() -> None:  # in the child: the protocol's descriptors 3 and 4
            # move both out of the way first: either may already be 3 or 4
            read_end = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD_CLOEXEC, 10)
            write_end = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD_CLOEXEC, 10)
            os.dup2(read_end, 3)  # dup2 leaves 3 and 4 inheritable: they survive the exec
            os.dup2(write_end, 4)

        self.process = subprocess.Popen(
            [self.executable, *FLAGS, f"--user-data-dir={self._profile.name}", "--remote-debugging-pipe",
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire_pipes, close_fds=False)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._write, self._read = to_browser_w, from_browser_r
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session=self.session)
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._write)
        os.close(self._read)
        self._profile.cleanup()

    # protocol

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float | None = None) -> dict:
        self._id += 1
        message: dict = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode("utf-8") + b"\0")
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            reply = self._next(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._events.append(reply)

    def _next(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("Chromium did not answer in time")
            ready, _, _ = select.select([self._read], [], [], left)
            if ready:
                chunk = os.read(self._read, 1 << 20)
                if not chunk:
                    raise EOFError("Chromium closed the protocol pipe")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def _wait_for(self, method: str, deadline: float, start: int = 0, where=None) -> int:
        """The index in the events of the first ``method`` event at or after ``start`` (for which
        ``where(params)`` holds), reading events until it comes."""
        def matches(event: dict) -> bool:
            return event.get("method") == method and (where is None or where(event.get("params", {})))

        for i in range(start, len(self._events)):
            if matches(self._events[i]):
                return i
        while True:
            self._events.append(self._next(deadline))
            if matches(self._events[-1]):
                return len(self._events) - 1

    # what tests use

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                           session=self.session)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"].get("text", "exception"))
        return result["result"].get("value")

    def open(self, url: str, expression: str | None = None, settle: float = 0.0,
             redirects_to: str | None = None) -> PageReport:
        """Load ``url``, wait for its load event (and ``settle`` seconds), report what happened and
        the value of ``expression`` evaluated in the page. A page that redirects at once (a meta
        refresh) names its target in ``redirects_to``: then the wait is for the target's load
        event, and ``expression`` is evaluated there (never in a page that is going away)."""
        self._events.clear()
        self.send("Page.navigate", {"url": url}, session=self.session)
        deadline = time.monotonic() + self.timeout
        start = 0
        if redirects_to is not None:
            start = self._wait_for("Page.frameNavigated", deadline, where=lambda p: (
                p.get("frame", {}).get("url") == redirects_to and not p.get("frame", {}).get("parentId")))
        self._wait_for("Page.loadEventFired", deadline, start)
        if settle:
            end = time.monotonic() + settle
            while time.monotonic() < end:
                try:
                    self._events.append(self._next(end))
                except TimeoutError:
                    break
        report = PageReport(url)
        report.value = self.evaluate(expression) if expression else None
        report.final_url = self.evaluate("location.href")
        for event in self._events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled":
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
                report.console.append(f"console.{params.get('type')}: {text}")
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                report.exceptions.append(details.get("exception", {}).get("description") or details.get("text", ""))
            elif method == "Log.entryAdded":
                entry = params.get("entry", {})
                if entry.get("level") in ("error", "warning"):
                    report.log.append(f"{entry.get('level')}: {entry.get('text')} ({entry.get('url', '')})")
            elif method == "Network.requestWillBeSent":
                report.requests.append(params.get("request", {}).get("url", ""))
            elif method == "Network.loadingFailed":
                report.failed_loads.append(f"{params.get('errorText')}: {params.get('type')}")
        return report
