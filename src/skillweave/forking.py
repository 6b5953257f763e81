"""Rendering many independent pieces of one output on two cores.

The unit blocks of the ELM exports are independent of each other once the triples are built:
each is a pure function of triples that already exist. :func:`render_all` renders the first half
of them in this process and, at the same time, the second half in a child process forked for the
purpose, which inherits the triples (nothing is copied or pickled up front) and hands back its
blocks, as UTF-8 text, through an anonymous temporary file. The result is the same, byte for
byte, as rendering every piece here; only the wall time halves.

Nothing is lost when the child fails: a child that dies, is killed or cannot be forked leaves its
half to this process, which renders it as it would have without a child (and so raises the same
error, with the same message, where a piece cannot be rendered). The child never writes anything
but its temporary file, is started and ended by :mod:`multiprocessing` (which runs none of this
process's clean-up in it), and ends when this process ends
(:func:`skillweave.files.die_with_parent`); this process waits for it before returning, or kills
it when it stops early (an error, Ctrl-C).

Forking is used only where it is safe and pays: on a system with ``fork`` other than macOS (as
for the cohort's workers, :mod:`skillweave.cohort`), in a process running no other Python thread,
with two cores or more, and for at least :data:`SERIAL_BELOW` pieces (below that, forking costs
more than it saves).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence

from skillweave.files import die_with_parent

#: below this many pieces, everything is rendered in this process
SERIAL_BELOW = 64
_LENGTH = 8  # bytes of the length before each piece in the child's file
_END = (2 ** 64 - 1).to_bytes(_LENGTH, "little")  # after the last piece: the child finished


def can_fork() -> bool:
    """Whether pieces may be rendered in a forked child here."""
    return ("fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
            and (os.cpu_count() or 1) >= 2
            and threading.active_count() == 1)  # a lock another thread holds would stay held in the child


def render_all(keys: Sequence[str], render: Callable[[str], str], serial_below: int | None = None) -> dict[str, str]:
    """``{key: render(key)}`` for every key, the second half rendered in a forked child where
    that pays (see the module's description)."""
    if len(keys) < (SERIAL_BELOW if serial_below is None else serial_below) or not can_fork():
        return {key: render(key) for key in keys}
    half = (len(keys) + 1) // 2
    mine, theirs = keys[:half], keys[half:]
    context = multiprocessing.get_context("fork")
    with tempfile.TemporaryFile() as handed:
        child = context.Process(target=_child, args=(handed.fileno(), theirs, render), daemon=True)
        try:
            child.start()
        except OSError:  # no memory or no process left for a child: all of it here
            return {key: render(key) for key in keys}
        finished = False
        try:
            done = {key: render(key) for key in mine}
            child.join()
            finished = True
        finally:
            if not finished:  # stopped early (an error, Ctrl-C): the child's work is not needed
                child.kill()
                child.join()
        found = _read(handed, theirs) if child.exitcode == 0 else None
    if found is None:  # the child failed: its half here, as if there had been no child
        found = {key: render(key) for key in theirs}
    done.update(found)
    return done


def _child(fd: int, keys: Sequence[str], render: Callable[[str], str]) -> None:  # pragma: no cover
    """In the child: render ``keys`` into the file ``fd``, each piece's length, then its UTF-8
    bytes, and the end mark once every piece is written. (It ends as multiprocessing ends a
    process it started; nothing is printed when a piece fails: this process renders the half
    again, and reports.)"""
    try:
        die_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child at once, silently
        with os.fdopen(os.dup(fd), "wb") as out:
            for key in keys:
                data = render(key).encode("utf-8")
                out.write(len(data).to_bytes(_LENGTH, "little"))
                out.write(data)
            out.write(_END)
    except BaseException:  # noqa: BLE001 (no end mark: this process renders the half again)
        pass


def _read(handed, keys: Sequence[str]) -> dict[str, str] | None:
    """The child's pieces, or None where its file does not hold exactly one piece per key and the
    end mark."""
    handed.seek(0)
    data = memoryview(handed.read())
    found: dict[str, str] = {}
    at = 0
    for key in keys:
        if at + _LENGTH > len(data):
            return None
        length = int.from_bytes(data[at:at + _LENGTH], "little")
        at += _LENGTH
        if at + length > len(data):
            return None
        found[key] = str(data[at:at + length], "utf-8")
        at += length
    return found if data[at:] == _END else None
