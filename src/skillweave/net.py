"""HTTP with bounds, for the few commands that talk to a server the user names: a SPARQL endpoint
(``--vocabulary URL``) and a graph store (``skillweave publish``).

Nothing here trusts the server: each exchange has one deadline for the whole of it (a server that
sends a byte every few seconds is cut off when the deadline passes, not only when one read
stalls), the answer is read up to a size limit, redirects are followed only to the same scheme,
host and port and at most :data:`MAX_REDIRECTS` times, and only ``http`` and ``https`` URLs are
accepted. Credentials never come from the URL (a command line is visible to other users of the
machine): callers pass them as headers.
"""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from skillweave import __version__
from skillweave.errors import HttpError

#: redirects followed at most, each to the same scheme, host and port
MAX_REDIRECTS = 5
#: the largest answer read, unless a caller asks for another limit
MAX_ANSWER_BYTES = 64 * 1024 * 1024
_CHUNK = 64 * 1024
#: terminal escape sequences a server might send to forge or colour our messages
#: what no URL may hold (and Python's HTTP client refuses): spaces and control characters
_NOT_IN_URL = re.compile(r"[\x00-\x20\x7f]")
_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07|.)")


@dataclass(frozen=True)
class Response:
    status: int
    reason: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    #: the URL that answered (after redirects)
    url: str = ""

    def text(self, limit: int = 300) -> str:
        """The start of the body as one printable line (for error messages)."""
        text = _ANSI.sub("", self.body[:limit].decode("utf-8", "replace"))
        return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def check_url(url: str) -> urllib.parse.SplitResult:
    """The parts of an http(s) URL; refuses other schemes and credentials written into the URL."""
    beyond = next((c for c in url if ord(c) > 0x7F), None)
    if beyond is not None:
        encoded = "".join(f"%{b:02X}" for b in beyond.encode("utf-8"))
        raise HttpError(f"not a valid URL: {url!r} holds {beyond!r}, which a URL writes percent-encoded "
                        f"({encoded}; a host name in its xn-- form)")
    bad = _NOT_IN_URL.search(url)
    if bad:
        raise HttpError(f"not a valid URL: {url!r} holds a space (write it as %20)" if bad.group() == " " else
                        f"not a valid URL: {url!r} holds a control character; remove it")
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError as exc:  # an unclosed IPv6 bracket, for one
        raise HttpError(f"not a valid URL: {url!r} ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HttpError(f"not an http(s) URL: {url!r}")
    if parts.username is not None or parts.password is not None:
        raise HttpError("the URL carries credentials; give them through the environment instead "
                        "(a command line is visible to other users)")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        raise HttpError(f"not a valid port in {url!r}") from None
    return parts


def _origin(parts: urllib.parse.SplitResult) -> tuple[str, str, int]:
    default = 443 if parts.scheme == "https" else 80
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


def request(method: str, url: str, *, body: bytes | None = None, headers: dict[str, str] | None = None,
            timeout: float = 60.0, max_bytes: int = MAX_ANSWER_BYTES) -> Response:
    """Send one request and return the answer (any status: callers judge it).

    Raises :class:`HttpError` when the server cannot be reached, the deadline passes, the answer is
    larger than ``max_bytes``, or a redirect leads to another origin or goes on too long.
    """
    deadline = time.monotonic() + timeout
    parts = check_url(url)
    origin = _origin(parts)
    sent_headers = {"User-Agent": f"skillweave/{__version__}", **(headers or {})}
    for _ in range(MAX_REDIRECTS + 1):
        response = _exchange(method, parts, body, sent_headers, deadline, timeout, max_bytes)
        location = response.headers.get("location")
        if response.status not in (301, 302, 303, 307, 308) or not location:
            return response
        target = urllib.parse.urlsplit(urllib.parse.urljoin(parts.geturl(), location))
        if target.scheme not in ("http", "https") or _origin(target) != origin:
            raise HttpError(f"{parts.geturl()} redirected to another server ({target.scheme}://{target.netloc}); "
                            "give that URL yourself if you trust it")
        if response.status == 303:
            method, body = "GET", None
        parts = target
    raise HttpError(f"{url} redirected more than {MAX_REDIRECTS} times")


def _exchange(method: str, parts: urllib.parse.SplitResult, body: bytes | None, headers: dict[str, str],
              deadline: float, timeout: float, max_bytes: int) -> Response:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise HttpError(f"{parts.geturl()} did not answer within {timeout:g} s")
    host, port = parts.hostname or "", parts.port
    if parts.scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            host, port, timeout=remaining, context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(host, port, timeout=remaining)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    # One deadline for the whole exchange: a watchdog shuts the socket down when it passes, which
    # ends a read that a trickling server keeps alive a byte at a time. (The socket is held here:
    # the connection forgets it once the answer says it will close.)
    expired = threading.Event()
    sockets: list[socket.socket] = []

    def cut() -> None:
        expired.set()
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    watchdog = threading.Timer(remaining, cut)
    watchdog.daemon = True
    watchdog.start()
    try:
        conn.connect()
        if conn.sock is not None:
            sockets.append(conn.sock)
            if expired.is_set():
                cut()
        conn.request(method, path, body=body, headers=headers)
        answer = conn.getresponse()
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = answer.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise HttpError(f"{parts.geturl()} answered with more than {max_bytes // (1024 * 1024)} MB; "
                                "refusing to read further")
            chunks.append(chunk)
        if expired.is_set():  # the watchdog's shutdown reads as the end of the answer
            raise OSError("deadline")
        return Response(answer.status, answer.reason or "",
                        {k.lower(): v for k, v in answer.getheaders()}, b"".join(chunks), parts.geturl())
    except HttpError:
        raise
    except (OSError, http.client.HTTPException) as exc:
        if expired.is_set():
            raise HttpError(f"{parts.geturl()} did not answer within {timeout:g} s") from None
        reason = getattr(exc, "reason", None) or exc.__class__.__name__
        if isinstance(exc, OSError) and exc.strerror:
            reason = exc.strerror
        raise HttpError(f"cannot reach {parts.scheme}://{parts.netloc} ({reason})") from None
    finally:
        watchdog.cancel()
        conn.close()
