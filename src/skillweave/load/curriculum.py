"""Load a workspace's YAML files into the model, recording every problem as a diagnostic.

Every file is read; a file with structural problems (syntax, types, unknown keys) is reported and
left out of the model, and its id is remembered as *broken* so that references to it do not cause
a second, misleading "unknown" diagnostic.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from skillweave.diagnostics import DiagnosticSink
from skillweave.load import yamlsource
from skillweave.load.quality import QualityInputs, load_quality
from skillweave.load.records import LearnerRecords, load_records
from skillweave.load.workspace import Workspace
from skillweave.load.yamlsource import SourceMap
from skillweave.model import ID_RE, Alliance, NationalQualification, Programme, Unit


@dataclass
class NationalEntry:
    """A partner's national qualification and its units (for mapping)."""

    partner: str
    folder: str
    qualification: NationalQualification | None = None
    file: str | None = None
    units: dict[str, Unit] = field(default_factory=dict)
    unit_files: dict[str, str] = field(default_factory=dict)
    broken_units: set[str] = field(default_factory=set)


@dataclass
class Curriculum:
    """Everything loaded from ``curricula/``, with the positions of every value."""

    workspace: Workspace
    alliance: Alliance | None = None
    programmes: dict[str, Programme] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    national: dict[str, NationalEntry] = field(default_factory=dict)
    #: (kind, id) -> file, for "programme", "unit"
    files: dict[tuple[str, str], str] = field(default_factory=dict)
    sources: dict[str, SourceMap] = field(default_factory=dict)
    #: (kind, id) of files that exist but could not be loaded
    broken: set[tuple[str, str]] = field(default_factory=set)
    alliance_file: str = "curricula/alliance.yaml"
    records: LearnerRecords = field(default_factory=LearnerRecords)
    quality: QualityInputs = field(default_factory=QualityInputs)

    def pos(self, file: str, *path: Any) -> tuple[int, int]:
        smap = self.sources.get(file)
        return smap.value(path) if smap else (1, 1)

    def key_pos(self, file: str, *path: Any) -> tuple[int, int]:
        smap = self.sources.get(file)
        return smap.key(path) if smap else (1, 1)

    def unit_file(self, unit_id: str) -> str:
        return self.files[("unit", unit_id)]

    def programme_file(self, programme_id: str) -> str:
        return self.files[("programme", programme_id)]


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
    "date_from_datetime_parsing": "write an ISO 8601 date such as 2026-03-01",
    "date_parsing": "write an ISO 8601 date such as 2026-03-01",
    "date_type": "write an ISO 8601 date such as 2026-03-01",
    "date_from_datetime_inexact": "write a date without a time, such as 2026-03-01",
    "too_short": "add at least one item",
    "string_too_short": "write some text or delete the key",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()!s}"
    if isinstance(value, (int, float)):
        return getattr(value, "raw", repr(value))
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
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
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
        if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == ID_RE.pattern:
            sink.emit(file, where, "SW105",
                      f"{_path_text(loc)}: {_describe(value)} is not a valid id; use 1 to 64 lower-case letters, "
                      "digits and hyphens, starting with a letter or digit (e.g. pv-installation)")
            continue
        sink.emit(file, where, "SW102", f"{_path_text(loc)}: {_message(kind, err, value)}")


def _message(kind: str, err: dict, value: Any) -> str:
    got = f"got {_describe(value)}"
    ctx = err.get("ctx") or {}
    if kind == "literal_error":
        return f"{got}; expected one of {ctx.get('expected')}"
    if kind in ("string_type",):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return f"expected text, {got}; put it in quotes: \"{_describe(value)}\""
        return f"expected text, {got}"
    if kind == "string_pattern_mismatch":
        return f"{got}, which does not have the expected form ({ctx.get('pattern')})"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return f"{got}; {err['msg'].replace('Input should be', 'it must be')}"
    fix = _FIXES.get(kind)
    if fix:
        return f"{got}; {fix}"
    return f"{got}; {err['msg']}"


# --- reading files -----------------------------------------------------------------------------

class Loader:
    def __init__(self, workspace: Workspace, sink: DiagnosticSink) -> None:
        self.ws = workspace
        self.sink = sink
        self.cur = Curriculum(workspace=workspace)
        self.default_language = "en"

    def read(self, path: Path) -> tuple[str, Any]:
        """Read and parse one YAML file; (relative path, data or None)."""
        rel = self.ws.rel(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            self.sink.emit(rel, (1, 1), "SW108", f"cannot read the file ({exc.strerror}); check its permissions")
            return rel, None
        text, problem = yamlsource.decode(raw)
        if problem:
            self.sink.emit(rel, (problem.line, problem.column), problem.code, problem.message)
            return rel, None
        data, smap, problems = yamlsource.load(text)
        self.cur.sources[rel] = smap
        for p in problems:
            self.sink.emit(rel, (p.line, p.column), p.code, p.message)
        if data is None and not problems:
            self.sink.emit(rel, (1, 1), "SW104", "the file is empty; see docs/formats.md for what it must contain")
        if data is not None and not isinstance(data, dict):
            self.sink.emit(rel, smap.value(()), "SW102",
                           f"the file holds {_describe(data)}; it must be a mapping of 'key: value' lines")
            return rel, None
        return rel, data

    def validate(self, model: type[BaseModel], rel: str, data: dict) -> Any:
        try:
            return model.model_validate(data, context={"default_language": self.default_language})
        except ValidationError as exc:
            validation_diagnostics(exc, model, rel, self.cur.sources[rel], self.sink)
            return None

    def check_file_name(self, rel: str, path: Path, obj_id: str) -> None:
        if path.stem != obj_id:
            self.sink.emit(rel, self.cur.pos(rel, "id"), "SW106",
                           f"the id '{obj_id}' differs from the file name '{path.name}'; "
                           f"rename the file to '{obj_id}.yaml' or change the id to '{path.stem}'")

    def ignored(self, paths: list[Path]) -> None:
        for p in paths:
            hint = f"; rename it to '{p.stem}.yaml'" if p.suffix in (".yml", ".YAML", ".Yaml") else ""
            self.sink.emit(self.ws.rel(p), (1, 1), "SW002",
                           f"'{p.name}' is ignored: only .yaml files are read here{hint}")

    # -- the workspace ---------------------------------------------------------------------------

    def load(self) -> Curriculum:
        self.load_alliance()
        files, others = self.ws.programme_files()
        self.ignored(others)
        for path in files:
            self.load_one(path, Programme, "programme", self.cur.programmes, self.cur.files)
        files, others = self.ws.unit_files()
        self.ignored(others)
        for path in files:
            self.load_one(path, Unit, "unit", self.cur.units, self.cur.files)
        for folder in self.ws.national_folders():
            self.load_national(folder)
        self.cur.records = load_records(self.ws.root, self.sink)
        self.cur.quality = load_quality(self)
        return self.cur

    def load_alliance(self) -> None:
        path = self.ws.alliance_file
        rel = self.ws.rel(path)
        if not path.is_file():
            self.sink.emit(rel, (1, 1), "SW001",
                           "the workspace has no curricula/alliance.yaml; create it with the alliance's id, "
                           "name, languages, default_language and partners (docs/formats.md)")
            return
        rel, data = self.read(path)
        if data is None:
            return
        lang = data.get("default_language")
        if isinstance(lang, str) and len(lang) == 2:
            self.default_language = lang
        alliance = self.validate(Alliance, rel, data)
        if alliance is None:
            # keep the partner ids we can read, so that references to them are not reported too
            partners = data.get("partners")
            for p in partners if isinstance(partners, list) else []:
                if isinstance(p, dict) and isinstance(p.get("id"), str):
                    self.cur.broken.add(("partner", p["id"]))
            return
        self.cur.alliance = alliance
        first: dict[str, int] = {}
        for i, partner in enumerate(alliance.partners):
            if partner.id in first:
                line = self.cur.pos(rel, "partners", first[partner.id], "id")[0]
                self.sink.emit(rel, self.cur.pos(rel, "partners", i, "id"), "SW107",
                               f"partner id '{partner.id}' is already used at line {line}; give each partner its own id")
            else:
                first[partner.id] = i

    def load_one(self, path: Path, model: type[BaseModel], kind: str, into: dict, files: dict,
                 scope: str = "") -> Any:
        rel, data = self.read(path)
        if data is None:
            self.cur.broken.add((kind, scope + path.stem))
            return None
        obj = self.validate(model, rel, data)
        if obj is None:
            declared = data.get("id")
            self.cur.broken.add((kind, scope + path.stem))
            if isinstance(declared, str):
                self.cur.broken.add((kind, scope + declared))
            return None
        self.check_file_name(rel, path, obj.id)
        key = (kind, scope + obj.id)
        if obj.id in into:
            self.sink.emit(rel, self.cur.pos(rel, "id"), "SW107",
                           f"{kind} id '{obj.id}' is already used by {files[key]}; give each {kind} its own id")
            return None
        into[obj.id] = obj
        files[key] = rel
        return obj

    def load_national(self, folder: Path) -> None:
        partner = folder.name
        entry = NationalEntry(partner=partner, folder=self.ws.rel(folder))
        self.cur.national[partner] = entry
        qpath = folder / "qualification.yaml"
        if not qpath.is_file():
            self.sink.emit(self.ws.rel(qpath), (1, 1), "SW001",
                           f"national folder '{partner}' has no qualification.yaml; add one with id, title, "
                           "country, eqf_level and units (docs/formats.md)")
        else:
            rel, data = self.read(qpath)
            if data is not None:
                entry.qualification = self.validate(NationalQualification, rel, data)
                entry.file = rel
        files, others = self.ws.national_unit_files(folder)
        self.ignored(others)
        unit_files: dict[tuple[str, str], str] = {}
        for path in files:
            before = set(self.cur.broken)
            self.load_one(path, Unit, "unit", entry.units, unit_files, scope=f"{partner}/")
            for kind, name in set(self.cur.broken) - before:
                entry.broken_units.add(name.split("/", 1)[1])
        entry.unit_files = {k[1].split("/", 1)[1]: v for k, v in unit_files.items()}
        self.cur.files.update({("national-unit", k[1]): v for k, v in unit_files.items()})


def load_curriculum(workspace: Workspace, sink: DiagnosticSink) -> Curriculum:
    return Loader(workspace, sink).load()
