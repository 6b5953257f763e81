"""Python's cyclic garbage collector kept out of the way of work that makes many long-lived
objects at once and no cycles (the writers of the RDF exports, suggestions over a whole
vocabulary): each collection would only walk them again. Reference counting still frees what is
dropped."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector paused inside, as it was after."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
