"""One YAML document of the workspace: read with the position of every value, validated into a
model, every problem a diagnostic.

Shared by the loaders of the curriculum (``curricula/``) and of the quality inputs
(``quality/providers.yaml``).
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from skillweave.diagnostics import DiagnosticSink
from skillweave.load import parsecache, yamlsource
from skillweave.load.workspace import RefusedFile, Workspace
from skillweave.load.yamlsource import SourceMap
from skillweave.model import ID_RE


def read_mapping(workspace: Workspace, path: Path, sink: DiagnosticSink,
                 sources: dict[str, SourceMap]) -> tuple[str, Any]:
    """Read and parse one YAML file; (relative path, data or None). The file's source map goes
    into ``sources``; a file that is not a mapping is reported and gives None."""
    rel = workspace.rel(path)
    try:
        raw = workspace.read_bytes(path)
    except RefusedFile as exc:
        sink.emit(rel, (1, 1), exc.code, exc.message)
        return rel, None
    cache = parsecache.current() if rel.startswith("curricula/") else None
    digest = parsecache.digest(raw) if cache is not None else ""
    if cache is not None:
        kept = cache.get(digest)
        if kept is not None:  # parsed by the previous build, without a problem
            sources[rel] = yamlsource.LazySourceMap(raw)
            return rel, kept
    text, problem = yamlsource.decode(raw)
    if problem:
        sink.emit(rel, (problem.line, problem.column), problem.code, problem.message)
        return rel, None
    data, smap, problems = yamlsource.load(text)
    sources[rel] = smap
    if cache is not None and not problems and isinstance(data, dict):
        cache.put(digest, data)
    for p in problems:
        sink.emit(rel, (p.line, p.column), p.code, p.message)
    if data is None and not problems:
        sink.emit(rel, (1, 1), "SW104", "the file is empty; see docs/formats.md for what it must contain")
    if data is not None and not isinstance(data, dict):
        sink.emit(rel, smap.value(()), "SW102",
                  f"the file holds {describe(data)}; it must be a mapping of 'key: value' lines")
        return rel, None
    return rel, data


# --- pydantic errors as diagnostics ------------------------------------------------------------

_FIXES = {
    "int_parsing": "write a whole number",
    "int_type": "write a whole number",
    "int_from_float": "write a whole number",
    "float_parsing": "write a number",
    "float_type": "write a number",
    "bool_parsing": "write true or false",
    "bool_type": "write true or false",
    "list_type": "write a list, one '- item' per line or [a, b]",
    "dict_type": "write a mapping of 'key: value' lines",
    "model_type": "write a mapping of 'key: value' lines",
    "model_attributes_type": "write a mapping of 'key: value' lines",
    # dates (skillweave.model.Date): ``date`` is the date meant, where that is clear
    "date_format": "write the date as YYYY-MM-DD, such as 2026-03-01",
    "date_with_time": "write the date without a time, as YYYY-MM-DD: {date}",
    "date_unpadded": "write the date as YYYY-MM-DD, with two digits for the month and the day: {date}",
    "date_not_in_calendar": "there is no such day; write a date of the calendar as YYYY-MM-DD",
    "date_excel_serial": "write the date as YYYY-MM-DD; this looks like Excel's serial number for {date} "
                         "(if that is the date, write {date})",
    "too_short": "add at least one item",
    "string_too_short": "write some text or delete the key",
}


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()!s}"
    if isinstance(value, (int, float)):
        raw = getattr(value, "raw", None)
        shown = raw if raw is not None else repr(value)
        return shown if len(shown) <= 40 else shown[:37] + "..."
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return repr(shown)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _path_text(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "the file"


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys that the model allows at the mapping that contains ``loc[-1]``."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part) or next(
            (i for i in current.model_fields.values() if i.alias == part), None)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _inner_model(annotation: Any) -> Any:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def validation_diagnostics(exc: ValidationError, model: type[BaseModel], file: str, smap: SourceMap,
                           sink: DiagnosticSink) -> None:
    seen: set[tuple] = set()
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "missing":
            # report against the mapping that lacks the key
            key = loc[-1]
            parent = loc[:-1]
            dedupe = ("missing", loc)
            if dedupe in seen:
                continue
            seen.add(dedupe)
            where = smap.key(parent) if parent else (1, 1)
            what = f" in {_path_text(parent)}" if parent else ""
            sink.emit(file, where, "SW104", f"missing required key '{key}'{what}; add '{key}: ...'")
            continue
        if kind == "extra_forbidden":
            key = loc[-1]
            allowed = _allowed_keys(model, loc)
            hint = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            fix = f"did you mean '{hint[0]}'?" if hint else (
                "allowed keys: " + ", ".join(allowed) if allowed else "delete it")
            sink.emit(file, smap.key(loc), "SW103", f"unknown key '{key}' in {_path_text(loc[:-1])}; {fix}")
            continue
        if "[key]" in loc:
            key_loc = loc[: loc.index("[key]")]
            sink.emit(file, smap.key(key_loc), "SW102",
                      f"'{key_loc[-1]}' in {_path_text(key_loc[:-1])} is not an ISO 639-1 language code; "
                      "use two lower-case letters such as en, nl or de")
            continue
        # a union (e.g. Text | None) reports one error per member: keep the first per location
        if loc[:-1] in seen and kind == "none_required":
            continue
        if loc in seen:
            continue
        seen.add(loc)
        value = err.get("input")
        where = smap.value(loc)
        if kind == "reserved_id":
            sink.emit(file, where, "SW105",
                      f"{_path_text(loc)}: {describe(value)} is a device name on Windows (con, prn, aux, nul, "
                      "com1-9, lpt1-9), so its files could not be checked out there; choose another id")
            continue
        if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == ID_RE.pattern:
            sink.emit(file, where, "SW105",
                      f"{_path_text(loc)}: {describe(value)} is not a valid id; use 1 to 64 lower-case letters, "
                      "digits and hyphens, starting with a letter or digit (e.g. pv-installation)")
            continue
        sink.emit(file, where, "SW102", f"{_path_text(loc)}: {_message(kind, err, value)}")


def _message(kind: str, err: dict, value: Any) -> str:
    got = f"got {describe(value)}"
    ctx = err.get("ctx") or {}
    if kind == "literal_error":
        return f"{got}; expected one of {ctx.get('expected')}"
    if kind in ("string_type",):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return f"expected text, {got}; put it in quotes: \"{describe(value)}\""
        return f"expected text, {got}"
    if kind == "string_pattern_mismatch":
        return f"{got}, which does not have the expected form ({ctx.get('pattern')})"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return f"{got}; {err['msg'].replace('Input should be', 'it must be')}"
    if kind in ("int_type", "float_type") and isinstance(value, str) and _looks_numeric(value):
        return f"{got}; a number is written without quotes: {value.strip()}"
    if kind == "finite_number":
        return f"{got}; write a finite number"
    fix = _FIXES.get(kind)
    if fix:
        return f"{got}; {fix.format(**ctx)}"
    return f"{got}; {err['msg']}"


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
