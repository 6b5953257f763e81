"""Writing the documents of a whole cohort: rendered in a pool of worker processes (one per core),
each file written atomically and readable only by its owner.

Every document depends only on its own input (a transcript, an agreement, a memorandum) and goes
to a file named after its id, so the output is the same whichever worker renders which document
and in whatever order. Workers write their own files, so that rendering and writing overlap on
every core; the parent only hands out chunks of documents and counts what is done. Where
processes can be forked, workers inherit the documents when they start (nothing is copied or
pickled) and are handed only the bounds of each chunk; elsewhere each chunk is sent to its worker.

Memory stays flat with the size of the cohort: the documents are a sequence that may make its
items only when they are asked for (a transcripts cohort does: ``items[a:b]`` makes that batch),
and a worker asks for one chunk of at most ``batch`` documents at a time, renders and writes them
one by one, and lets the chunk go before asking for the next one. So no process holds more than a
batch of documents, and the parent holds only the few chunks handed out but not yet written where
chunks are sent rather than inherited.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import queue
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from skillweave.errors import OutputError
from skillweave.files import die_with_parent, flush_to_disk, remove_leftovers, write_atomic

#: learner documents hold personal data: only their owner may read them
FILE_MODE = 0o600
DIR_MODE = 0o700
#: below this many documents, rendering in this process is faster than starting workers
SERIAL_BELOW = 64
#: at most this many documents are made at once, in any process (see the module's description)
BATCH = 256
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def prepare(folder: Path) -> Path:
    """Create ``folder`` (mode 0700) unless it exists; refuse a path that is not a folder."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} exists and is not a folder")
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        for p in reversed(missing):  # every folder created here gets the mode, not only the last
            p.mkdir(mode=DIR_MODE, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {folder}: {exc.strerror}") from None
    remove_leftovers(folder)  # the temporary files of a run that was killed
    return folder


def _write(folder: Path, rendered: dict[str, str | bytes]) -> list[str]:
    names = []
    for name, content in sorted(rendered.items()):
        if not _NAME.match(name) or ".." in name:
            raise OutputError(f"refusing to write {name!r}: not a plain file name")
        try:
            write_atomic(folder / name, content, mode=FILE_MODE, sync=False)
        except OSError as exc:
            raise OutputError(f"cannot write {folder / name}: {exc.strerror}") from None
        names.append(name)
    return names


@dataclass(frozen=True)
class _Job:
    """What every worker of a cohort needs: the render function (by name, so that a worker that is
    not forked can import it) and the folder; and, for forked workers, the documents themselves
    (a forked worker inherits them: nothing is copied)."""

    module: str
    function: str
    folder: str
    items: Sequence[Any] | None = None

    def render(self) -> Callable[[Any], dict[str, str | bytes]]:
        return getattr(importlib.import_module(self.module), self.function)


def _render_and_write(job: _Job, items: Sequence[Any]) -> list[str]:
    """Render and write one chunk of documents (in a worker, or in this process)."""
    render = job.render()
    names: list[str] = []
    for item in items:
        names.extend(_write(Path(job.folder), render(item)))
    return names


def _sendable(exc: BaseException) -> BaseException:
    """``exc`` if it can travel to the parent process; else a RuntimeError with its traceback."""
    if isinstance(exc, OutputError):
        return exc
    import traceback

    return RuntimeError("in a worker process:\n" + "".join(traceback.format_exception(exc)))


def _serve(job: _Job, tasks, results) -> None:
    """A worker process: render and write the chunks it is handed until it gets None, or until
    the parent process is gone (killed: nobody waits for the rest).

    A task is ``(span, chunk)``: the chunk of documents itself, or None for a forked worker, which
    takes ``job.items[span]``. Each answer is ``(span, file names, None)`` or ``(span, None, error)``.
    """
    die_with_parent()
    parent = os.getppid()
    while True:
        try:
            task = tasks.get(timeout=1)
        except queue.Empty:
            if os.getppid() != parent:
                return
            continue
        if task is None:
            return
        span, chunk = task
        try:
            names = _render_and_write(job, chunk if chunk is not None else job.items[span[0]:span[1]])
        except BaseException as exc:  # the parent stops the cohort and reports it
            results.put((span, None, _sendable(exc)))
            return
        results.put((span, names, None))


def _answer(results, workers: list) -> tuple[tuple[int, int], list[str] | None, BaseException | None]:
    """The next answer of a worker; an error if a worker died without answering (killed, out of memory)."""
    while True:
        try:
            return results.get(timeout=0.5)
        except queue.Empty:
            dead = [w.exitcode for w in workers if w.exitcode not in (None, 0)]
            if dead:
                raise OutputError(f"a worker process ended unexpectedly (exit code {dead[0]})") from None


def _in_workers(job: _Job, items: Sequence[Any], spans: list[tuple[int, int]], workers: int,
                fork: bool, progress: Callable[[int], None] | None) -> list[str]:
    """Hand out ``spans`` of ``items`` to ``workers`` processes, a few at a time, and collect the
    names of the files they wrote."""
    context = multiprocessing.get_context("fork" if fork else None)
    tasks, results = context.Queue(), context.Queue()
    pool = [context.Process(target=_serve, args=(job, tasks, results), daemon=True)
            for _ in range(min(workers, len(spans)))]
    for w in pool:
        w.start()
    names: list[str] = []
    todo = iter(spans)
    handed_out = 0

    def hand_out() -> None:
        nonlocal handed_out
        span = next(todo, None)
        if span is None:
            return
        tasks.put((span, None if fork else items[span[0]:span[1]]))
        handed_out += 1
        if handed_out == len(spans):
            for _ in pool:
                tasks.put(None)

    finished = False
    try:
        for _ in range(2 * len(pool)):  # keep every worker busy, without queueing the whole cohort
            hand_out()
        for _ in spans:
            span, done, error = _answer(results, pool)
            if error is not None:
                raise error
            names.extend(done)
            if progress:
                progress(span[1] - span[0])
            hand_out()
        finished = True
    finally:
        for w in pool:
            if not finished:
                w.terminate()
            w.join()
    return names


def worker_count(jobs: int | None = None) -> int:
    return max(1, jobs or os.cpu_count() or 1)


def write_documents(items: Sequence[Any], render: Callable[[Any], dict[str, str | bytes]], folder: Path, *,
                    jobs: int | None = None, progress: Callable[[int], None] | None = None,
                    serial_below: int = SERIAL_BELOW, batch: int = BATCH) -> list[str]:
    """Render every item with ``render`` (a module-level function: workers import it by name) and
    write its files into ``folder``. Returns the file names written, sorted.

    ``items`` is any sequence; only slices of it (``items[a:b]``, at most ``batch`` items) are
    asked for, one at a time per process, so a sequence that makes its items on demand is never
    held whole. ``jobs`` worker processes (default: one per core); ``progress(n)`` is called in
    this process after every ``n`` documents written. Where processes can be forked, workers
    inherit the items; elsewhere each chunk is sent to its worker.
    """
    folder = prepare(folder)
    workers = worker_count(jobs)
    size = max(1, min(batch, len(items) // (workers * 8) or 1))
    spans = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    job = _Job(render.__module__, render.__qualname__, str(folder))
    names: list[str] = []
    if workers == 1 or len(items) < serial_below:
        for a, b in spans:
            names.extend(_render_and_write(job, items[a:b]))
            if progress:
                progress(b - a)
    else:
        fork = "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
        if fork:
            job = replace(job, items=items)
        names = _in_workers(job, items, spans, workers, fork, progress)
    flush_to_disk(folder)  # once for the whole cohort: a flush per file costs more than rendering it
    if len(set(names)) != len(names):
        raise OutputError("two documents share a file name")
    return sorted(names)
