"""The YAML reader: YAML 1.2 scalars, positions, duplicate keys, aliases, bad bytes."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from skillweave.load import yamlsource


def test_yaml_1_2_scalars_and_numbers_as_written():
    data, _, problems = yamlsource.load(
        "country: NO\nok: yes\nflag: true\ndate: 2026-03-01\nisced: 0713\npoints: 7.50\nnone: ~\nq: '12'\ns: !!str 12\n")
    assert problems == []
    assert data == {"country": "NO", "ok": "yes", "flag": True, "date": "2026-03-01", "isced": 713,
                    "points": 7.5, "none": None, "q": "12", "s": "12"}
    assert data["isced"].raw == "0713" and data["points"].raw == "7.50"


def test_positions_of_values_and_keys():
    _, smap, _ = yamlsource.load("a:\n  - x: 1\n    y: [2, 3]\nb: {c: d}\n")
    assert smap.value(("a", 0, "y", 1)) == (3, 12)
    assert smap.key(("a", 0, "y")) == (3, 5)
    assert smap.value(("b", "c")) == (4, 8)
    # a missing path falls back to its nearest ancestor
    assert smap.value(("b", "c", "deeper", 0)) == (4, 8)


def test_duplicate_keys_keep_the_first_and_report_the_second():
    data, _, problems = yamlsource.load("id: a\ntitle: x\nid: b\n")
    assert data == {"id": "a", "title": "x"}
    assert [(p.line, p.column, p.code) for p in problems] == [(3, 1, "SW101")]
    assert "first at line 1" in problems[0].message


def test_alias_bomb_and_recursive_alias_are_refused():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(7))
    data, _, problems = yamlsource.load(bomb)
    assert data is None and [p.code for p in problems] == ["SW100"] and "too many values" in problems[0].message
    data, _, problems = yamlsource.load("a: &x [1, *x]\n")
    assert data is None and (problems[0].line, problems[0].column) == (1, 11)


def test_bad_bytes_and_control_characters():
    text, problem = yamlsource.decode(b"a: 1\nb: caf\xe9\n")
    assert text is None and (problem.line, problem.column, problem.code) == (2, 7, "SW108")
    _, _, problems = yamlsource.load("a: b\x07\n")
    assert [(p.line, p.column, p.code) for p in problems] == [(1, 5, "SW108")]


def test_one_document_per_file():
    data, _, problems = yamlsource.load("a: 1\n---\nb: 2\n")
    assert data is None and [(p.line, p.code) for p in problems] == [(2, "SW100")]


def test_syntax_error_at_end_of_file_without_newline_stays_inside_the_file():
    text = "a: 1\nb: [1, 2"
    _, _, problems = yamlsource.load(text)
    (p,) = problems
    assert p.code == "SW100" and p.line <= 2 and p.column <= len("b: [1, 2") + 1


@settings(max_examples=300, deadline=None)
@example("\x85*0")  # NEL is a line break to libyaml, not to editors: positions stay inside the file
@given(st.text(alphabet=st.sampled_from(list("ab:- \n\t[]{},&*!#'\"|>?%@`0.~\x00\x85\u2028é")), max_size=80))
def test_any_text_gives_data_or_problems_never_an_exception(text):
    data, smap, problems = yamlsource.load(text)
    lines = text.split("\n")
    for p in problems:
        assert 1 <= p.line <= len(lines)
        assert 1 <= p.column
    for line, column in list(smap.values.values()) + list(smap.keys.values()):
        assert 1 <= line <= len(lines)


def test_a_number_too_long_to_read_is_a_diagnostic_not_a_traceback():
    # Python refuses to read a decimal integer of more than 4,300 digits (ValueError); skillweave
    # reads none of more than 100 characters
    long = "1" * 4301
    for text in (f"id: a\necvet_points: {long}\n", f"id: a\nlist: [2, !!int {long}]\n"):
        data, _, problems = yamlsource.load(text)
        assert data is None
        assert [(p.line, p.column, p.code) for p in problems] == [(2, 15 if "ecvet" in text else 11, "SW102")]
        assert "4,301 characters is too long" in problems[0].message
    data, _, problems = yamlsource.load(f"id: a\nhex: 0x{'f' * 5000}\n")  # it could not be printed in a message
    assert data is None and [(p.line, p.column, p.code) for p in problems] == [(2, 6, "SW102")]
    data, _, problems = yamlsource.load(f"id: a\nnote: '{long}'\nhex: 0x{'f' * 98}\nn: {'9' * 100}\n")
    assert problems == [] and data["note"] == long and data["hex"] == 16 ** 98 - 1 and data["n"] == 10 ** 100 - 1
