"""Load a workspace's YAML files into the model, recording every problem as a diagnostic.

Every file is read; a file with structural problems (syntax, types, unknown keys) is reported and
left out of the model, and its id is remembered as *broken* so that references to it do not cause
a second, misleading "unknown" diagnostic.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from skillweave.diagnostics import DiagnosticSink
from skillweave.load.quality import load_quality
from skillweave.load.records import load_records
from skillweave.load.workspace import Workspace
from skillweave.load.yamlfile import read_mapping, validation_diagnostics
from skillweave.model import Alliance, Curriculum, NationalEntry, NationalQualification, Programme, Unit

#: stand-ins for a unit's required fields that could not be read (see Loader.salvage)
_STAND_INS = {"eqf_level": 1, "ecvet_points": 0, "owner": "x"}


# --- reading files -----------------------------------------------------------------------------

class Loader:
    def __init__(self, workspace: Workspace, sink: DiagnosticSink) -> None:
        self.ws = workspace
        self.sink = sink
        self.cur = Curriculum(workspace=workspace)
        self.default_language = "en"

    def read(self, path: Path) -> tuple[str, Any]:
        """Read and parse one YAML file; (relative path, data or None)."""
        return read_mapping(self.ws, path, self.sink, self.cur.sources)

    def validate(self, model: type[BaseModel], rel: str, data: dict) -> Any:
        try:
            return model.model_validate(data, context={"default_language": self.default_language})
        except ValidationError as exc:
            validation_diagnostics(exc, model, rel, self.cur.sources[rel], self.sink)
            return None

    def salvage(self, rel: str, data: dict) -> tuple[Any, set[str]]:
        """What can be kept of a unit whose file has errors (already reported), so that every rule
        still runs on the rest of it: list items with errors are dropped, optional fields with
        errors take their defaults, and the required ``eqf_level``, ``ecvet_points`` and ``owner``
        take stand-ins that the rules leave alone. (None when the id or title is unusable.)"""
        try:
            Unit.model_validate(data, context={"default_language": self.default_language})
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        else:  # pragma: no cover - only called after a failure
            return None, set()
        fixed = dict(data)
        drop: dict[str, set[int]] = {}
        partial: set[str] = set()
        for err in errors:
            loc = err["loc"]
            if not loc:
                return None, set()
            name = loc[0]
            if name in _STAND_INS:
                fixed[name] = _STAND_INS[name]
                partial.add(name)
            elif name in ("id", "title"):
                return None, set()
            elif len(loc) > 1 and isinstance(loc[1], int) and isinstance(fixed.get(name), list):
                drop.setdefault(name, set()).add(loc[1])
            else:
                fixed.pop(name, None)
                partial.add(name)
        for name, indexes in drop.items():
            fixed[name] = [item for i, item in enumerate(fixed[name]) if i not in indexes]
            partial.add(name)
        try:
            unit = Unit.model_validate(fixed, context={"default_language": self.default_language})
        except ValidationError:
            return None, set()
        return unit, partial

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
        self.outcome_ids()
        self.cur.records = load_records(self.ws.root, self.sink)
        self.cur.quality = load_quality(self.ws, self.sink, self.cur.sources, self.default_language)
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
        if alliance.default_language not in alliance.languages:
            self.sink.emit(rel, self.cur.pos(rel, "default_language"), "SW102",
                           f"default_language '{alliance.default_language}' is not among languages "
                           f"[{', '.join(alliance.languages)}]; add it to languages")
        first: dict[str, int] = {}
        for i, partner in enumerate(alliance.partners):
            if partner.id in first:
                line = self.cur.pos(rel, "partners", first[partner.id], "id")[0]
                self.sink.emit(rel, self.cur.pos(rel, "partners", i, "id"), "SW107",
                               f"partner id '{partner.id}' is already used at line {line}; give each partner its own id")
            else:
                first[partner.id] = i

    def outcome_ids(self) -> None:
        """Learning outcome ids are unique across the workspace (joint and national units)."""
        units = [(self.cur.unit_file(uid), unit) for uid, unit in self.cur.units.items()]
        for _partner, entry in sorted(self.cur.national.items()):
            units += [(entry.unit_files[uid], unit) for uid, unit in entry.units.items()]
        first: dict[str, tuple[str, int]] = {}  # where each id is first used (a position only when needed)
        for file, unit in units:
            for j, lo in enumerate(unit.learning_outcomes):
                if lo.id in first:
                    other_file, k = first[lo.id]
                    line = self.cur.pos(other_file, "learning_outcomes", k, "id")[0]
                    self.sink.emit(file, self.cur.pos(file, "learning_outcomes", j, "id"), "SW107",
                                   f"learning outcome id '{lo.id}' is already used in {other_file} (line {line}); "
                                   "give each outcome its own id")
                else:
                    first[lo.id] = (file, j)

    def load_one(self, path: Path, model: type[BaseModel], kind: str, into: dict, files: dict,
                 scope: str = "") -> Any:
        rel, data = self.read(path)
        if data is None:
            self.cur.broken.add((kind, scope + path.stem))
            return None
        obj = self.validate(model, rel, data)
        partial: set[str] = set()
        if obj is None and model is Unit:
            obj, partial = self.salvage(rel, data)
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
        if partial:
            self.cur.partial[rel] = partial
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
