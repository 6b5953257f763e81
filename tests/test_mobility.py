"""Memoranda of understanding and learning agreements, and privacy: learner data only in that
learner's own documents, never in memoranda, curriculum exports or command output."""

from __future__ import annotations

import csv
import io
import stat
from markupsafe import escape
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
    assert [[t.text for t in e.findall(NS + "text")] for e in unit.findall(NS + "assessmentMethod")] == [
        ["written test", "schriftelijke toets", "schriftliche Prüfung"],
        ["project assignment", "projectopdracht", "Projektarbeit"]]
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


def _articles(html: str) -> dict[str, str]:
    """The document in each language (one <article> per language)."""
    import re

    return dict(re.findall(r'<article class="doc lang-(\w+)" lang="\w+">(.*?)</article>', html, re.S))


def test_the_memorandum_has_the_clauses_of_the_ecvet_template(demo):
    m = next(m for m in analysis.memoranda(demo.curriculum, demo.base_uri) if m.id == "bbs-hannover_roc-midden")
    en, nl, de = (_articles(mou.html(m)["bbs-hannover_roc-midden.html"])[lang] for lang in ("en", "nl", "de"))
    for expected in (
        # contact persons
        "Contact person: Thomas Muster, mobility coordinator, "
        '<a href="mailto:mobilitaet@bbs-technik-hannover.example.org">',
        "Contact person: Marieke Voorbeeld, international office",
        # mutual acceptance of quality assurance, assessment, validation and recognition
        "BBS Technik Hannover and ROC Midden Techniek accept each other as competent institutions. For the units "
        "of this memorandum they accept each other&#39;s quality assurance and each other&#39;s criteria and "
        "procedures for assessing, validating and recognising learning outcomes.",
        # the grading schemes of both partners
        "<strong>German grading scale 1-6</strong>", "<strong>Dutch grading scale 1-10</strong>",
        # validity and review
        "This memorandum is valid from 2025-09-01 to 2028-08-31.",
        "The partners review it every year at the partners&#39; meeting in June, and whenever a unit concerned "
        "changes.",
        # other organisations involved: host employers, by direction
        "Employers of the alliance that may host the work-based part of the units from BBS Technik Hannover to "
        "ROC Midden Techniek:",
        "SolarWerk Installaties B.V. (NL)", "Wärmetechnik Nord GmbH (DE)",
        # the NQF levels of the qualification
        "Solar and heat pump installer (EQF level 4; NQF level NL 4, DE 4; 90 ECVET points)",
    ):
        assert expected in en, expected
    assert "Diese Vereinbarung gilt vom 2025-09-01 bis zum 2028-08-31." in de
    assert "Die Partner überprüfen sie jedes Jahr beim Partnertreffen im Juni" in de
    assert "Wederzijdse aanvaarding" in nl and "Contactpersoon: Thomas Muster, mobiliteitscoördinator" in nl


def test_the_memorandum_leaves_nothing_in_english_that_the_workspace_translates(demo):
    """Every text the memorandum shows that the workspace has in Dutch or German appears in the
    Dutch or German section in that language, never in English."""
    from skillweave.model import Text

    for m in analysis.memoranda(demo.curriculum, demo.base_uri):
        texts: list[Text] = [m.alliance.name]
        for p in m.partners + tuple(w for x in m.exchanges for w in x.workplaces):
            texts += [p.name] + ([p.contact.role] if p.contact and p.contact.role else [])
        for _p, _sid, scheme in m.gradings:
            texts += [scheme.title] + ([scheme.description] if scheme.description else [])
        texts.append(m.terms.review)
        for x in m.exchanges:
            texts += [prog.title for prog in x.programmes]
            for unit in x.units:
                texts += [unit.title, *unit.assessment_methods, *unit.teaching_methods]
                for lo in unit.learning_outcomes:
                    texts += [lo.statement] + ([lo.assessment] if lo.assessment else [])
        articles = _articles(mou.html(m)[f"{m.id}.html"])
        checked = 0
        for lang in ("nl", "de"):
            for text in texts:
                english, own = text.root["en"], text.root.get(lang)
                if own is not None and own != english and english not in own:
                    checked += 1
                    assert escape(english) not in articles[lang], (m.id, lang, english)
                    assert escape(own) in articles[lang], (m.id, lang, own)
        assert checked > 40, m.id


def test_the_memorandum_xml_holds_the_clauses(demo):
    m = next(m for m in analysis.memoranda(demo.curriculum, demo.base_uri) if m.id == "roc-midden_solarwerk")
    root = etree.fromstring(mou.xml(m)["roc-midden_solarwerk.xml"], etree.XMLParser(**SAFE))
    assert root.get("version") == "2"
    partners = root.findall(NS + "partner")
    assert [(p.findtext(f"{NS}contact/{NS}name"), p.find(NS + "grading").get("id")) for p in partners] == [
        ("Marieke Voorbeeld", "nl-1-10"), ("Joost Proef", "workplace-levels")]
    assert dict(partners[0].find(f"{NS}grading/{NS}scale").attrib) == {
        "lowest": "1", "highest": "10", "pass": "5.5", "decimals": "1"}
    assert [(e.text, e.get("passing")) for e in partners[1].findall(f"{NS}grading/{NS}label")] == [
        ("excellent", "true"), ("good", "true"), ("sufficient", "true"), ("insufficient", "false")]
    assert len(root.findall(f"{NS}mutualAcceptance/{NS}text")) == 3
    validity = root.find(NS + "validity")
    assert (validity.get("from"), validity.get("until"), len(validity.findall(NS + "review"))) == (
        "2025-09-01", "2028-08-31", 3)
    (exchange,) = root.findall(NS + "exchange")
    assert [e.text for e in exchange.findall(f"{NS}programme/{NS}nqfLevel")] == ["NL 4", "DE 4"]
    assert exchange.findall(NS + "organisation") == []  # the host is the only Dutch employer
    assert [e.text for e in exchange.findall(f"{NS}unit/{NS}languageOfInstruction")] == ["nl", "de"]


def test_a_memorandum_without_terms_leaves_them_to_fill_in(demo_workspace):
    alliance = demo_workspace / "curricula/alliance.yaml"
    text = alliance.read_text()
    alliance.write_text(text[:text.index("mou:\n")])
    project = check(demo_workspace)
    assert not project.has_errors
    m = analysis.memoranda(project.curriculum, project.base_uri)[0]
    assert m.terms is None
    en = _articles(mou.html(m)[f"{m.id}.html"])["en"]
    assert "This memorandum is valid from ______________ to ______________." in en
    assert "The partners review it: ____________________________________." in en
    root = mou.build(m)
    assert mou.schema().validate(root)
    assert dict(root.find(NS + "validity").attrib) == {} and root.find(f"{NS}validity/{NS}review") is None


# --- learning agreements -----------------------------------------------------------------------

def test_a_learning_agreement_for_every_mobility(demo):
    agreements = analysis.learning_agreements(demo.curriculum, demo.base_uri)
    assert [(a.id, a.learner.learner_id, a.home.id, a.host.id, [u.id for u in a.units], a.days)
            for a in agreements] == [
        ("m-CG_2024.0101", "CG_2024.0101", "campus-gent", "roc-midden", ["pv-installation"], 54),
        ("m-bbs-2023-01", "bbs-2023-01", "bbs-hannover", "roc-midden", ["commissioning-maintenance"], 54),
        ("m-bbs-2024-02", "bbs-2024-02", "bbs-hannover", "campus-gent", ["refrigeration-fundamentals"], 54),
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
        "Bewertungsmethoden: schriftliche Prüfung, Projektarbeit",
        "Teaching methods: project work, blended learning, classroom instruction",
        "Languages of instruction: nl, de, en",
        "BBS Technik Hannover provides the learning activities and assesses the learning outcomes",
        "ROC Midden Techniek validates the results assessed by BBS Technik Hannover and recognises",
        "Total: 8 ECVET points",
    ):
        assert expected in html, expected
    assert html.count("Draws up a module layout, a string plan and a single-line diagram") == 1


def test_the_learning_agreement_sets_both_grading_schemes_side_by_side(demo):
    agreements = {a.id: a for a in analysis.learning_agreements(demo.curriculum, demo.base_uri)}
    a = agreements["m-roc-2024-01"]
    assert ([(p.id, sid) for p, sid, _scheme in (a.home_grading, a.host_grading)]
            == [("roc-midden", "nl-1-10"), ("bbs-hannover", "de-1-6")])
    en = _articles(agreement.render(a)["m-roc-2024-01.html"])["en"]
    assert ("BBS Technik Hannover grades the learning outcomes on its own scale; ROC Midden Techniek reads the "
            "grades on that scale when it validates and recognises the units.") in en
    assert ("<thead><tr><th></th><th>ROC Midden Techniek (NL)</th><th>BBS Technik Hannover (DE)</th></tr></thead>"
            in en)
    assert ("<tr><th>Scale</th><td><strong>Dutch grading scale 1-10</strong><br>1 (lowest) to 10 (highest), up to "
            "1 decimal(s)</td><td><strong>German grading scale 1-6</strong><br>6 (lowest) to 1 (highest): lower is "
            "better, up to 1 decimal(s)") in en
    assert "<tr><th>Pass mark</th><td>5.5</td><td>4</td></tr>" in en
    assert "<dt>Contact at the host institution</dt><dd>Thomas Muster, mobility coordinator" in en
    assert "<dt>Workplace</dt>" not in en


def test_the_learning_agreement_names_the_workplace_and_mentor(demo):
    a = next(a for a in analysis.learning_agreements(demo.curriculum, demo.base_uri) if a.id == "m-roc-2024-03")
    assert a.workplace is not None and a.workplace.id == "solarwerk"
    articles = _articles(agreement.render(a)["m-roc-2024-03.html"])
    assert "<dt>Workplace</dt><dd>SolarWerk Installaties B.V. (NL)" in articles["en"]
    assert ("<dt>Mentor at the workplace</dt><dd>Joost Proef, workplace mentor, "
            '<a href="mailto:leerbedrijf@solarwerk.example.org">') in articles["en"]
    assert "<dt>Praktijkopleider op de werkplek</dt><dd>Joost Proef, praktijkopleider" in articles["nl"]
    assert "<tr><th>Pass mark</th><td>5.5</td><td>sufficient</td></tr>" in articles["en"]


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
        + [f"agreements/m-{x}.html" for x in ("bbs-2023-01", "bbs-2024-02", "CG_2024.0101", "roc-2024-01",
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
