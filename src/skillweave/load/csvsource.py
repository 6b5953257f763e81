"""CSV reading that keeps the line and column of every field (RFC 4180: comma-separated, fields in
double quotes may hold commas, quotes written twice, and line breaks).

Used for learner records and quality data; positions are 1-based, the column of a field is where
it starts (its opening quote, if quoted). :func:`scan` reads a table without an object per field
(learner records run to millions of cells) and :func:`fields_at` finds a row's positions again
when a diagnostic needs them. A blank line (empty, or only spaces and tabs) is not a row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    value: str
    line: int
    column: int


@dataclass(frozen=True)
class Row:
    line: int
    fields: tuple[Field, ...]

    def get(self, index: int) -> Field | None:
        return self.fields[index] if index < len(self.fields) else None


@dataclass(frozen=True)
class CsvProblem:
    line: int
    column: int
    message: str


def scan(text: str, problems: list[CsvProblem]) -> Iterator[tuple[int, int, list[str]]]:
    """Every row (the header too) as ``(line, offset, values)``, blank lines (empty, or only spaces
    and tabs) skipped: the line the row starts on, the offset in ``text`` where it starts and the
    values of its fields.

    No object is made per field: a table of a million cells costs its strings and no more. The
    positions of a row's fields are found again when they are needed (a diagnostic), with
    :func:`fields_at` from the row's offset and line. CSV problems are appended to ``problems``
    as the rows are read. The rows, values and problems are those of ``parse(text, fast=False)``
    (the tests compare them).
    """
    i, n = 0, len(text)
    line = 1
    while i < n:
        # a line without quotes (and no carriage return but at its end) is split at its commas
        end = text.find("\n", i)
        end = n if end < 0 else end
        segment = text[i:end - 1] if text.endswith("\r", i, end) else text[i:end]
        if '"' not in segment and "\r" not in segment:
            if segment.strip(_BLANK):
                yield line, i, segment.split(",")
            i, line = end + 1, line + 1
            continue
        row_line, start = line, i
        fields, quoted, i, line = _read_row(text, i, line, problems)
        if _blank(fields, quoted):
            continue
        yield row_line, start, [f.value for f in fields]


def fields_at(text: str, offset: int, line: int) -> tuple[Field, ...]:
    """The fields, with their positions, of the row that starts at ``offset`` of ``text`` on
    ``line`` (as :func:`scan` gives them)."""
    return tuple(_read_row(text, offset, line, [])[0])


def parse(text: str, *, fast: bool = True) -> tuple[list[Row], list[CsvProblem]]:
    """All rows (the header too) with the position of every field; blank lines (empty, or only
    spaces and tabs) are skipped.

    ``fast=False`` reads every line field by field (the tests compare the two); the fast reading
    is :func:`scan`, with the positions of each row's fields found from its offset.
    """
    problems: list[CsvProblem] = []
    if fast:
        rows = [Row(line, fields_at(text, offset, line)) for line, offset, _values in scan(text, problems)]
        return rows, problems
    rows = []
    i, n = 0, len(text)
    line = 1
    while i < n:
        row_line = line
        fields, quoted, i, line = _read_row(text, i, line, problems)
        if _blank(fields, quoted):
            continue
        rows.append(Row(row_line, tuple(fields)))
    return rows, problems


#: what a blank line may hold: it is skipped like an empty one, not read as a row of one field
_BLANK = " \t"


def _blank(fields: list[Field], quoted: bool) -> bool:
    """Whether the row read is a blank line (empty, or only spaces and tabs, and not quoted)."""
    return len(fields) == 1 and not quoted and fields[0].value.strip(_BLANK) == ""


def _read_row(text: str, i: int, line: int, problems: list[CsvProblem]) -> tuple[list[Field], bool, int, int]:
    """Read the row that starts at offset ``i`` (column 1 of ``line``) field by field: its fields,
    whether the last one was quoted, and the offset and line after the row's line break."""
    n = len(text)
    col = 1
    fields: list[Field] = []
    quoted = False
    while True:
        start_line, start_col = line, col
        quoted = i < n and text[i] == '"'
        if quoted:
            i += 1
            col += 1
            buf = []
            closed = False
            while i < n:
                ch = text[i]
                if ch == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        buf.append('"')
                        i += 2
                        col += 2
                        continue
                    i += 1
                    col += 1
                    closed = True
                    break
                if ch == "\n":
                    line += 1
                    col = 1
                elif ch != "\r":
                    col += 1
                buf.append(ch)
                i += 1
            if not closed:
                problems.append(CsvProblem(start_line, start_col,
                                           "a quoted field is not closed; add the closing double quote"))
            value = "".join(buf).replace("\r\n", "\n")
            # anything between the closing quote and the separator is an error
            j = i
            while j < n and text[j] not in ",\r\n":
                j += 1
            if j > i:
                problems.append(CsvProblem(line, col, "text after a closing quote; quote the whole field"))
                col += j - i
                i = j
        else:
            j = i
            while j < n and text[j] not in ",\r\n":
                j += 1
            value = text[i:j]
            if '"' in value:
                problems.append(CsvProblem(line, col + value.index('"'),
                                           "a double quote inside an unquoted field; quote the field and "
                                           "write the quote twice"))
            col += j - i
            i = j
        fields.append(Field(value, start_line, start_col))
        if i < n and text[i] == ",":
            i += 1
            col += 1
            continue
        break
    # end of row
    if i < n and text[i] == "\r":
        i += 1
    if i < n and text[i] == "\n":
        i += 1
    return fields, quoted, i, line + 1
