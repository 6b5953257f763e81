"""YAML reading that keeps the line and column of every key and value.

PyYAML's C parser composes the node tree (fast, and every node carries its marks); this module
turns nodes into plain Python values itself, so that it can

* record positions in a :class:`SourceMap` (a sidecar: (path) -> (line, column), 1-based);
* report duplicate keys instead of silently keeping the last one;
* resolve plain scalars by the YAML 1.2 core schema: ``NO`` (Norway) stays a string, ``2026-03-01``
  stays a string for the model to parse, and only ``true``/``false`` are booleans;
* keep the source text of numbers (``isced_f: 0713`` must not lose its leading zero where the
  model expects a code);
* refuse alias bombs (nested aliases that expand exponentially) and recursive aliases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

try:  # the C loader is in every PyYAML wheel; fall back to pure Python elsewhere
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple  # a path into the document: keys and list indexes

MAX_NODES = 200_000


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


@dataclass(frozen=True)
class YamlProblem:
    line: int
    column: int
    code: str  # SW100 syntax, SW101 duplicate key, SW108 unreadable
    message: str


_STR = "tag:yaml.org,2002:str"
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")


def _plain_scalar(text: str):
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
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


class _TooLarge(Exception):
    pass


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


class _Builder:
    def __init__(self, problems: list[YamlProblem]) -> None:
        self.smap = SourceMap()
        self.problems = problems
        self.nodes = 0
        self.stack: set[int] = set()

    def build(self, node, path: Path_):
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge(node)
        self.smap.values.setdefault(path, _pos(node.start_mark))
        if isinstance(node, yaml.ScalarNode):
            if not node.style:  # plain: None from the Python parser, '' from the C one
                value = _plain_scalar(node.value)
                if not isinstance(value, str) and node.tag == _STR and _explicit_tag(node):
                    return node.value  # written as !!str 0713
                return value
            return node.value
        if id(node) in self.stack:
            self.problems.append(YamlProblem(*_pos(node.start_mark), "SW100",
                                             "a recursive alias; write the value out instead"))
            return None
        self.stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
            result: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problems.append(YamlProblem(*_pos(key_node.start_mark), "SW100",
                                                     "a key must be a plain name, not a list or mapping"))
                    continue
                key = key_node.value
                if key in result:
                    first = self.smap.keys.get(path + (key,), (0, 0))
                    self.problems.append(YamlProblem(
                        *_pos(key_node.start_mark), "SW101",
                        f"duplicate key '{key}' (first at line {first[0]}); keep one and delete the other"))
                    continue
                self.smap.keys[path + (key,)] = _pos(key_node.start_mark)
                result[key] = self.build(value_node, path + (key,))
            return result
        finally:
            self.stack.discard(id(node))


def _explicit_tag(node) -> bool:
    # PyYAML gives no flag for explicit tags; a plain scalar that the 1.1 resolver would not have
    # typed as str but that carries the str tag was tagged by hand (!!str 0713).
    resolved = _Loader.resolve(_Loader, yaml.ScalarNode, node.value, (True, False))  # type: ignore[arg-type]
    return resolved != node.tag


def _char_name(ch) -> str:
    code = ch if isinstance(ch, int) else ord(ch)
    return f"character U+{code:04X}"


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
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{what} ({exc.context})"
        return None, SourceMap(), [YamlProblem(line, col, "SW100", f"YAML syntax error: {what}; "
                                                                    "check indentation, colons and quotes")]
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        return None, SourceMap(), [YamlProblem(line, col, "SW108",
                                               f"{_char_name(exc.character)} is not allowed in YAML ({exc.reason}); remove it")]
    except yaml.YAMLError as exc:  # pragma: no cover - other PyYAML errors carry no mark
        return None, SourceMap(), [YamlProblem(1, 1, "SW100", f"YAML error: {exc}")]
    if node is None:
        return None, SourceMap(values={(): (1, 1)}), []
    builder = _Builder(problems)
    try:
        data = builder.build(node, ())
    except _TooLarge as exc:
        line, col = _pos(exc.args[0].start_mark)
        return None, SourceMap(), [YamlProblem(line, col, "SW100",
                                               "the document expands to too many values (nested aliases?); "
                                               "write values out instead of using aliases")]
    except RecursionError:
        return None, SourceMap(), [YamlProblem(1, 1, "SW100", "the document is nested too deeply")]
    return data, builder.smap, problems
