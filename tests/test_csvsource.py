"""The CSV reader: the fast path for lines without quotes gives exactly the rows, positions and
problems of the field-by-field reading, whatever the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from skillweave.load import csvsource


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab,"\r\n\t é')), max_size=80))
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


def test_lines_of_spaces_and_tabs_are_blank_lines():
    for fast in (True, False):
        rows, problems = csvsource.parse('id,name\n  \nl-1,Ada\r\n\t \r\n"l-2", \n \t', fast=fast)
        assert problems == []
        assert [(r.line, [(f.value, f.line, f.column) for f in r.fields]) for r in rows] == [
            (1, [("id", 1, 1), ("name", 1, 4)]),
            (3, [("l-1", 3, 1), ("Ada", 3, 5)]),
            (5, [("l-2", 5, 1), (" ", 5, 7)]),
        ]
    # a quoted field of spaces is a value, not a blank line
    assert [r.line for r in csvsource.parse('id\n" "\n')[0]] == [1, 2]


def _scanned(text):
    problems = []
    rows = list(csvsource.scan(text, problems))
    return rows, problems


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab,"\r\n\t é')), max_size=80))
def test_scan_gives_the_rows_values_and_problems_of_the_full_reading(text):
    """scan keeps no positions; fields_at finds them again from a row's offset, exactly."""
    rows, problems = csvsource.parse(text, fast=False)
    scanned, scan_problems = _scanned(text)
    assert scan_problems == problems
    assert [(line, values) for line, _offset, values in scanned] == [
        (r.line, [f.value for f in r.fields]) for r in rows]
    assert [csvsource.fields_at(text, offset, line) for line, offset, _values in scanned] == [r.fields for r in rows]


def test_scan_makes_no_object_per_field():
    text = "id,name\nl-1,Ada\n" + 'l-2,"Bo, B"\n'
    rows, problems = _scanned(text)
    assert problems == []
    assert rows == [(1, 0, ["id", "name"]), (2, 8, ["l-1", "Ada"]), (3, 16, ["l-2", "Bo, B"])]
    assert all(type(v) is str for _line, _offset, values in rows for v in values)
    assert csvsource.fields_at(text, 16, 3) == (csvsource.Field("l-2", 3, 1), csvsource.Field("Bo, B", 3, 5))
