"""CSV as skillweave writes it: UTF-8, a header row, ``\\n`` line ends, and no cell that a
spreadsheet would run as a formula.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (a unit title such
as ``=HYPERLINK(...)``, an ESCO label from a tampered vocabulary) is written with a leading
apostrophe, which spreadsheets read as "this is text" and do not show; plain numbers (``-3``,
``+0.5``) are left as they are. Line breaks inside a cell are folded into spaces, so that every
row is one line for spreadsheets and diffs.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?\Z")


def cell(value: object) -> str:
    """One cell's text, neutralised (see the module's docstring)."""
    text = value if isinstance(value, str) else str(value)
    if "\n" in text or "\r" in text:
        text = " ".join(text.split())
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def table(header: Iterable[str] | None, rows: Iterable[Iterable[object]]) -> str:
    """The whole table as CSV text (``header`` None: rows only, to be joined to a table)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if header is not None:
        writer.writerow(list(header))
    writer.writerows([cell(v) for v in row] for row in rows)
    return buf.getvalue()
