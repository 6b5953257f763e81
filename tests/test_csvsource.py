"""The CSV reader: the fast path for lines without quotes gives exactly the rows, positions and
problems of the field-by-field reading, whatever the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from skillweave.load import csvsource


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab,"\r\n é')), max_size=80))
def test_fast_path_matches_field_by_field_reading(text):
    assert csvsource.parse(text) == csvsource.parse(text, fast=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(alphabet=st.sampled_from(list("ab é-1")), max_size=8), min_size=1, max_size=5),
                max_size=6),
       st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_quote_free_rows(rows, newline, trailing):
    text = newline.join(",".join(r) for r in rows) + (newline if trailing and rows else "")
    assert csvsource.parse(text) == csvsource.parse(text, fast=False)


def test_positions_of_a_quote_free_line():
    rows, problems = csvsource.parse("id,name\nl-1,Ada\r\n\nl-2,\n")
    assert problems == []
    assert [(r.line, [(f.value, f.line, f.column) for f in r.fields]) for r in rows] == [
        (1, [("id", 1, 1), ("name", 1, 4)]),
        (2, [("l-1", 2, 1), ("Ada", 2, 5)]),
        (4, [("l-2", 4, 1), ("", 4, 5)]),
    ]
