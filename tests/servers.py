"""Servers that tests run on loopback: a real Oxigraph server, and a small scripted HTTP server
that misbehaves on purpose (refuses, redirects, trickles, floods)."""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("the oxigraph server is not installed (pip install -e '.[test]')")
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def oxigraph_server(location: Path, read_only: bool = False) -> Iterator[str]:
    """Run ``oxigraph serve`` on a free loopback port; yields its base URL (http://127.0.0.1:PORT)."""
    binary = oxigraph_binary()
    port = free_port()
    log = location.parent / f"oxigraph-{port}.log"
    mode = "serve-read-only" if read_only else "serve"
    with log.open("wb") as stderr:  # a file, not a pipe: nothing can block on it
        server = subprocess.Popen([binary, mode, "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                                  stdout=subprocess.DEVNULL, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:  # wait until it answers (not a timing assertion)
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=5):
                    break
            except (urllib.error.URLError, OSError):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the oxigraph server did not start: {log.read_text()}") from None
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # pragma: no cover
            server.kill()
            server.wait()


Handler = Callable[[http.server.BaseHTTPRequestHandler], None]


@contextlib.contextmanager
def scripted_server(handle: Handler) -> Iterator[tuple[str, list[dict]]]:
    """A loopback HTTP server that answers every request with ``handle(request_handler)``; yields its
    base URL and the list of requests it saw (method, path, headers, body)."""
    seen: list[dict] = []

    class H(http.server.BaseHTTPRequestHandler):
        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            seen.append({"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body})
            try:
                handle(self)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = do_PUT = do_POST = do_DELETE = _any

        def log_message(self, *args) -> None:  # keep test output quiet
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
