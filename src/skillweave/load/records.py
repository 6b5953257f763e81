"""Learner records (``learners/learners.csv``, ``results.csv``, ``mobilities.csv``): loading with
the position of every field.

A cohort's records run to millions of cells, so nothing is kept per field: each row is read as
its values (:func:`skillweave.load.csvsource.scan`), validated, and kept as a compact row
(:class:`skillweave.model.CompactRow`) with values shared between rows; where a field is (file,
line, column) is found again from the row's place in the text when a diagnostic needs it.

These files hold personal data. Diagnostics about them name the file, line, column, column name
and at most the learner id: never a name, a date of birth or an e-mail address, so that check
output and CI logs stay free of personal data.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from skillweave.diagnostics import DiagnosticSink
from skillweave.load import csvsource, yamlsource
from skillweave.load.workspace import RefusedFile, present, read_inside
from skillweave.model import (
    ID_RE,
    RECORD_ID_RE,
    CompactRow,
    Learner,
    LearnerRecords,
    LearnerRow,
    Mobility,
    MobilityRow,
    Record,
    Result,
    ResultRow,
)

COLUMNS: dict[str, tuple[type[BaseModel], list[str], list[str]]] = {
    # file: (model, required columns, optional columns)
    "learners.csv": (Learner, ["learner_id", "given_names", "family_name", "date_of_birth", "home_partner",
                               "programme", "enrolled_on", "completed_on", "left_on", "gender", "disadvantaged"],
                     ["email"]),
    "results.csv": (Result, ["learner_id", "unit", "assessed_by", "date", "result"], ["grade", "learning_outcomes"]),
    "mobilities.csv": (Mobility, ["mobility_id", "learner_id", "home_partner", "host_partner", "start", "end", "units"],
                       ["recognised_on"]),
}

#: how the rows of each file are kept once validated
_COMPACT: dict[str, type[CompactRow]] = {"learners.csv": LearnerRow, "results.csv": ResultRow,
                                          "mobilities.csv": MobilityRow}

#: columns whose values never appear in a message
PERSONAL = {"given_names", "family_name", "date_of_birth", "email", "gender", "disadvantaged", "grade"}

#: the advice for a personal column, where :data:`_FIX` would show the date meant
_FIX_PERSONAL = {
    "date_with_time": "write the date without a time, as YYYY-MM-DD",
    "date_unpadded": "write the date as YYYY-MM-DD, with two digits for the month and the day",
    "date_excel_serial": "write the date as YYYY-MM-DD; this looks like an Excel serial number, saved from a "
                         "column not formatted as a date (in Excel format the column as text or as "
                         "yyyy-mm-dd before saving)",
}


_FIX = {
    # dates (skillweave.model.Date): ``date`` is the date meant, where that is clear
    "date_format": "write the date as YYYY-MM-DD, such as 2026-03-01",
    "date_with_time": "write the date without a time, as YYYY-MM-DD: {date}",
    "date_unpadded": "write the date as YYYY-MM-DD, with two digits for the month and the day: {date}",
    "date_not_in_calendar": "there is no such day; write a date of the calendar as YYYY-MM-DD",
    "date_excel_serial": "write the date as YYYY-MM-DD; this looks like Excel's serial number for {date}, "
                         "saved from a column not formatted as a date (if that is the date, write {date}; "
                         "in Excel format the column as text or as yyyy-mm-dd before saving)",
    "literal_error": "expected one of {expected}",
    "bool_parsing": "write yes, no or leave it empty",
    "bool_type": "write yes, no or leave it empty",
    "string_too_short": "the field must not be empty",
    "missing": "the field must not be empty",
    "string_pattern_mismatch": "remove the control characters (invisible characters such as escape or bell codes)",
}


def _message(column: str, err: dict, id_column: str) -> tuple[str, str]:
    kind = err["type"]
    code = "SW102"
    pattern = (err.get("ctx") or {}).get("pattern")
    if kind == "string_pattern_mismatch" and pattern == ID_RE.pattern:
        code = "SW105"
        fix = "use lower-case letters, digits and hyphens (e.g. pv-design)"
    elif kind == "string_pattern_mismatch" and pattern == RECORD_ID_RE.pattern:
        code = "SW105"
        fix = ("use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit "
               "(e.g. L001, 2024.0137, NL_ROC_88213)")
    elif column in PERSONAL and kind in _FIX_PERSONAL:
        fix = _FIX_PERSONAL[kind]
    else:
        fix = _FIX.get(kind, err["msg"]).format(**(err.get("ctx") or {}))
    shown = "" if column in PERSONAL else f" {err.get('input')!r}" if kind != "missing" else ""
    return code, f"{column}{shown}: {fix}"


class TableRow:
    """One data row of a CSV table: its line, the values by column, and where each field starts
    (``positions``: found again from the row's ``offset`` in the text when asked, see
    :func:`locator`)."""

    __slots__ = ("line", "offset", "data", "locate")

    def __init__(self, line: int, offset: int, data: dict[str, str],
                 locate: Callable[[int, int], dict[str, tuple[int, int]]]) -> None:
        self.line, self.offset, self.data, self.locate = line, offset, data, locate

    @property
    def positions(self) -> dict[str, tuple[int, int]]:
        return self.locate(self.offset, self.line)


def locator(text: str, index: dict[str, int]) -> Callable[[int, int], dict[str, tuple[int, int]]]:
    """``locate(offset, line)``: the (line, column) of each named field of the row that starts at
    ``offset`` on ``line`` of ``text``; ``index`` gives each column name's place in the row."""
    def locate(offset: int, line: int) -> dict[str, tuple[int, int]]:
        fields = csvsource.fields_at(text, offset, line)
        return {name: (fields[i].line, fields[i].column) for name, i in index.items() if i < len(fields)}
    return locate


#: what spreadsheets write between fields instead of commas (Excel, where the decimal separator
#: is a comma, writes semicolons), as a message names it
_OTHER_SEPARATORS = {";": "';'", "\t": "tabs"}


def _other_separator(text: str, offset: int, names: list[str], known: set[str]) -> str | None:
    """The separator (``;`` or a tab) that splits the header line at ``offset`` of ``text`` into
    more of the ``known`` column names than commas did (``names``), and into two at least; None if
    neither does. Only column names are looked at, never data."""
    end = text.find("\n", offset)
    line = text[offset:] if end < 0 else text[offset:end]
    found, most = None, max(2, len(known.intersection(names)) + 1)
    for sep in _OTHER_SEPARATORS:
        count = len(known.intersection(cell.strip().strip('"').strip() for cell in line.split(sep)))
        if count >= most:
            found, most = sep, count
    return found


def read_table(path: Path, rel: str, sink: DiagnosticSink, required: list[str],
               optional: list[str] | tuple[str, ...] = (), *, root: Path,
               unreadable: set[str] | None = None) -> Iterator[TableRow]:
    """Read a CSV file with a header row into rows by column name, one at a time.

    Unreadable bytes, CSV syntax, duplicate, unknown and missing header columns and rows with the
    wrong number of fields are reported (SW108, SW601-SW603, SW101); such rows are skipped, and a
    file without a usable header (none, one that lacks a required column, or one written with
    ``;`` or tabs between the fields: SW602, once) gives no rows at all. A file that gives no rows
    for such a reason (not read at all) is added to ``unreadable``, if given, as ``rel``: what
    other files refer to in it is not known. No object is kept per field: the positions of a
    row's fields are found again when a diagnostic needs them (:attr:`TableRow.positions`).
    """
    optional = list(optional)
    failed = unreadable.add if unreadable is not None else (lambda _rel: None)
    try:
        raw = read_inside(path, root)
    except RefusedFile as exc:
        sink.emit(rel, (1, 1), exc.code, exc.message)
        failed(rel)
        return
    text, problem = yamlsource.decode(raw)
    del raw
    if problem:
        sink.emit(rel, (problem.line, problem.column), problem.code, problem.message)
        failed(rel)
        return
    problems: list[csvsource.CsvProblem] = []

    def report() -> None:
        for p in problems:
            sink.emit(rel, (p.line, p.column), "SW601", p.message)
        problems.clear()

    rows = csvsource.scan(text, problems)
    first = next(rows, None)
    if first is None:
        report()
        sink.emit(rel, (1, 1), "SW602", f"the file has no header row; the first line must be: {','.join(required)}")
        failed(rel)
        return
    header_line, header_offset, header = first
    names = [value.strip() for value in header]
    known = set(required) | set(optional)
    if not set(required).issubset(names):  # the header is not usable as it is: written with other separators?
        sep = _other_separator(text, header_offset, names, known)
        if sep is not None:
            # the whole file is read wrongly: one diagnostic, not one per row
            sink.emit(rel, (header_line, 1), "SW602",
                      f"the file seems to use {_OTHER_SEPARATORS[sep]} as separator, not commas; save it as "
                      f"comma-separated CSV (Excel separates with the list separator of the computer's region "
                      f"settings; LibreOffice Calc asks for the field delimiter when 'Edit filter settings' is "
                      f"ticked), with the header {','.join(required + optional)}")
            failed(rel)
            return
    if not known.intersection(names):
        # No column name at all: the header row is missing and the first row is data (personal
        # data in learner records), so nothing of it is quoted.
        for _ in rows:  # the CSV problems of the whole file are still reported
            pass
        report()
        sink.emit(rel, (header_line, 1), "SW602",
                  f"the first row is not a header (it names none of the columns); add the header row "
                  f"{','.join(required + list(optional))} above it")
        failed(rel)
        return
    index: dict[str, int] = {}
    header_fields: tuple[csvsource.Field, ...] | None = None
    for i, name in enumerate(names):
        if name in index or (name not in required and name not in optional):
            header_fields = header_fields or csvsource.fields_at(text, header_offset, header_line)
            f = header_fields[i]
        if name in index:
            sink.emit(rel, (f.line, f.column), "SW101", f"column '{name}' appears twice in the header; delete one")
        elif name not in required and name not in optional:
            # A header cell is quoted only when it is close to a column name (a typo): any other
            # cell may be data that slipped into the header row.
            hint = difflib.get_close_matches(name, required + list(optional), n=1)
            sink.emit(rel, (f.line, f.column), "SW603",
                      f"unknown column '{name}'; did you mean '{hint[0]}'?" if hint else
                      f"unknown column (column {i + 1} of the header); the columns are "
                      f"{', '.join(required + list(optional))}")
        else:
            index[name] = i
    missing = [c for c in required if c not in index]
    if missing:
        for _ in rows:
            pass
        report()
        sink.emit(rel, (header_line, 1), "SW602",
                  f"the header lacks the column(s) {', '.join(missing)}; the header must be "
                  f"{','.join(required + optional)}")
        failed(rel)
        return
    report()
    locate = locator(text, index)
    width = len(names)
    columns = list(index.items())
    for line, offset, values in rows:
        if problems:
            report()
        if len(values) != width:
            last = csvsource.fields_at(text, offset, line)[-1]
            sink.emit(rel, (last.line, last.column), "SW601",
                      f"this row has {len(values)} fields but the header has {width}; "
                      "check for a missing or extra comma (quote fields that contain commas)")
            continue
        yield TableRow(line, offset, {name: values[i].strip() for name, i in columns}, locate)
    report()


def _load_file(path: Path, rel: str, sink: DiagnosticSink, root: Path, shared: dict[Any, Any],
               unreadable: set[str]) -> list[Record]:
    """The rows of one table, each validated by its model and kept as a :class:`CompactRow` whose
    values equal to those of earlier rows are shared (``shared``); a row that does not validate
    is a record without item. A table that cannot be read at all goes into ``unreadable``."""
    model, required, optional = COLUMNS[path.name]
    compact = _COMPACT[path.name]
    id_column = required[0]
    records: list[Record] = []
    for row in read_table(path, rel, sink, required, optional, root=root, unreadable=unreadable):
        data = row.data
        try:
            item = model.model_validate(data)
        except ValidationError as exc:
            positions = row.positions
            for err in exc.errors(include_url=False):
                column = str(err["loc"][0]) if err["loc"] else id_column
                code, message = _message(column, err, id_column)
                sink.emit(rel, positions.get(column, (row.line, 1)), code, message)
            records.append(Record(None, rel, row.line, positions | {"_id": data.get(id_column, "")}))  # type: ignore[arg-type]
            continue
        records.append(Record(compact.of(item, shared), rel, row.line, row.locate, row.offset))
    return records


def _duplicate(sink: DiagnosticSink, rel: str, r: Record, kind: str, new: str,
               seen: dict[str, Record], folded: dict[str, str]) -> bool:
    """Report ``new`` if a row before used the same id, or one that differs only in case
    (ids name files, and file systems may ignore case); True if it did."""
    old = new if new in seen else folded.get(new.casefold())
    if old is None:
        return False
    column = f"{kind}_id"
    if old == new:
        sink.emit(rel, r.pos(column), "SW107", f"{kind} id '{new}' is already used on line {seen[old].line}; "
                  f"give each {kind} one row")
    else:
        sink.emit(rel, r.pos(column), "SW107",
                  f"{kind} id '{new}' differs only in case from '{old}' on line {seen[old].line}; ids name "
                  "files and file systems may ignore case, so give each an id that differs in more than case")
    return True


def load_records(root: Path, sink: DiagnosticSink) -> LearnerRecords:
    folder = root / "learners"
    out = LearnerRecords()
    if not folder.is_dir():
        return out
    out.present = True
    folded: dict[str, dict[str, str]] = {"learner": {}, "mobility": {}}
    shared: dict[Any, Any] = {}  # values met before (ids, dates, ...): kept once for all rows
    for name in COLUMNS:
        path = folder / name
        if not present(path):
            continue
        rel = f"learners/{name}"
        records = _load_file(path, rel, sink, root, shared, out.unreadable)
        for r in records:
            if name == "learners.csv":
                if r.item is None:
                    out.broken_learners.add(str(r.positions.get("_id", "")))
                    continue
                lid = r.item.learner_id
                if not _duplicate(sink, rel, r, "learner", lid, out.learners, folded["learner"]):
                    out.learners[lid] = r
                    folded["learner"][lid.casefold()] = lid
            elif name == "results.csv":
                if r.item is not None:
                    out.results.append(r)
            else:
                if r.item is None:
                    continue
                mid = r.item.mobility_id
                if not _duplicate(sink, rel, r, "mobility", mid, out.mobilities, folded["mobility"]):
                    out.mobilities[mid] = r
                    folded["mobility"][mid.casefold()] = mid
    return out
