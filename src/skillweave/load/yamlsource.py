"""YAML reading that keeps the line and column of every key and value.

The file is read in one pass over libyaml's parse events (PyYAML's C parser: fast, and every event
carries its position); this module builds plain Python values from the events itself, so that it
can

* record positions in a :class:`SourceMap` (a sidecar: (path) -> (line, column), 1-based);
* report duplicate keys instead of silently keeping the last one;
* resolve plain scalars by the YAML 1.2 core schema: ``NO`` (Norway) stays a string, ``2026-03-01``
  stays a string for the model to parse, and only ``true``/``false`` are booleans;
* keep the source text of numbers (``isced_f: 0713`` must not lose its leading zero where the
  model expects a code);
* refuse alias bombs (aliases that expand to huge documents) and recursive aliases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml import events as ev

try:  # the C parser is in every PyYAML wheel; fall back to pure Python elsewhere
    from yaml import CSafeLoader as _EventSource
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _EventSource  # type: ignore[assignment]

from skillweave.errors import SkillweaveError
from skillweave.load.xmlsafe import NOT_IN_XML

Path_ = tuple  # a path into the document: keys and list indexes

#: the most values one document may expand to (aliases count with the size of what they repeat)
MAX_VALUES = 200_000


class YamlInt(int):
    """An int that remembers how it was written (``0713``)."""

    raw: str

    def __new__(cls, value: int, raw: str):
        obj = super().__new__(cls, value)
        obj.raw = raw
        return obj


class YamlFloat(float):
    raw: str

    def __new__(cls, value: float, raw: str):
        obj = super().__new__(cls, value)
        obj.raw = raw
        return obj


@dataclass
class SourceMap:
    """Positions of the values (and of the keys) of one file, by path."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def value(self, path: Path_) -> tuple[int, int]:
        """Position of the value at ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def key(self, path: Path_) -> tuple[int, int]:
        """Position of the key whose value is at ``path`` (falls back to the value)."""
        path = tuple(path)
        if path in self.keys:
            return self.keys[path]
        return self.value(path)


class LazySourceMap(SourceMap):
    """The positions of a file that was not parsed here (its values came from the build's parse
    cache, :mod:`skillweave.load.parsecache`): the file is parsed when a position is first asked for."""

    def __init__(self, raw: bytes) -> None:  # noqa: D107 - no dataclass fields until parsed
        self._raw = raw
        self._parsed: SourceMap | None = None

    def _map(self) -> SourceMap:
        if self._parsed is None:
            text, _ = decode(self._raw)
            self._parsed = load(text)[1] if text is not None else SourceMap()
        return self._parsed

    @property  # type: ignore[override]
    def values(self) -> dict[Path_, tuple[int, int]]:
        return self._map().values

    @property  # type: ignore[override]
    def keys(self) -> dict[Path_, tuple[int, int]]:
        return self._map().keys


@dataclass(frozen=True)
class YamlProblem:
    line: int
    column: int
    code: str  # SW100 syntax, SW101 duplicate key, SW108 unreadable
    message: str


_TYPED = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")


_NUMERIC_START = frozenset("0123456789+-.")
#: the longest whole number read, in characters: no field of a workspace needs more, and Python
#: neither reads nor prints a decimal number of over 4,300 digits (a long hexadecimal one has more)
_MAX_DIGITS = 100
_WORD_START = frozenset("~nNtTfF")


def _plain_scalar(text: str):
    if not text:
        return None
    first = text[0]
    if first not in _NUMERIC_START:  # the common case: a word
        if first in _WORD_START:
            if text in _NULL:
                return None
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
        return text
    if len(text) > _MAX_DIGITS and (_INT.match(text) or _OCT.match(text) or _HEX.match(text)):
        raise ValueError("too many digits")
    if _INT.match(text):
        return YamlInt(int(text, 10), text)
    if _OCT.match(text):
        return YamlInt(int(text[2:], 8), text)
    if _HEX.match(text):
        return YamlInt(int(text[2:], 16), text)
    if _FLOAT.match(text):
        return YamlFloat(float(text), text)
    if _INF.match(text):
        return YamlFloat(float("-inf") if text.startswith("-") else float("inf"), text)
    if _NAN.match(text):
        return YamlFloat(float("nan"), text)
    return text


class _Fail(SkillweaveError):
    def __init__(self, mark, code: str, message: str) -> None:
        super().__init__(message)
        self.problem = YamlProblem(mark.line + 1, mark.column + 1, code, message)


def _number_or_text(event):
    """:func:`_plain_scalar` of a scalar event; a whole number of over :data:`_MAX_DIGITS`
    characters (decimal, hexadecimal or octal) is an SW102 problem of the file, not a traceback."""
    try:
        return _plain_scalar(event.value)
    except ValueError:
        raise _Fail(event.start_mark, "SW102",
                    f"a number of {len(event.value):,} characters is too long to read; write the value "
                    "the field expects (a short number), or put text in quotes") from None


_STR_TAGS = {"tag:yaml.org,2002:str", "!"}


class _Frame:
    __slots__ = ("value", "path", "is_map", "key", "anchor", "size", "index")

    def __init__(self, value, path, is_map, anchor):
        self.value = value
        self.path = path
        self.is_map = is_map
        self.key = _NO_KEY
        self.anchor = anchor
        self.size = 1
        self.index = 0


_NO_KEY = object()


def _build(events, smap: SourceMap, problems: list[YamlProblem]):
    """Build the value of the single document in ``events`` (an iterator over parse events)."""
    values = smap.values
    keys = smap.keys
    anchors: dict[str, tuple[object, int]] = {}
    open_anchors: set[str] = set()
    stack: list[_Frame] = []
    total = 0
    root = None
    documents = 0

    for event in events:
        cls = event.__class__
        if cls is ev.ScalarEvent:
            top = stack[-1] if stack else None
            if top is not None and top.is_map and top.key is _NO_KEY and top.path is not None:
                # a mapping key: plain text, no typing needed (the common event)
                _child_path(stack, event, problems, keys)
                continue
            if event.tag is None and not event.style:
                value = _number_or_text(event)
            elif event.tag in _STR_TAGS or event.tag is None:
                value = event.value
                if event.style == '"':  # only escapes in double quotes can write such characters
                    bad = NOT_IN_XML.search(value)
                    if bad:
                        mark = event.start_mark
                        problems.append(YamlProblem(
                            mark.line + 1, mark.column + 1, "SW111",
                            f"the text holds the {_char_name(bad.group())}, which XML and CSV "
                            "outputs cannot carry (written as an escape such as \\x01); delete it"))
            elif event.tag in _TYPED:
                value = _number_or_text(event)
            else:
                value = event.value
            size = 1
        elif cls is ev.MappingStartEvent or cls is ev.SequenceStartEvent:
            is_map = cls is ev.MappingStartEvent
            frame = _Frame({} if is_map else [], None, is_map, event.anchor)
            # the path of a new collection is decided by its parent, as for scalars below
            path = _child_path(stack, event, problems, keys)
            if path is _SKIP:
                frame.path = None
            else:
                frame.path = path
                values.setdefault(path, (event.start_mark.line + 1, event.start_mark.column + 1))
            if event.anchor:
                open_anchors.add(event.anchor)
            stack.append(frame)
            continue
        elif cls is ev.MappingEndEvent or cls is ev.SequenceEndEvent:
            frame = stack.pop()
            value, size = frame.value, frame.size
            if frame.anchor:
                open_anchors.discard(frame.anchor)
                anchors[frame.anchor] = (value, size)
            _attach(stack, frame.path, value, size, problems)
            if not stack:
                root = value
            continue
        elif cls is ev.AliasEvent:
            if event.anchor in open_anchors:
                raise _Fail(event.start_mark, "SW100", "a recursive alias; write the value out instead")
            if event.anchor not in anchors:  # pragma: no cover - libyaml reports this itself
                raise _Fail(event.start_mark, "SW100", f"unknown alias '*{event.anchor}'")
            value, size = anchors[event.anchor]
        elif cls is ev.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Fail(event.start_mark, "SW100",
                            "the file holds more than one YAML document (---); keep one document per file")
            continue
        else:  # stream and document ends
            continue

        # a scalar or an alias: a complete value
        total += size
        if total > MAX_VALUES:
            raise _Fail(event.start_mark, "SW100",
                        "the document expands to too many values (nested aliases?); write values out instead")
        if cls is ev.ScalarEvent and event.anchor:
            anchors[event.anchor] = (value, 1)
        if not stack:
            root = value
            values.setdefault((), (event.start_mark.line + 1, event.start_mark.column + 1))
            continue
        path = _child_path(stack, event, problems, keys)
        if path is _SKIP:
            continue
        if path is _KEY:
            continue
        values.setdefault(path, (event.start_mark.line + 1, event.start_mark.column + 1))
        _attach(stack, path, value, size, problems)
    return root


_SKIP = object()  # the value belongs to a key that was dropped (duplicate or not a name)
_KEY = object()  # the scalar was a mapping key


def _child_path(stack: list[_Frame], event, problems: list[YamlProblem], keys: dict):
    """The path of a value that starts now, or _KEY if it is a mapping key, or _SKIP."""
    if not stack:
        return ()
    top = stack[-1]
    if top.path is None:
        # inside a dropped value: parse on, but record nothing
        if top.is_map:
            if top.key is _NO_KEY:
                top.key = _SKIP
                return _KEY if event.__class__ is ev.ScalarEvent else _SKIP
            top.key = _NO_KEY
        return _SKIP
    if not top.is_map:
        path = top.path + (top.index,)
        top.index += 1
        return path
    if top.key is _NO_KEY:
        # this value is a key
        mark = event.start_mark
        if event.__class__ is not ev.ScalarEvent:
            problems.append(YamlProblem(mark.line + 1, mark.column + 1, "SW100",
                                        "a key must be a plain name, not a list or mapping"))
            top.key = _SKIP
            return _SKIP
        key = event.value
        if key in top.value or (top.path + (key,)) in keys:
            first = keys.get(top.path + (key,), (0, 0))[0]
            problems.append(YamlProblem(mark.line + 1, mark.column + 1, "SW101",
                                        f"duplicate key '{key}' (first at line {first}); keep one and delete the other"))
            top.key = _SKIP
        else:
            top.key = key
            keys[top.path + (key,)] = (mark.line + 1, mark.column + 1)
        return _KEY
    key = top.key
    top.key = _NO_KEY
    if key is _SKIP:
        return _SKIP
    return top.path + (key,)


def _attach(stack: list[_Frame], path, value, size: int, problems) -> None:
    if not stack or path is None or path is _SKIP:
        return
    top = stack[-1]
    top.size += size
    if top.is_map:
        top.value[path[-1]] = value
    else:
        top.value.append(value)


def _char_name(ch) -> str:
    code = ch if isinstance(ch, int) else ord(ch)
    return f"character U+{code:04X}"


def _clamp(text: str, line: int, col: int) -> tuple[int, int]:
    """libyaml reports the end of a file without a final newline one line past it."""
    lines = text.split("\n")
    if line > len(lines):
        return len(lines), len(lines[-1]) + 1
    return line, min(col, len(lines[line - 1]) + 1)


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    start = text.rfind("\n", 0, index) + 1
    return line, index - start + 1


def decode(data: bytes) -> tuple[str | None, YamlProblem | None]:
    """Decode UTF-8 (a BOM is allowed); report the position of the first undecodable byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", errors="replace")
        line, col = _line_col(good, len(good))
        return None, YamlProblem(line, col, "SW108",
                                 f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8")
    return text, None


def load(text: str) -> tuple[object, SourceMap, list[YamlProblem]]:
    """Parse one YAML document. Returns (data, positions, problems); data is None on a syntax error."""
    problems: list[YamlProblem] = []
    smap = SourceMap()
    loader = _EventSource(text)
    try:
        data = _build(_events(loader), smap, problems)
    except _Fail as exc:
        p = exc.problem
        return None, SourceMap(), [YamlProblem(*_clamp(text, p.line, p.column), p.code, p.message)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _clamp(text, mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{what} ({exc.context})"
        return None, SourceMap(), [YamlProblem(line, col, "SW100", f"YAML syntax error: {what}; "
                                                                    "check indentation, colons and quotes")]
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        return None, SourceMap(), [YamlProblem(line, col, "SW108",
                                               f"{_char_name(exc.character)} is not allowed in YAML ({exc.reason}); "
                                               "remove it")]
    except yaml.YAMLError as exc:  # pragma: no cover - other PyYAML errors carry no mark
        return None, SourceMap(), [YamlProblem(1, 1, "SW100", f"YAML error: {exc}")]
    finally:
        loader.dispose()
    if data is None and not smap.values:
        smap.values[()] = (1, 1)
    problems = [YamlProblem(*_clamp(text, p.line, p.column), p.code, p.message) for p in problems]
    last = text.count("\n") + 1
    for table in (smap.values, smap.keys):
        for path, (line, col) in table.items():
            if line > last:  # an empty value at the very end of the file
                table[path] = _clamp(text, line, col)
    return data, smap, problems


def _events(loader):
    while loader.check_event():
        yield loader.get_event()


# --- where each value is written: spans for editing a file in place ----------------------------

@dataclass(frozen=True)
class NodeSpan:
    """Where a value is written in the text (indexes into the decoded text, 0-based).

    ``start`` is where the value begins (for a block sequence: its first ``-``); ``end`` is just
    after its last character, comments and line breaks after it not included (a block collection
    ends where its last value ends). ``flow`` is true for ``[...]``, ``{...}`` and scalars.
    ``key_start`` is where the key of a mapping value begins.
    """

    start: int
    end: int
    line: int
    column: int
    flow: bool
    kind: str  # "mapping", "sequence" or "scalar"
    key_start: int | None = None


class _SpanFrame:
    __slots__ = ("path", "is_map", "key", "key_start", "index", "start", "end", "flow", "line", "column",
                 "own_key_start")

    def __init__(self, path, is_map, mark, flow, own_key_start):
        self.path = path
        self.is_map = is_map
        self.key = _NO_KEY
        self.key_start = None
        self.index = 0
        self.start = mark.index
        self.end = mark.index
        self.flow = flow
        self.line = mark.line
        self.column = mark.column
        self.own_key_start = own_key_start


def node_spans(text: str) -> dict[Path_, NodeSpan]:
    """The span of every value of a (valid) one-document YAML text, by path.

    Raises ``ValueError`` when the text is not valid YAML; load it with :func:`load` first to
    report problems with their positions.
    """
    spans: dict[Path_, NodeSpan] = {}
    stack: list[_SpanFrame] = []
    loader = _EventSource(text)

    def child() -> tuple[Path_ | None, int | None]:
        """The path of the value that starts now and the start of its key (None for a key)."""
        if not stack:
            return (), None
        top = stack[-1]
        if top.is_map:
            path = top.path + (top.key,)
            top.key = _NO_KEY
            return path, top.key_start
        path = top.path + (top.index,)
        top.index += 1
        return path, None

    def close(path: Path_, span: NodeSpan) -> None:
        spans[path] = span
        if stack:
            stack[-1].end = max(stack[-1].end, span.end)

    try:
        while loader.check_event():
            event = loader.get_event()
            cls = event.__class__
            if cls is ev.ScalarEvent or cls is ev.AliasEvent:
                top = stack[-1] if stack else None
                if top is not None and top.is_map and top.key is _NO_KEY:
                    top.key = event.value if cls is ev.ScalarEvent else f"*{event.anchor}"
                    top.key_start = event.start_mark.index
                    top.end = max(top.end, event.end_mark.index)
                    continue
                path, key_start = child()
                mark = event.start_mark
                close(path, NodeSpan(mark.index, event.end_mark.index, mark.line + 1, mark.column + 1, True,
                                     "scalar", key_start))
            elif cls is ev.MappingStartEvent or cls is ev.SequenceStartEvent:
                path, key_start = child()
                frame = _SpanFrame(path, cls is ev.MappingStartEvent, event.start_mark, bool(event.flow_style),
                                   key_start)
                stack.append(frame)
            elif cls is ev.MappingEndEvent or cls is ev.SequenceEndEvent:
                frame = stack.pop()
                end = event.end_mark.index if frame.flow else frame.end
                close(frame.path, NodeSpan(frame.start, end, frame.line + 1, frame.column + 1, frame.flow,
                                           "mapping" if frame.is_map else "sequence", frame.own_key_start))
    except yaml.YAMLError as exc:
        raise ValueError(f"not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    return spans
