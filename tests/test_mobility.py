"""Memoranda of understanding and learning agreements, and privacy: learner data only in that
learner's own documents, never in memoranda, curriculum exports or command output."""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from skillweave.analyses import mobility as analysis
from skillweave.cli.main import cli
from skillweave.emitters import agreement, mou
from skillweave.pipeline import check

from .conftest import REPO

NS = "{urn:skillweave:mou:1}"
SAFE = dict(resolve_entities=False, no_network=True, load_dtd=False)


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def demo():
    project = check(REPO)
    assert not project.has_errors
    return project


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- memoranda ---------------------------------------------------------------------------------

def test_a_memorandum_for_every_pair_of_partners_with_mobilities(demo):
    memoranda = analysis.memoranda(demo.curriculum, demo.base_uri)
    found = {m.id: [(x.home.id, x.host.id, [u.id for u in x.units], sum(u.ecvet_points for u in x.units))
                    for x in m.exchanges] for m in memoranda}
    assert found == {
        "bbs-hannover_campus-gent": [("bbs-hannover", "campus-gent", ["refrigeration-fundamentals"], 8)],
        "bbs-hannover_roc-midden": [("bbs-hannover", "roc-midden", ["commissioning-maintenance"], 8),
                                    ("roc-midden", "bbs-hannover", ["pv-design"], 8)],
        "campus-gent_roc-midden": [("campus-gent", "roc-midden", ["pv-installation"], 12)],
        "roc-midden_solarwerk": [("roc-midden", "solarwerk", ["pv-installation"], 12)],
        "roc-midden_waermetechnik-nord": [("roc-midden", "waermetechnik-nord", ["pipework-brazing"], 6)],
    }
    assert all(m.languages == ("en", "nl", "de") for m in memoranda)


def test_memorandum_xml_states_units_outcomes_and_roles(demo):
    m = next(m for m in analysis.memoranda(demo.curriculum, demo.base_uri) if m.id == "bbs-hannover_roc-midden")
    root = etree.fromstring(mou.xml(m)["bbs-hannover_roc-midden.xml"], etree.XMLParser(**SAFE))
    assert [p.get("id") for p in root.findall(NS + "partner")] == ["bbs-hannover", "roc-midden"]
    exchanges = root.findall(NS + "exchange")
    assert [(x.get("home"), x.get("host"), dict(x.find(NS + "roles").attrib)) for x in exchanges] == [
        ("bbs-hannover", "roc-midden", {"assesses": "roc-midden", "validates": "bbs-hannover",
                                        "recognises": "bbs-hannover"}),
        ("roc-midden", "bbs-hannover", {"assesses": "bbs-hannover", "validates": "roc-midden",
                                        "recognises": "roc-midden"}),
    ]
    unit = exchanges[1].find(NS + "unit")
    assert (unit.get("id"), unit.get("ecvetPoints"), unit.get("eqfLevel")) == ("pv-design", "8", "4")
    assert [lo.get("id") for lo in unit.findall(NS + "learningOutcome")] == [
        "pv-design-1", "pv-design-2", "pv-design-3", "pv-design-4"]
    assert [e.text for e in unit.findall(NS + "assessmentMethod")] == ["written test", "project assignment"]
    assert [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in unit.findall(NS + "title")] == [
        "en", "nl", "de"]


def test_every_demo_memorandum_is_valid_against_the_schema(demo_workspace, tmp_path):
    result = run("mobility", str(demo_workspace), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "out" / "mou").glob("*.xml"))
    assert [f.stem for f in files] == ["bbs-hannover_campus-gent", "bbs-hannover_roc-midden", "campus-gent_roc-midden",
                                       "roc-midden_solarwerk", "roc-midden_waermetechnik-nord"]
    schema = mou.schema()
    errors = {}
    for f in files:
        if not schema.validate(etree.parse(str(f), etree.XMLParser(**SAFE))):
            errors[f.name] = [str(e) for e in schema.error_log]
    assert errors == {}


@pytest.mark.parametrize("damage", ["third-partner-assesses", "exchange-with-stranger", "no-outcome", "bad-points"])
def test_the_memorandum_schema_check_is_real(demo, damage):
    m = next(m for m in analysis.memoranda(demo.curriculum, demo.base_uri) if m.id == "bbs-hannover_roc-midden")
    root = mou.build(m)
    assert mou.schema().validate(root)
    exchange = root.find(NS + "exchange")
    unit = exchange.find(NS + "unit")
    if damage == "third-partner-assesses":
        exchange.find(NS + "roles").set("assesses", "solarwerk")
    elif damage == "exchange-with-stranger":
        exchange.set("host", "solarwerk")
    elif damage == "no-outcome":
        for lo in unit.findall(NS + "learningOutcome"):
            unit.remove(lo)
    else:
        unit.set("ecvetPoints", "-8")
    assert not mou.schema().validate(root)


# --- learning agreements -----------------------------------------------------------------------

def test_a_learning_agreement_for_every_mobility(demo):
    agreements = analysis.learning_agreements(demo.curriculum, demo.base_uri)
    assert [(a.id, a.learner.learner_id, a.home.id, a.host.id, [u.id for u in a.units], a.days)
            for a in agreements] == [
        ("m-bbs-2023-01", "bbs-2023-01", "bbs-hannover", "roc-midden", ["commissioning-maintenance"], 54),
        ("m-bbs-2024-02", "bbs-2024-02", "bbs-hannover", "campus-gent", ["refrigeration-fundamentals"], 54),
        ("m-campus-2024-01", "campus-2024-01", "campus-gent", "roc-midden", ["pv-installation"], 54),
        ("m-roc-2024-01", "roc-2024-01", "roc-midden", "bbs-hannover", ["pv-design"], 54),
        ("m-roc-2024-03", "roc-2024-03", "roc-midden", "solarwerk", ["pv-installation"], 54),
        ("m-roc-2025-02", "roc-2025-02", "roc-midden", "waermetechnik-nord", ["pipework-brazing"], 47),
    ]


def test_learning_agreement_content(demo):
    a = next(a for a in analysis.learning_agreements(demo.curriculum, demo.base_uri) if a.id == "m-roc-2024-01")
    html = agreement.render(a)["m-roc-2024-01.html"]
    for expected in (
        "Learning agreement (ECVET)", "Leerovereenkomst (ECVET)", "Lernvereinbarung (ECVET)",
        "Fleur Fictief", "2006-03-17", "roc-2024-01", "fleur.fictief@example.org",
        "ROC Midden Techniek (NL)", "BBS Technik Hannover (DE)", "PIC 949023418",
        "2025-03-03 to 2025-04-25 (54 days)", "2025-03-03 tot en met 2025-04-25 (54 dagen)",
        "Designing photovoltaic systems", "Planung von Photovoltaikanlagen",
        "Written test with calculation and case questions.",  # how an outcome is assessed
        "Assessment methods: written test, project assignment",
        "BBS Technik Hannover provides the learning activities and assesses the learning outcomes",
        "ROC Midden Techniek validates the results assessed by BBS Technik Hannover and recognises",
        "Total: 8 ECVET points",
    ):
        assert expected in html, expected
    assert html.count("Draws up a module layout, a string plan and a single-line diagram") == 1


def test_files_modes_and_determinism(demo_workspace, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    first = run("mobility", str(demo_workspace), "-o", str(a))
    assert first.exit_code == 0, first.output
    assert "wrote 5 memoranda of understanding (10 files)" in first.output
    assert "6 learning agreements" in first.output
    assert run("mobility", str(demo_workspace), "-o", str(b), "--jobs", "1").exit_code == 0
    assert tree(a) == tree(b)
    assert sorted(tree(a)) == sorted(
        [f"mou/{m}.{ext}" for m in ("bbs-hannover_campus-gent", "bbs-hannover_roc-midden", "campus-gent_roc-midden",
                                    "roc-midden_solarwerk", "roc-midden_waermetechnik-nord") for ext in ("html", "xml")]
        + [f"agreements/m-{x}.html" for x in ("bbs-2023-01", "bbs-2024-02", "campus-2024-01", "roc-2024-01",
                                               "roc-2024-03", "roc-2025-02")])
    assert {stat.S_IMODE(p.stat().st_mode) for p in a.rglob("*") if p.is_file()} == {0o600}
    assert {stat.S_IMODE(p.stat().st_mode) for p in [a, a / "mou", a / "agreements"]} == {0o700}


def test_a_workspace_with_errors_writes_nothing(demo_workspace, tmp_path):
    mobilities = demo_workspace / "learners/mobilities.csv"
    mobilities.write_text(mobilities.read_text().replace("m-roc-2024-01,roc-2024-01,roc-midden,bbs-hannover",
                                                         "m-roc-2024-01,roc-2024-01,roc-midden,nobody"))
    result = run("mobility", str(demo_workspace), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1 and "SW201" in result.stderr
    assert not (tmp_path / "out").exists()


# --- privacy -----------------------------------------------------------------------------------

def _with_canaries(ws: Path) -> dict[str, list[str]]:
    """Give every learner unique, searchable names and e-mail; returns learner id -> those strings."""
    path = ws / "learners/learners.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    canaries = {}
    for n, row in enumerate(rows):
        row["given_names"] = f"Givencanary{n:03d}x"
        row["family_name"] = f"Familycanary{n:03d}x"
        row["email"] = f"mailcanary{n:03d}x@example.invalid"
        canaries[row["learner_id"]] = [row["given_names"], row["family_name"], row["email"]]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return canaries


def _texts(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_bytes().decode("utf-8", errors="replace")
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_no_learner_name_or_email_in_curriculum_exports(demo_workspace):
    real = list(csv.DictReader(io.StringIO((demo_workspace / "learners/learners.csv").read_text(encoding="utf-8"))))
    result = run("build", str(demo_workspace))
    assert result.exit_code == 0, result.output
    exports = _texts(demo_workspace / "exports")
    assert exports
    needles = {f"{r['given_names']} {r['family_name']}" for r in real} | {r["email"] for r in real if r["email"]}
    needles |= {r["family_name"] for r in real} - {"Beispiel"}  # "zum Beispiel" is German for "for example"
    assert len(needles) > 20
    leaks = {(rel, n) for rel, text in exports.items() for n in needles if n in text}
    assert leaks == set()
    # and with names no curriculum could contain by chance
    canaries = _with_canaries(demo_workspace)
    assert run("build", str(demo_workspace)).exit_code == 0
    exports = _texts(demo_workspace / "exports")
    leaks = {(rel, c) for rel, text in exports.items() for cs in canaries.values() for c in cs if c in text}
    assert leaks == set()


def test_learner_data_only_in_that_learners_documents(demo_workspace, tmp_path):
    canaries = _with_canaries(demo_workspace)
    outputs = []
    for args in (["transcripts", "--format", "html", "-o", str(tmp_path / "html")],
                 ["transcripts", "--format", "elmo", "-o", str(tmp_path / "elmo")],
                 ["mobility", "-o", str(tmp_path / "mobility")]):
        result = run(args[0], str(demo_workspace), *args[1:])
        assert result.exit_code == 0, result.output
        outputs.append(result.output + result.stderr)
    every = [c for cs in canaries.values() for c in cs]
    # nothing personal on the terminal, nothing at all in the memoranda (not even learner or mobility ids)
    assert not [c for c in every if any(c in text for text in outputs)]
    for rel, text in _texts(tmp_path / "mobility" / "mou").items():
        assert not [c for c in every if c in text], rel
        assert not [lid for lid in canaries if lid in text], rel
        assert "m-roc" not in text and "m-bbs" not in text, rel
    # each transcript and agreement holds its own learner's names and no one else's
    mobilities = {a: b for a, b in
                  (line.split(",")[:2] for line in (demo_workspace / "learners/mobilities.csv").read_text().splitlines()[1:])}
    documents = {f"html/{rel}": text for rel, text in _texts(tmp_path / "html").items()}
    documents |= {f"elmo/{rel}": text for rel, text in _texts(tmp_path / "elmo").items()}
    documents |= {f"agreements/{rel}": text for rel, text in _texts(tmp_path / "mobility" / "agreements").items()}
    assert len(documents) == 43 + 43 + 6
    for rel, text in documents.items():
        stem = rel.split("/")[1].rsplit(".", 1)[0]
        owner = mobilities.get(stem, stem)
        found = {lid for lid, cs in canaries.items() if any(c in text for c in cs[:2])}
        assert found == {owner}, rel
