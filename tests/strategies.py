"""Hypothesis strategies for valid workspaces (for round-trip property tests of exports/imports).

``workspaces()`` draws an alliance, one or two programmes and their units, all valid under
``skillweave check`` against the base fixture's vocabulary (tests/fixtures/base/ontologies), and
returns ``{relative path: YAML text}`` ready to be written into a folder together with that
vocabulary.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from skillweave.formats import workspace_yaml as writer
from skillweave.model import (
    Alliance,
    Approval,
    ApprovalRule,
    Hours,
    LearningOutcome,
    Partner,
    Programme,
    Text,
    Unit,
)

SKILLS = [f"http://data.europa.eu/esco/skill/{s}" for s in ("wire", "mount", "safety", "sell", "advise")]
OCCUPATION = "http://data.europa.eu/esco/occupation/installer"

ids = st.from_regex(r"[a-z][a-z0-9]{1,8}", fullmatch=True)
words = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzéüø ÄÖ-,.'&<>\""), min_size=1, max_size=40).map(
    lambda s: s.strip() or "x")


@st.composite
def texts(draw, languages: list[str]) -> Text:
    return Text({lang: draw(words) for lang in languages})


#: teaching methods, some of which name a mode of the EU's list (work-based, blended, online)
METHODS = ["work-based learning", "simulation on a training rig", "blended learning", "online course", "role play"]
#: NQF levels as written: of the QDR's list, per country, and one the list lacks (SW316)
NQF_LEVELS = [None, "NL 4", "NLQF 4 / DQR 4", {"NL": "4", "DE": "4"}, "XYZ 3"]


@st.composite
def workspaces(draw) -> dict[str, str]:
    languages = draw(st.sampled_from([["en"], ["en", "nl"], ["en", "nl", "de"]]))
    partners = [
        Partner(id="vet-a", name=draw(texts(languages)), type="vet-provider", country="NL",
                identifiers={"pic": "999999999", "legal": "NL-KVK-12345678"}, url="https://vet-a.example.org"),
        Partner(id="emp-b", name=draw(texts(languages)), type="employer", country="DE",
                identifiers={"pic": "888888888", "legal": "DE-HRB-1234"}),
        Partner(id="body-c", name=draw(texts(languages)), type="sectoral-body", country="BE"),
    ]
    alliance = Alliance(id=draw(ids), name=draw(texts(languages)), languages=languages, default_language="en",
                        approval=ApprovalRule(min_vet_providers=1, min_employers=1),
                        base_uri="https://curricula.example.org/" + draw(ids) + "/", partners=partners)
    n_units = draw(st.integers(min_value=1, max_value=5))
    unit_ids = draw(st.lists(ids, min_size=n_units, max_size=n_units, unique=True))
    units = []
    lo_counter = 0
    for i, uid in enumerate(unit_ids):
        outcomes = []
        for j in range(draw(st.integers(min_value=1, max_value=3))):
            lo_counter += 1
            outcomes.append(LearningOutcome(
                id=f"{uid}-{j + 1}", type="skill" if j == 0 else draw(st.sampled_from(["knowledge", "skill", "competence"])),
                statement=draw(texts(languages)),
                esco=draw(st.lists(st.sampled_from(SKILLS), min_size=1, max_size=3, unique=True)),
                assessment=draw(st.none() | texts(languages))))
        approved = draw(st.booleans())
        units.append(Unit(
            id=uid, title=draw(texts(languages)), description=draw(st.none() | texts(languages)),
            eqf_level=draw(st.integers(min_value=2, max_value=4)), ecvet_points=draw(st.integers(min_value=1, max_value=30)),
            owner=draw(st.sampled_from(["vet-a", "emp-b"])),
            contributors=draw(st.lists(st.sampled_from(["vet-a", "emp-b", "body-c"]), unique=True, max_size=2)),
            prerequisites=[p for p in draw(st.lists(st.sampled_from(unit_ids[:i]), unique=True, max_size=2))] if i else [],
            hours=Hours(school=draw(st.integers(0, 200)), workplace=draw(st.integers(0, 200))),
            assessment_methods=draw(st.lists(st.sampled_from(["practical demonstration", "written test"]), unique=True)),
            teaching_methods=[Text({"en": m}) for m in draw(st.lists(st.sampled_from(METHODS), unique=True, max_size=3))],
            status="approved" if approved else draw(st.sampled_from(["draft", "proposed"])),
            approvals=[Approval(partner="vet-a", date=dt.date(2026, 3, 1)),
                       Approval(partner="emp-b", date=dt.date(2026, 3, 2), note=draw(st.none() | texts(languages)))]
            if approved else [],
            learning_outcomes=outcomes))
    # prerequisite EQF levels must not exceed the unit's: raise each unit to its prerequisites' level
    levels = {}
    fixed = []
    for u in units:
        level = max([u.eqf_level] + [levels[p] for p in u.prerequisites])
        levels[u.id] = level
        fixed.append(u.model_copy(update={"eqf_level": level}))
    units = fixed
    total = sum(u.ecvet_points for u in units)
    programme = Programme(
        id=draw(ids), title=draw(texts(languages)), description=draw(st.none() | texts(languages)),
        eqf_level=4, nqf_level=draw(st.sampled_from(NQF_LEVELS)), isced_f=draw(st.sampled_from(["0713", "0715", None])),
        occupations=[OCCUPATION], duration_months=max(1, round(total / 5)), ecvet_points=total,
        maximum_duration_months=draw(st.none() | st.just(max(1, round(total / 5)) + 6)),
        awarding_partners=["vet-a"], units=[u.id for u in units])
    return writer.workspace_files(alliance, [programme], units)
