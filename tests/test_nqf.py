"""The NQF levels of the QDR list (skillweave.formats.nqf) against the official LOQ schema's list,
and how ``nqf_level`` is read."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillweave.formats import nqf

#: the word of each framework's name in the list that says whose it is (the test's own knowledge)
WHOSE = {
    "NLQF": "Dutch", "DQR": "German National", "FQF": "Flemish", "CFC": "French Community of Belgium",
    "QDG": "German-speaking Community", "AT: NQF": "Austrian", "MECU": "Spanish", "NQF RNCP": "French National",
    "IT NQF": "Italian", "QNQ": "Portuguese", "IE NQF": "Irish", "RQF": "England", "SCQF": "Scottish",
    "CQFW": "Wales", "CLQ": "Luxembourg", "NQFL": "Liechtenstein", "NQF VPET": "Swiss", "DK NQF": "Danish",
    "SeQF": "Swedish", "NKR": "Norwegian", "FiNQF": "Finnish", "ISQF": "Icelandic", "EstQF": "Estonian",
    "LQF": "Latvian", "LTQF": "Lithuanian", "PQF": "Polish", "NSK": "Czech", "SKKR": "Slovak",
    "HuQF": "Hungarian", "SQF": "Slovenian", "CROQF": "Croatian", "ROQF": "Romanian", "BQF": "Bulgarian",
    "HQF": "Hellenic", "CyQF": "Cypriot", "MQF": "Maltese", "TQF": "Turkish", "AQF": "Albanian",
    "BH NQF": "Bosnia", "ME NQF": "Montenegrin", "NNMQF": "North Macedonian", "NQFS": "Serbian",
    "KS NQF": "Kosovo",
}


@pytest.fixture
def qdr_list(shared) -> dict[str, str]:
    """URI -> name, from the schema's NQFLevelEnumType."""
    text = (shared / "standards/elm/xsd/loq/cv/nqf.xsd").read_text(encoding="utf-8")
    found = re.findall(r'value="([^"]+)">\s*<xs:annotation>\s*<xs:documentation>(.*?)</xs:documentation>',
                       text, re.S)
    return {uri: " ".join(doc.split()) for uri, doc in found}


def test_every_level_and_framework_is_the_lists(qdr_list):
    seen = set()
    for fw in nqf.frameworks():
        assert WHOSE[fw.name] in qdr_list[fw.uri], (fw.name, qdr_list[fw.uri])
        seen.add(fw.uri)
        for level, uri in fw.levels.items():
            assert qdr_list[uri] == nqf.Level(fw, level, uri).label
            seen.add(uri)
    # nothing of the list is missing from the table
    assert seen == set(qdr_list)
    assert len(nqf.frameworks()) == len(WHOSE)


@pytest.mark.parametrize("written, labels", [
    ("NLQF 4 / DQR 4 / VKS 4", ["NLQF Level 4", "DQR Level 4", "FQF Level 4"]),
    ("NL 4", ["NLQF Level 4"]),
    ("DQR Level 4; NL 4", ["DQR Level 4", "NLQF Level 4"]),
    ("nlqf 4+", ["NLQF Level 4+"]),
    ("NLQF Entry", ["NLQF Entry Level"]),
    ("RQF Entry Level 3, SCQF 6", ["RQF Entry Level 3", "SCQF Level 6"]),
    ("AT: NQF Level 7", ["AT: NQF Level 7"]),
    ("AT 7", ["AT: NQF Level 7"]),
    ("EL 4", ["HQF Level 4"]),
    ("NNMQF 5A", ["NNMQF Level 5 A"]),
    ("CROQF 4.1", ["CROQF Level 4.1"]),
    ("NQF RNCP IV", ["NQF RNCP Level IV"]),
])
def test_written_levels_name_the_lists_levels(written, labels):
    assert [level.label for level in nqf.levels(written)] == labels


def test_the_mapping_form_reads_per_country():
    readings = nqf.read({"NL": "4", "DE": "DQR 4", "BE": "VKS 4"})
    assert [(r.key, r.level.label) for r in readings] == [("NL", "NLQF Level 4"), ("DE", "DQR Level 4"),
                                                           ("BE", "FQF Level 4")]


@pytest.mark.parametrize("written, problem", [
    ("BE 4", 'BE has 3 frameworks in the list (FQF (VKS), CFC, QDG): name the framework, e.g. "VKS 4"'),
    ("UK 5", 'UK has 3 frameworks in the list (RQF, SCQF, CQFW): name the framework, e.g. "RQF 5"'),
    ("NLQF 9", "NLQF has no level '9' (its levels: Entry, 1, 2, 3, 4, 4+, 5, 6, 7, 8)"),
    ("DQR", "it names the framework DQR but no level (its levels: 1, 2, 3, 4, 5, 6, 7, 8)"),
    ("XYZ 3", 'it names no framework of the list: write the framework or the country and the level, '
              'e.g. "NLQF 4" or "NL 4"'),
    ("4", 'it names no framework of the list: write the framework or the country and the level, '
          'e.g. "NLQF 4" or "NL 4"'),
])
def test_what_names_no_level_says_why(written, problem):
    (reading,) = nqf.read(written)
    assert reading.level is None and reading.problem == problem and reading.text == written


def test_a_level_is_found_by_its_uri_and_a_framework_is_not_a_level():
    level = nqf.level_by_uri("http://data.europa.eu/snb/qdr/c_ff656b33")
    assert level is not None and level.label == "NLQF Level 4"
    assert nqf.level_by_uri("http://data.europa.eu/snb/qdr/c_5c66dcbc") is None  # the NLQF itself
    assert nqf.level_by_uri("http://data.europa.eu/snb/eqf/4") is None


@given(st.sampled_from([(fw, level) for fw in nqf.frameworks() for level in fw.levels]))
def test_every_level_reads_back_from_its_label(pair):
    fw, level = pair
    written = nqf.Level(fw, level, fw.levels[level]).label
    assert [found.uri for found in nqf.levels(written)] == [fw.levels[level]]
