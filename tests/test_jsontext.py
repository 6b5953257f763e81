"""formats/jsontext.py writes json.dumps's layout (ensure_ascii=False, indent, sorted keys or not)."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from skillweave.formats import jsontext

scalars = st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.text(max_size=30)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                            max_size=4), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(values, st.sampled_from([1, 2]), st.booleans())
def test_the_text_is_json_dumps_text(value, indent, sort_keys):
    assert jsontext.dumps(value, indent, sort_keys) == \
        json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys) + "\n"


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_reads_back_the_same(x):
    back = json.loads(jsontext.dumps({"x": x}))["x"]
    assert back == x and math.copysign(1, back) == math.copysign(1, x)


def test_subclasses_of_plain_values_are_written_as_their_values():
    class Iri(str):
        pass

    class Raw(int):
        pass

    assert jsontext.dumps({"a": Iri("x"), "b": Raw(7)}, indent=1) == '{\n "a": "x",\n "b": 7\n}\n'
