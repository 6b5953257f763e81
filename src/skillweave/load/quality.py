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

from pathlib import Path

from pydantic import ValidationError

from skillweave.diagnostics import DiagnosticSink
from skillweave.load import yamlsource
from skillweave.load.records import read_table
from skillweave.load.workspace import Workspace, present
from skillweave.load.yamlfile import read_mapping, validation_diagnostics
from skillweave.model import ID_RE, RECORD_ID_RE, ProviderQuality, QualityInputs, Record, Tracking

PROVIDERS_FILE = "quality/providers.yaml"
TRACKING_FILE = "quality/tracking.csv"

TRACKING_COLUMNS = ["learner_id", "months_after_completion", "status", "job_related", "learner_satisfaction",
                    "employer_satisfaction"]
#: columns whose values never appear in a message (a learner's situation and answers)
PERSONAL = {"status", "job_related", "learner_satisfaction", "employer_satisfaction"}


# --- loading ------------------------------------------------------------------------------------

class _Under:
    """The positions of one entry of providers.yaml: a source map seen from below a key."""

    def __init__(self, smap: yamlsource.SourceMap, prefix: tuple) -> None:
        self.smap, self.prefix = smap, prefix

    def value(self, path) -> tuple[int, int]:
        return self.smap.value(self.prefix + tuple(path))

    def key(self, path) -> tuple[int, int]:
        return self.smap.key(self.prefix + tuple(path))


def _load_providers(workspace: Workspace, path: Path, sink: DiagnosticSink, sources: dict[str, yamlsource.SourceMap],
                    default_language: str, out: QualityInputs) -> None:
    rel, data = read_mapping(workspace, path, sink, sources)
    if data is None:
        return
    out.providers_loaded = True
    smap = sources[rel]
    for pid, entry in data.items():
        if not isinstance(pid, str) or not ID_RE.match(pid):
            sink.emit(rel, smap.key((pid,)), "SW105",
                             f"'{pid}' is not a partner id; each top-level key of providers.yaml is the id of a "
                             "VET provider of the alliance (e.g. roc-midden)")
            continue
        try:
            out.providers[pid] = ProviderQuality.model_validate(
                entry, context={"default_language": default_language})
        except ValidationError as exc:
            out.broken_providers.add(pid)
            local = DiagnosticSink()
            validation_diagnostics(exc, ProviderQuality, rel, _Under(smap, (pid,)), local)  # type: ignore[arg-type]
            for d in local.items:
                if " in the file;" in d.message:  # a key of the entry itself
                    message = d.message.replace(" in the file;", f" in the entry of {pid};")
                else:
                    message = f"{pid}: {d.message}"
                sink.emit(d.file, (d.line, d.column), d.code, message)


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
    if kind == "string_pattern_mismatch" and (err.get("ctx") or {}).get("pattern") == RECORD_ID_RE.pattern:
        return "SW105", (f"{column} {err.get('input')!r}: use 1 to 64 letters, digits, '.', '_' or '-', starting "
                         "with a letter or digit (e.g. L001, 2024.0137)")
    if column == "months_after_completion":
        return "SW102", f"{column} {err.get('input')!r}: write 6 or 12"
    fix = _FIX.get(kind, err["msg"]).format(**(err.get("ctx") or {}))
    shown = "" if column in PERSONAL or kind == "missing" else f" {err.get('input')!r}"
    return "SW102", f"{column}{shown}: {fix}"


def _load_tracking(path: Path, rel: str, sink: DiagnosticSink, root: Path) -> list[Record[Tracking]]:
    """The rows of tracking.csv that can be read; one per learner and tracking point (SW107)."""
    records: list[Record[Tracking]] = []
    seen: dict[tuple[str, int], int] = {}
    for row in read_table(path, rel, sink, TRACKING_COLUMNS, root=root):
        try:
            item = Tracking.model_validate(row.data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                column = str(err["loc"][0]) if err["loc"] else "learner_id"
                code, message = _csv_message(column, err)
                sink.emit(rel, row.positions.get(column, (row.line, 1)), code, message)
            continue
        record = Record(item, rel, row.line, row.locate, row.offset)
        key = (item.learner_id, item.months_after_completion)
        if key in seen:
            sink.emit(rel, record.pos("learner_id"), "SW107",
                      f"learner '{item.learner_id}' is already tracked at {item.months_after_completion} months on "
                      f"line {seen[key]}; keep one row per learner and tracking point")
        else:
            seen[key] = row.line
        records.append(record)
    return records


def load_quality(workspace: Workspace, sink: DiagnosticSink, sources: dict[str, yamlsource.SourceMap],
                 default_language: str) -> QualityInputs:
    """Read ``quality/`` of the workspace, reporting problems to ``sink``; the source map of
    providers.yaml goes into ``sources`` (texts in it default to ``default_language``)."""
    root = workspace.root
    out = QualityInputs()
    if not (root / "quality").is_dir():
        return out
    out.present = True
    providers = root / PROVIDERS_FILE
    if present(providers):
        _load_providers(workspace, providers, sink, sources, default_language, out)
    tracking = root / TRACKING_FILE
    if present(tracking):
        out.tracking = _load_tracking(tracking, TRACKING_FILE, sink, root)
    return out
