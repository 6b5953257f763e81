"""Quality inputs (``quality/providers.yaml``, ``quality/tracking.csv``): the EQAVET figures that the
VET providers declare and the graduate tracking, loaded with the position of every value.

``providers.yaml`` maps a partner id to what that provider declares (QA system, staff, regional
unemployment rate, mechanisms to identify training needs, schemes for better access);
``tracking.csv`` has one row per completer or early leaver and tracking point (6 or 12 months after
completion, or after leaving).
Tracking rows are personal data: diagnostics about them name the file, line, column, column name
and at most the learner id, never a status, an answer or a score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BeforeValidator, Field, StrictBool, ValidationError, model_validator

from skillweave.diagnostics import DiagnosticSink
from skillweave.load import yamlsource
from skillweave.load.records import Record, read_table
from skillweave.model import ID_RE, Id, Model, Text

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.load.curriculum import Loader

PROVIDERS_FILE = "quality/providers.yaml"
TRACKING_FILE = "quality/tracking.csv"

STATUSES = ("employed", "self-employed", "education", "unemployed", "inactive", "unknown")
#: the statuses that count as employment (indicators 5b and 6)
IN_EMPLOYMENT = ("employed", "self-employed")
TRACKING_POINTS = (6, 12)


# --- providers.yaml -----------------------------------------------------------------------------

class QaSystem(Model):
    internal: StrictBool
    accredited: StrictBool
    framework: Text | None = None


class Staff(Model):
    teachers_and_trainers: Annotated[int, Field(ge=0)]
    in_further_training: Annotated[int, Field(ge=0)]
    training_investment_eur: Annotated[float, Field(ge=0)]


class UnemploymentRate(Model):
    #: per cent (3.6 means 3.6 %), as the statistics office publishes it
    value: Annotated[float, Field(ge=0, le=100)]
    year: Annotated[int, Field(ge=1900, le=2100)]
    source: Text


class Evidence(Model):
    """Evidence of a mechanism's or a scheme's effectiveness (indicators 9b and 10b): a text, or a
    figure (``value``) with what it measures (``description``)."""

    text: Text | None = None
    value: float | None = None
    description: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _text_or_figure(cls, value):
        if isinstance(value, dict) and "value" in value:
            return value
        return {"text": value}

    @model_validator(mode="after")
    def _described(self):
        if self.value is not None and self.description is None:
            raise ValueError("a figure needs a description of what it measures; add description: ...")
        return self


class Declared(Model):
    """One mechanism to identify training needs (9a) or scheme for better access (10a): its text,
    and optionally the evidence of its effectiveness (9b, 10b). In the file either the text alone or
    ``{text: ..., evidence: ...}``."""

    text: Text
    evidence: Evidence | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, value):
        if isinstance(value, dict) and ("text" in value or "evidence" in value):
            return value
        return {"text": value}


class ProviderQuality(Model):
    """What one VET provider declares for EQAVET; a section left out is not declared."""

    qa_system: QaSystem | None = None
    staff: Staff | None = None
    unemployment_rate: UnemploymentRate | None = None
    needs_mechanisms: list[Declared] = []
    access_schemes: list[Declared] = []


# --- tracking.csv -------------------------------------------------------------------------------

def _blank_to_none(value):
    return None if isinstance(value, str) and value.strip() == "" else value


def _yes_no(value):
    if isinstance(value, str) and value.strip().lower() in ("yes", "no"):
        return value.strip().lower() == "yes"
    return value


def _whole_number(value):
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


Score = Annotated[int | None, Field(ge=1, le=5), BeforeValidator(_blank_to_none)]


class Tracking(Model):
    learner_id: Id
    months_after_completion: Annotated[Literal[6, 12], BeforeValidator(_whole_number)]
    status: Literal["employed", "self-employed", "education", "unemployed", "inactive", "unknown"]
    job_related: Annotated[StrictBool | None, BeforeValidator(_yes_no), BeforeValidator(_blank_to_none)] = None
    learner_satisfaction: Score = None
    employer_satisfaction: Score = None


TRACKING_COLUMNS = ["learner_id", "months_after_completion", "status", "job_related", "learner_satisfaction",
                    "employer_satisfaction"]
#: columns whose values never appear in a message (a learner's situation and answers)
PERSONAL = {"status", "job_related", "learner_satisfaction", "employer_satisfaction"}


@dataclass
class QualityInputs:
    """Everything read from ``quality/``."""

    #: the folder exists
    present: bool = False
    #: providers.yaml exists and is a readable mapping
    providers_loaded: bool = False
    #: partner id -> declaration, in file order (entries that could not be read are left out)
    providers: dict[str, ProviderQuality] = field(default_factory=dict)
    #: partner ids of entries that could not be read (so they are not reported as missing too)
    broken_providers: set[str] = field(default_factory=set)
    tracking: list[Record[Tracking]] = field(default_factory=list)


# --- loading ------------------------------------------------------------------------------------

class _Under:
    """The positions of one entry of providers.yaml: a source map seen from below a key."""

    def __init__(self, smap: yamlsource.SourceMap, prefix: tuple) -> None:
        self.smap, self.prefix = smap, prefix

    def value(self, path) -> tuple[int, int]:
        return self.smap.value(self.prefix + tuple(path))

    def key(self, path) -> tuple[int, int]:
        return self.smap.key(self.prefix + tuple(path))


def _load_providers(loader: "Loader", path: Path, out: QualityInputs) -> None:
    from skillweave.load.curriculum import validation_diagnostics

    rel, data = loader.read(path)
    if data is None:
        return
    out.providers_loaded = True
    smap = loader.cur.sources[rel]
    for pid, entry in data.items():
        if not isinstance(pid, str) or not ID_RE.match(pid):
            loader.sink.emit(rel, smap.key((pid,)), "SW105",
                             f"'{pid}' is not a partner id; each top-level key of providers.yaml is the id of a "
                             "VET provider of the alliance (e.g. roc-midden)")
            continue
        try:
            out.providers[pid] = ProviderQuality.model_validate(
                entry, context={"default_language": loader.default_language})
        except ValidationError as exc:
            out.broken_providers.add(pid)
            local = DiagnosticSink()
            validation_diagnostics(exc, ProviderQuality, rel, _Under(smap, (pid,)), local)  # type: ignore[arg-type]
            for d in local.items:
                if " in the file;" in d.message:  # a key of the entry itself
                    message = d.message.replace(" in the file;", f" in the entry of {pid};")
                else:
                    message = f"{pid}: {d.message}"
                loader.sink.emit(d.file, (d.line, d.column), d.code, message)


_FIX = {
    "literal_error": "expected one of {expected}",
    "bool_parsing": "write yes, no or leave it empty",
    "bool_type": "write yes, no or leave it empty",
    "int_parsing": "write a whole number from 1 to 5 or leave it empty",
    "int_type": "write a whole number from 1 to 5 or leave it empty",
    "greater_than_equal": "write a whole number from 1 to 5 or leave it empty",
    "less_than_equal": "write a whole number from 1 to 5 or leave it empty",
    "string_too_short": "the field must not be empty",
    "missing": "the field must not be empty",
}


def _csv_message(column: str, err: dict) -> tuple[str, str]:
    kind = err["type"]
    if kind == "string_pattern_mismatch" and (err.get("ctx") or {}).get("pattern") == ID_RE.pattern:
        return "SW105", f"{column} {err.get('input')!r}: use lower-case letters, digits and hyphens (e.g. l-0001)"
    if column == "months_after_completion":
        return "SW102", f"{column} {err.get('input')!r}: write 6 or 12"
    fix = _FIX.get(kind, err["msg"]).format(**(err.get("ctx") or {}))
    shown = "" if column in PERSONAL or kind == "missing" else f" {err.get('input')!r}"
    return "SW102", f"{column}{shown}: {fix}"


def _load_tracking(path: Path, rel: str, sink: DiagnosticSink) -> list[Record[Tracking]]:
    records: list[Record[Tracking]] = []
    for row in read_table(path, rel, sink, TRACKING_COLUMNS):
        try:
            item = Tracking.model_validate(row.data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                column = str(err["loc"][0]) if err["loc"] else "learner_id"
                code, message = _csv_message(column, err)
                sink.emit(rel, row.positions.get(column, (row.line, 1)), code, message)
            continue
        records.append(Record(item, rel, row.line, row.positions))
    return records


def load_quality(loader: "Loader") -> QualityInputs:
    """Read ``quality/`` of the loader's workspace, reporting problems to the loader's sink."""
    root = loader.ws.root
    out = QualityInputs()
    if not (root / "quality").is_dir():
        return out
    out.present = True
    providers = root / PROVIDERS_FILE
    if providers.is_file():
        _load_providers(loader, providers, out)
    tracking = root / TRACKING_FILE
    if tracking.is_file():
        out.tracking = _load_tracking(tracking, TRACKING_FILE, loader.sink)
    return out
