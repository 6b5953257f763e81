"""Writing the documents of a whole cohort: rendered in a pool of worker processes (one per core),
each file written atomically and readable only by its owner.

Every document depends only on its own input (a transcript, an agreement, a memorandum) and goes
to a file named after its id, so the output is the same whichever worker renders which document
and in whatever order. Workers write their own files, so that rendering and writing overlap on
every core; the parent only hands out chunks of documents and counts what is done.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import re
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from skillweave.errors import OutputError
from skillweave.files import die_with_parent, flush_to_disk, remove_leftovers, write_atomic

#: learner documents hold personal data: only their owner may read them
FILE_MODE = 0o600
DIR_MODE = 0o700
#: below this many documents, rendering in this process is faster than starting workers
SERIAL_BELOW = 64
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


#: the cohort being written, for workers forked from this process (they inherit it: no copying)
_COHORT: tuple[Sequence[Any], str, str, str] | None = None


def _work(task: tuple[str, str, str, Sequence[Any]]) -> list[str]:
    """Render and write one chunk of documents (in a worker, or in this process)."""
    module, function, folder, items = task
    render: Callable[[Any], dict[str, str | bytes]] = getattr(importlib.import_module(module), function)
    names: list[str] = []
    for item in items:
        names.extend(_write(Path(folder), render(item)))
    return names


def _work_inherited(span: tuple[int, int]) -> list[str]:
    """Render and write ``_COHORT``'s items ``span[0]:span[1]`` in a forked worker."""
    assert _COHORT is not None
    items, module, function, folder = _COHORT
    return _work((module, function, folder, items[span[0]:span[1]]))


def worker_count(jobs: int | None = None) -> int:
    return max(1, jobs or os.cpu_count() or 1)


def write_documents(items: Sequence[Any], render: Callable[[Any], dict[str, str | bytes]], folder: Path, *,
                    jobs: int | None = None, progress: Callable[[int], None] | None = None,
                    serial_below: int = SERIAL_BELOW) -> list[str]:
    """Render every item with ``render`` (a module-level function: workers import it by name) and
    write its files into ``folder``. Returns the file names written, sorted.

    ``jobs`` worker processes (default: one per core); ``progress(n)`` is called in this process
    after every ``n`` documents written. Where processes can be forked, workers inherit the items;
    elsewhere each chunk is sent to its worker.
    """
    global _COHORT
    folder = prepare(folder)
    workers = worker_count(jobs)
    module, function = render.__module__, render.__qualname__
    size = max(1, min(256, len(items) // (workers * 8) or 1))
    spans = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    names: list[str] = []
    if workers == 1 or len(items) < serial_below:
        for a, b in spans:
            names.extend(_work((module, function, str(folder), items[a:b])))
            if progress:
                progress(b - a)
    else:
        fork = "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
        context = multiprocessing.get_context("fork" if fork else None)
        _COHORT = (items, module, function, str(folder))
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=die_with_parent) as pool:
                if fork:
                    futures = {pool.submit(_work_inherited, span): span[1] - span[0] for span in spans}
                else:
                    futures = {pool.submit(_work, (module, function, str(folder), items[a:b])): b - a
                               for a, b in spans}
                for future in as_completed(futures):
                    names.extend(future.result())
                    if progress:
                        progress(futures[future])
        finally:
            _COHORT = None
    flush_to_disk(folder)  # once for the whole cohort: a flush per file costs more than rendering it
    if len(set(names)) != len(names):
        raise OutputError("two documents share a file name")
    return sorted(names)
