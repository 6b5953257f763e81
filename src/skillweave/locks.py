"""A lock that processes take in turn: on the record of written files, on a workspace being built."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def locked(path: Path, flags: int = os.O_RDONLY, waiting: str | None = None) -> Iterator[None]:
    """An exclusive lock (``flock``) on the file or folder ``path`` while the block runs: another
    process asking for it waits (``waiting``, if given, is said on stderr when it has to). Nothing
    is locked where ``path`` cannot be opened or the system has no ``flock``; the lock ends with
    the process."""
    try:
        fd = os.open(path, flags, 0o600)
    except OSError:
        yield
        return
    try:
        try:
            import fcntl

            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (fcntl.LOCK_NB if waiting else 0))
            except BlockingIOError:
                print(waiting, file=sys.stderr, flush=True)
                fcntl.flock(fd, fcntl.LOCK_EX)
        except (ImportError, OSError):  # pragma: no cover - a system without flock: no lock
            pass
        yield
    finally:
        os.close(fd)
