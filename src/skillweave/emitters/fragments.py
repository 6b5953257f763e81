"""Parts of documents that many learners share (a unit with the outcomes achieved, an issuing
partner), made once per process and reused: most of a transcript is the same for every learner
who achieved the same units.

Entries are keyed by the identity of the model objects they come from, and the cache keeps those
objects alive, so an id is never reused for another object while its entry exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class FragmentCache:
    def __init__(self, limit: int = 4096) -> None:
        self.limit = limit
        self._items: dict[tuple, tuple[tuple, Any]] = {}

    def get(self, objects: tuple, key: tuple, make: Callable[[], T]) -> T:
        k = (tuple(map(id, objects)), key)
        hit = self._items.get(k)
        if hit is None:
            if len(self._items) >= self.limit:
                self._items.clear()
            hit = self._items[k] = (objects, make())
        return hit[1]
