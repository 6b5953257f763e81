"""The YAML files of the last build, already parsed: ``exports/.skillweave-parsed``.

Reading a workspace's YAML with the position of every value (:mod:`skillweave.load.yamlsource`)
is most of what ``check`` costs. A rebuild after one edit reads a thousand files of which one
changed; ``build`` therefore keeps the values of every curriculum file that parsed without a
problem, keyed by the sha256 of the file's bytes, and the next build takes a file whose bytes are
the same from there instead of parsing it again. Positions are not kept: a file taken from the
cache gets a :class:`LazySourceMap`, which parses the file when a diagnostic first asks where a
value is (rarely: a file that had no problem has none of its own).

The file is MessagePack (msgspec): a map of the skillweave that wrote it (its code fingerprint,
see :func:`skillweave.pipeline.code_fingerprint`) and of each file's sha256 to its values, also
MessagePack, numbers that remember how they were written (``0713``) as extension types. Nothing
in it can run code; a damaged or foreign file is ignored (the files are parsed). It holds only
files under ``curricula/``, never learner data, and is written atomically after the exports, with
only the files this build read: it does not grow with the history.
"""

from __future__ import annotations

import contextvars
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: the version of the file's layout
FORMAT = 1
_INT, _FLOAT = 1, 2

#: the cache of the build in progress, if any (see :func:`active`)
_active: contextvars.ContextVar["ParseCache | None"] = contextvars.ContextVar("parse_cache", default=None)


def _encode_hook(value: Any) -> Any:
    import msgspec

    from skillweave.load.yamlsource import YamlFloat, YamlInt

    if isinstance(value, YamlInt):
        return msgspec.msgpack.Ext(_INT, value.raw.encode("utf-8"))
    if isinstance(value, YamlFloat):
        return msgspec.msgpack.Ext(_FLOAT, value.raw.encode("utf-8"))
    raise NotImplementedError(f"cannot keep a {type(value).__name__}")


def _ext_hook(code: int, data: memoryview) -> Any:
    from skillweave.load.yamlsource import YamlFloat, YamlInt, _plain_scalar

    value = _plain_scalar(bytes(data).decode("utf-8"))
    wanted = YamlInt if code == _INT else YamlFloat if code == _FLOAT else None
    if wanted is None or not isinstance(value, wanted):
        raise ValueError("not a number skillweave wrote")
    return value


class ParseCache:
    """The parsed files of the previous build (read from ``path`` if it is there and was
    written by this same skillweave) and those of this build (:meth:`save`)."""

    def __init__(self, path: Path, fingerprint: str) -> None:
        import msgspec

        self.path = Path(path)
        self.fingerprint = fingerprint
        self._previous: dict[str, bytes] = {}
        self._now: dict[str, bytes] = {}
        self._decoder = msgspec.msgpack.Decoder(ext_hook=_ext_hook)
        self._encoder = msgspec.msgpack.Encoder(enc_hook=_encode_hook)
        self.hits = 0
        self.misses = 0
        try:
            if self.path.is_file() and not self.path.is_symlink():
                loaded = msgspec.msgpack.decode(self.path.read_bytes())
                if (isinstance(loaded, dict) and loaded.get("format") == FORMAT
                        and loaded.get("skillweave") == fingerprint and isinstance(loaded.get("files"), dict)):
                    self._previous = {k: v for k, v in loaded["files"].items()
                                      if isinstance(k, str) and isinstance(v, bytes)}
        except (OSError, ValueError, msgspec.DecodeError):
            self._previous = {}

    def get(self, digest: str) -> dict | None:
        """The values of the file whose bytes have this sha256, if the previous build kept them."""
        kept = self._previous.get(digest)
        if kept is None:
            self.misses += 1
            return None
        try:
            data = self._decoder.decode(kept)
        except (ValueError, TypeError, UnicodeDecodeError):
            self.misses += 1
            return None
        if not isinstance(data, dict):
            self.misses += 1
            return None
        self._now[digest] = kept
        self.hits += 1
        return data

    def put(self, digest: str, data: dict) -> None:
        """Keep the values of a file that parsed without a problem (encoded now: the loader may
        change the values it was given)."""
        try:
            self._now[digest] = self._encoder.encode(data)
        except (NotImplementedError, TypeError, OverflowError):
            pass  # a value MessagePack cannot hold: the file is parsed next time

    def save(self) -> None:
        """Write the files this build read (atomically; a failure only costs the next build time)."""
        import msgspec

        from skillweave.files import write_atomic

        data = msgspec.msgpack.encode({"format": FORMAT, "skillweave": self.fingerprint,
                                       "files": dict(sorted(self._now.items()))})
        try:
            write_atomic(self.path, data, sync=False)
        except OSError:
            pass


@contextmanager
def active(cache: ParseCache | None) -> Iterator[ParseCache | None]:
    """``with active(cache):`` curriculum files read inside the block use ``cache``."""
    token = _active.set(cache)
    try:
        yield cache
    finally:
        _active.reset(token)


def current() -> ParseCache | None:
    return _active.get()


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()
