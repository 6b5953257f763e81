"""Python's cyclic garbage collector kept out of the way of work that makes many long-lived
objects at once and no cycles (loading a workspace or a cohort, the writers of the RDF exports,
suggestions over a whole vocabulary): each collection would only walk them again. Reference
counting still frees what is dropped."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


#: whether a command's :func:`loading` has frozen what it loaded (then ``paused(freeze=True)`` freezes too)
_command = False


@contextmanager
def paused(freeze: bool = False) -> Iterator[None]:
    """The collector paused inside, as it was after.

    ``freeze``: inside a command's :func:`loading` (once loaded), freeze what is alive as the
    pause ends, like what was loaded: else the first allocation after a pause that made hundreds
    of thousands of objects makes the collector walk every one of them still alive (after an RDF
    export's writers: 0.16 s at 1,000 units, collecting nothing). Everything alive is frozen,
    garbage in a cycle made earlier included: it is freed when ``loading`` ends, which unfreezes
    everything; so only the pauses around a whole export's writers ask for it."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if freeze and _command:
                gc.freeze()
            gc.enable()


@contextmanager
def loading(threshold: tuple[int, int, int] | None = None) -> Iterator[Callable[[], None]]:
    """For a command that loads a large workspace or cohort, then renders from it.

    The collector is paused while loading (hundreds of thousands of long-lived objects: it more
    than doubles the time of ``check`` for 10,000 learners, and was a third of a build's CPU at
    1,000 units). ``loaded()``, called when loading is done, freezes what was loaded (so neither
    the collector nor forked workers' copy-on-write touch it) and resumes collecting, with the
    generations' ``threshold`` if given (a larger first generation: rendering makes many
    short-lived objects, collected now and then rather than every 700 allocations). Everything is
    restored on the way out (tests run commands in one process)."""
    enabled = gc.isenabled()
    saved = gc.get_threshold()
    gc.disable()
    frozen = False

    def loaded() -> None:
        global _command
        nonlocal frozen
        gc.freeze()
        frozen = True
        _command = True
        if threshold is not None:
            gc.set_threshold(*threshold)
        if enabled:
            gc.enable()

    global _command
    outer = _command
    try:
        yield loaded
    finally:
        _command = outer
        if frozen:
            gc.unfreeze()
        gc.set_threshold(*saved)
        if enabled:
            gc.enable()
