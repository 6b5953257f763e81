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

#: where a unit's part lies in an output: [unit key, start, end] (offsets into the text)
Span = list


class Assembler:
    """One output text, put together in order from text and unit parts."""

    def __init__(self, parts: "Parts", export: str, rel: str) -> None:
        self._parts = parts
        self._export = export
        self._rel = rel
        self._pieces: list[str] = []
        self._length = 0
        self.spans: dict[str, Span] = {}

    def add(self, text: str) -> None:
        """Text of the output's own (rendered on every build)."""
        self._pieces.append(text)
        self._length += len(text)

    def unit(self, uid: str, render: Callable[[], str], part: str | None = None, salt: str = "") -> None:
        """The part of unit ``uid``: taken from the previous build when the unit's key is what it
        was rendered for, else ``render()``. ``part`` names it where a unit has several parts in
        one output (default: the unit id); ``salt`` is whatever else the part depends on (its
        row number, say), which joins the unit's key."""
        key = self._parts.keys.get(uid)
        if key is not None and salt:
            key = f"{key}/{salt}"
        name = uid if part is None else part
        text = self._parts.previous_part(self._export, self._rel, name, key) if key is not None else None
        if text is None:
            text = render()
            self._parts.rendered += 1
        else:
            self._parts.reused += 1
        if key is not None and name not in self.spans:
            self.spans[name] = [key, self._length, self._length + len(text)]
        self.add(text)

    def text(self) -> str:
        """The whole output; its spans are recorded for the next build."""
        self._parts.record(self._export, self._rel, self.spans)
        return "".join(self._pieces)


class Parts:
    """The unit parts a build may reuse (see the module's documentation). ``Parts()`` reuses
    nothing."""

    def __init__(self, keys: dict[str, str] | None = None,
                 previous: Callable[[str, str], tuple[str, dict[str, Span]] | None] | None = None,
                 remembered: Callable[[str], dict] | None = None) -> None:
        #: unit id -> key (empty: nothing is reused, nothing recorded)
        self.keys = keys or {}
        self._previous = previous
        self._loaded: dict[tuple[str, str], tuple[str, dict[str, Span]] | None] = {}
        #: export name -> {output path within the export: {unit id: span}} of this build
        self.recorded: dict[str, dict[str, dict[str, Span]]] = {}
        #: export name -> {name: [key, value]}: what this build remembers for the next
        self.memos: dict[str, dict[str, list]] = {}
        self._remembered = remembered
        self.reused = 0
        self.rendered = 0

    def assemble(self, export: str, rel: str = "") -> Assembler:
        """An assembler for the output ``rel`` of the export ``export`` (``""``: its only file)."""
        return Assembler(self, export, rel)

    def page(self, export: str, rel: str, uid: str, render: Callable[[], str]) -> str:
        """A whole file of a multi-file export that is one unit's part (a handbook page)."""
        assembler = self.assemble(export, rel)
        assembler.unit(uid, render)
        return assembler.text()

    def previous_part(self, export: str, rel: str, uid: str, key: str) -> str | None:
        if self._previous is None:
            return None
        if (export, rel) not in self._loaded:
            self._loaded[(export, rel)] = self._previous(export, rel)
        found = self._loaded[(export, rel)]
        if found is None:
            return None
        text, spans = found
        span = spans.get(uid)
        if not isinstance(span, list) or len(span) != 3 or span[0] != key:
            return None
        start, end = span[1], span[2]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
            return None
        return text[start:end]

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


def attach(project, parts: Parts) -> None:
    """Give ``project`` the parts of the build that is rendering it."""
    project.__dict__["_parts"] = parts
