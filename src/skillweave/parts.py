"""Parts of exports that a build may take from the previous build instead of rendering them again.

An export that is mostly one piece per unit (the ELM syntaxes, the Moodle framework, LOQ, the
handbook's unit pages) is assembled from parts: text of its own, and one part per unit, each
made by a render function. During ``build`` the pipeline (:class:`skillweave.pipeline.BuildCache`)
gives the project a :class:`Parts` that knows

* the *key* of every unit: a hash of skillweave itself, every workspace file that is not a unit
  file, and the unit files of the unit's *neighbourhood* (the unit, the units it requires, the
  units that require it, and every unit of each programme it belongs to: a page shows its
  neighbours' titles and its place in each programme's order);
* where each unit's part lies in the previous build's output (which the cache verified against
  the sha256 it recorded), with the key it was rendered for.

A part whose key is unchanged is copied from the previous output; any other is rendered. A part
is a pure function of what its key covers, so a rebuild is byte-identical to a full build (the
tests edit units at random and compare). Outside ``build`` (``export``, the tests) a project's
parts render everything and reuse nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from skillweave.files import Pieces

#: where a unit's part lies in an output: [unit key, start, end] (byte offsets into its UTF-8 text)
Span = list


class Kept(NamedTuple):
    """A file of the previous build that this build keeps as it is, without reading it: the
    build cache found it intact (:class:`skillweave.pipeline.BuildCache`). ``digest``: its sha256."""

    digest: str


class Assembler:
    """One output, put together in order from text and unit parts.

    In a build (parts with keys) the output is UTF-8 bytes: parts taken from the previous build
    are copied as bytes, never decoded, and spans are byte offsets. Otherwise (``export``, the
    tests) it is text, rendered whole."""

    def __init__(self, parts: "Parts", export: str, rel: str) -> None:
        self._parts = parts
        self._export = export
        self._rel = rel
        self._binary = bool(parts.keys) or parts.binary
        self._chunks: list[bytes | memoryview] = []  # in a build: what is done, as bytes
        self._pending: list[str] = []  # text added since the last part
        self._length = 0  # bytes in _chunks
        self.spans: dict[str, Span] = {}

    def add(self, text: "str | bytes | memoryview") -> None:
        """Text of the output's own (rendered on every build); bytes are UTF-8."""
        if isinstance(text, str):
            self._pending.append(text)
        elif not self._binary:
            self._pending.append(str(text, "utf-8"))
        elif text:
            self._flush()
            self._chunks.append(text)
            self._length += len(text)

    def _flush(self) -> None:
        if self._pending:
            data = "".join(self._pending).encode("utf-8")
            self._pending.clear()
            self._chunks.append(data)
            self._length += len(data)

    def unit(self, uid: str, render: Callable[[], "str | bytes | memoryview"], part: str | None = None, salt: str = "") -> None:
        """The part of unit ``uid``: taken from the previous build when the unit's key is what it
        was rendered for, else ``render()``. ``part`` names it where a unit has several parts in
        one output (default: the unit id); ``salt`` is whatever else the part depends on (its
        row number, say), which joins the unit's key."""
        if not self._binary:
            made = render()
            self._parts.rendered += 1
            self.add(made if isinstance(made, str) else str(made, "utf-8"))
            return
        key = self._parts.keys.get(uid)
        if key is not None and salt:
            key = f"{key}/{salt}"
        name = uid if part is None else part
        data = self._parts.previous_part(self._export, self._rel, name, key) if key is not None else None
        if data is None:
            made = render()
            data = made.encode("utf-8") if isinstance(made, str) else made
            self._parts.rendered += 1
        else:
            self._parts.reused += 1
        self._flush()
        if key is not None and name not in self.spans:
            self.spans[name] = [key, self._length, self._length + len(data)]
        self._chunks.append(data)
        self._length += len(data)

    def text(self) -> "str | Pieces":
        """The whole output (in a build, its UTF-8 pieces); its spans are recorded for the next build."""
        if not self._binary:
            return "".join(self._pending)
        self._flush()
        self._parts.record(self._export, self._rel, self.spans)
        return Pieces(self._chunks)


class Parts:
    """The unit parts a build may reuse (see the module's documentation). ``Parts()`` reuses
    nothing.

    ``spans(export, rel)`` gives where the parts lay in the previous build's output ``rel`` of
    ``export`` (or None), from the cache, without reading the output; ``previous(export, rel)``
    the output itself as bytes, once verified (or None); ``intact(export, rel)``, without
    reading the file, its sha256 when the cache can vouch for it (or None);
    ``remembered(export)`` the values the previous build remembered for the export."""

    def __init__(self, keys: dict[str, str] | None = None,
                 spans: Callable[[str, str], dict[str, Span] | None] | None = None,
                 previous: Callable[[str, str], bytes | None] | None = None,
                 intact: Callable[[str, str], str | None] | None = None,
                 remembered: Callable[[str], dict] | None = None, binary: bool = False, once: bool = False) -> None:
        #: unit id -> key (empty: nothing is reused, nothing recorded)
        self.keys = keys or {}
        #: whether assembled outputs are UTF-8 pieces even without keys (``export`` writes them
        #: as they are; the tests and other callers take text)
        self.binary = binary
        #: whether the project renders one output and no other (``export``): what an output is
        #: built from need not be kept for the next one
        self.once = once
        self._spans = spans
        self._previous = previous
        self._intact = intact
        self._remembered = remembered
        self._loaded: dict[tuple[str, str], memoryview | None] = {}
        #: export name -> {output path within the export: {unit id: span}} of this build
        self.recorded: dict[str, dict[str, dict[str, Span]]] = {}
        #: export name -> {name: [key, value]}: what this build remembers for the next
        self.memos: dict[str, dict[str, list]] = {}
        self.reused = 0
        self.rendered = 0

    def assemble(self, export: str, rel: str = "") -> Assembler:
        """An assembler for the output ``rel`` of the export ``export`` (``""``: its only file)."""
        return Assembler(self, export, rel)

    def _span(self, export: str, rel: str, name: str, key: str | None) -> Span | None:
        """The previous build's span of part ``name`` in that output, if it was made for ``key``."""
        if key is None or self._spans is None:
            return None
        spans = self._spans(export, rel)
        span = spans.get(name) if isinstance(spans, dict) else None
        if (isinstance(span, list) and len(span) == 3 and span[0] == key and isinstance(span[1], int)
                and isinstance(span[2], int) and 0 <= span[1] <= span[2]):
            return span
        return None

    def page(self, export: str, rel: str, uid: str, render: Callable[[], str]) -> "str | Pieces | Kept":
        """A whole file of a multi-file export that is one unit's part (a handbook page). A page
        whose key is unchanged and whose file is intact is :class:`Kept`, not even read."""
        key = self.keys.get(uid)
        span = self._span(export, rel, uid, key)
        if span is not None and span[1] == 0 and len(self._spans(export, rel)) == 1 and self._intact is not None:
            digest = self._intact(export, rel)
            if digest is not None:
                self.record(export, rel, {uid: span})
                self.reused += 1
                return Kept(digest)
        assembler = self.assemble(export, rel)
        assembler.unit(uid, render)
        return assembler.text()

    def previous_part(self, export: str, rel: str, uid: str, key: str | None) -> memoryview | None:
        """The part ``uid`` of the previous build's output if it was made for ``key``; the output
        is read (once) only then."""
        span = self._span(export, rel, uid, key)
        if span is None or self._previous is None:
            return None
        if (export, rel) not in self._loaded:
            found = self._previous(export, rel)
            self._loaded[(export, rel)] = memoryview(found) if found is not None else None
        data = self._loaded[(export, rel)]
        if data is None or span[2] > len(data):
            return None
        return data[span[1]:span[2]]  # a view: copied once, when the output is joined

    def remembered(self, export: str, name: str, key: str) -> object | None:
        """A value (plain JSON) that the previous build remembered under ``name`` for ``key``."""
        if self._remembered is None:
            return None
        found = self._remembered(export).get(name)
        return found[1] if isinstance(found, list) and len(found) == 2 and found[0] == key else None

    def remember(self, export: str, name: str, key: str, value: object) -> None:
        """Keep ``value`` (plain JSON) under ``name`` for the next build, valid while ``key`` is."""
        if self.keys:
            self.memos.setdefault(export, {})[name] = [key, value]

    def record(self, export: str, rel: str, spans: dict[str, Span]) -> None:
        if self.keys:
            self.recorded.setdefault(export, {})[rel] = spans


def of(project) -> Parts:
    """The parts of ``project``'s build (:func:`attach`), or parts that reuse nothing."""
    return project.__dict__.get("_parts") or Parts()


def attach(project, parts: Parts, replace: bool = True) -> None:
    """Give ``project`` the parts of the build that is rendering it (``replace=False``: unless it
    has some already)."""
    if replace or "_parts" not in project.__dict__:
        project.__dict__["_parts"] = parts
