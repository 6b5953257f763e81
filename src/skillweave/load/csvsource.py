"""CSV reading that keeps the line and column of every field (RFC 4180: comma-separated, fields in
double quotes may hold commas, quotes written twice, and line breaks).

Used for learner records and quality data; positions are 1-based, the column of a field is where
it starts (its opening quote, if quoted).
"""

from __future__ import annotations

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


def parse(text: str, *, fast: bool = True) -> tuple[list[Row], list[CsvProblem]]:
    """All rows (the header too) with positions; blank lines are skipped.

    ``fast=False`` reads every line field by field (the tests compare the two).
    """
    rows: list[Row] = []
    problems: list[CsvProblem] = []
    i, n = 0, len(text)
    line, col = 1, 1
    while i < n:
        row_line = line
        if fast:
            # a line without quotes (and no carriage return but at its end) is split at its
            # commas: the same rows as the field-by-field reading below, in less time
            end = text.find("\n", i)
            end = n if end < 0 else end
            segment = text[i:end - 1] if text.endswith("\r", i, end) else text[i:end]
            if '"' not in segment and "\r" not in segment:
                i, line, col = end + 1, line + 1, 1
                if segment:
                    column, quick = 1, []
                    for value in segment.split(","):
                        quick.append(Field(value, row_line, column))
                        column += len(value) + 1
                    rows.append(Row(row_line, tuple(quick)))
                continue
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
        line += 1
        col = 1
        if len(fields) == 1 and fields[0].value == "" and not quoted:
            continue  # a blank line
        rows.append(Row(row_line, tuple(fields)))
    return rows, problems
