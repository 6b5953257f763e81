"""The HTML handbook (export html): content, languages and fallbacks, escaping, no external
resources, links that resolve, determinism, the prerequisite diagram's layout, and the demo
handbook opened in headless Chromium (Debian's chromium) with no console errors.

The golden files (tests/golden/analyses/handbook/) are checked by tests/test_exports.py.
"""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from click.testing import CliRunner

from skillweave.cli.main import cli
from skillweave.emitters import emit
from skillweave.emitters.diagram import layered_drawing, rows_by_longest_path
from skillweave.formats import strings as i18n
from skillweave.pipeline import check

from .conftest import FIXTURES, REPO, copy_workspace

GOLDEN = Path(__file__).resolve().parent / "golden" / "analyses" / "handbook"
ESCO = "http://data.europa.eu/esco/"


def handbook_of(path) -> dict[str, str]:
    project = check(path)
    assert not project.has_errors, project.diagnostics
    project.analyse()
    return emit(project, "html")


@pytest.fixture(scope="module")
def demo() -> dict[str, str]:
    return handbook_of(REPO)


class Page(HTMLParser):
    """Elements with their attributes, the text of each element id'd, and ids."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()
        self.text_of: dict[str, list[str]] = {}
        self._open: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag not in ("meta", "link", "br", "img", "input", "col", "rect", "path"):
            self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data):
        if self._open:
            self.text_of.setdefault(self._open[-1], []).append(data)

    def first(self, tag: str) -> str:
        return "".join(self.text_of.get(tag, [""])).strip()

    def hrefs(self) -> list[tuple[str, str]]:
        return [(tag, a["href"]) for tag, a in self.elements if "href" in a]


def _set_yaml(path: Path, update) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    update(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# --- shape and content -------------------------------------------------------------------------

def test_one_copy_per_language_and_a_root_index(demo):
    languages = ["en", "nl", "de"]
    pages = {"index.html", "programme-solar-heat-installer.html",
             *(f"unit-{p.stem}.html" for p in (REPO / "curricula" / "units").glob("*.yaml"))}
    assert set(demo) == {"index.html"} | {f"{lang}/{p}" for lang in languages for p in pages}
    root = Page(demo["index.html"])
    assert ("meta", {"http-equiv": "refresh", "content": "0; url=en/index.html"}) in root.elements
    for lang in languages:
        for p in pages:
            page = Page(demo[f"{lang}/{p}"])
            assert page.elements[0] == ("html", {"lang": lang})
            switch = [a for tag, a in page.elements if tag == "a" and "hreflang" in a]
            assert [(a["hreflang"], a["href"]) for a in switch] == [(other, f"../{other}/{p}") for other in languages]
            assert [a.get("aria-current") for a in switch] == ["page" if o == lang else None for o in languages]


def test_programme_page_has_units_in_teaching_order_semesters_coverage_and_diagram(demo):
    project = check(REPO)
    path = project.paths.programmes[0]
    html = demo["en/programme-solar-heat-installer.html"]
    page = Page(html)
    assert page.first("h1") == "Solar and heat pump installer"
    units_table = html[html.index('id="units"'):html.index('id="semesters"')]
    titles = [project.curriculum.units[u].title.get("en") for u in path.order]
    positions = [units_table.index(f">{t}</a>") for t in titles]
    assert positions == sorted(positions), "units are not in teaching order"
    # the table row of pv-installation: position 6, 12 points, EQF 4, 110 h at school, 215 at the workplace
    row = re.search(r'<tr><td class="num">6</td><td><a href="unit-pv-installation.html">[^<]*</a></td>(.*?)</tr>',
                    units_table, re.S).group(1)
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["12", "4", "110", "215", "2"]
    for s in path.semesters:
        assert f"Semester {s.number}</td>" in html
    occupation = project.coverage.programmes[0].occupations[0]
    assert f"{occupation.essential.covered} of {occupation.essential.total}" in html
    for missing in occupation.essential.missing:
        assert f'href="{missing.uri}"' in html
    start = html.index('<svg class="prerequisites"')
    diagram = html[start:html.index("</svg>", start)]
    assert diagram.count('<g class="box') == 12
    edges = sum(len(project.curriculum.units[u].prerequisites) for u in path.order)
    assert diagram.count('<path class="arrow"') == edges
    assert "<script" not in diagram


def test_unit_page_groups_outcomes_by_type_with_esco_skills_and_approvals(demo):
    project = check(REPO)
    unit = project.curriculum.units["pv-installation"]
    html = demo["en/unit-pv-installation.html"]
    assert "<h1>Installing photovoltaic systems" in html
    skills_at = html.index('id="outcomes-skill"')
    competence_at = html.index('id="outcomes-competence"')
    for lo in unit.learning_outcomes:
        at = html.index(f'id="lo-{lo.id}"')
        assert (skills_at < at < competence_at) == (lo.type == "skill")
        for uri in project.resolved.outcome_skills[lo.id]:
            label = project.vocabulary.label(uri, "en")
            assert f'<a href="{uri}" title="{uri}">{label}</a>' in html[at:]
    assert 'id="outcomes-knowledge"' not in html  # the unit has no knowledge outcome
    assert "ROC Midden Techniek</a> (Netherlands)" in html  # owner
    for a in unit.approvals:
        assert f'<time datetime="{a.date.isoformat()}">' in html
    assert "approved with the roof-safety addition" in html
    assert '<span class="status status-approved">approved</span>' in html
    assert "Prerequisites</dt><dd><ul class=\"inline\"><li><a href=\"unit-electrical-safety.html\">" in html


def test_index_lists_partners_by_type_and_country(demo):
    html = demo["en/index.html"]
    types = re.findall(r'<section id="partners-([a-z-]+)">\n<h3>[^<]*<span class="tag">(\d+)</span>', html)
    assert types == [("vet-provider", "3"), ("employer", "3"), ("social-partner", "1"), ("sectoral-body", "1")]
    countries = html[html.index('id="countries"'):]
    assert re.findall(r"<tr><td>(\w+)</td>", countries) == ["Belgium", "Germany", "Netherlands"]
    assert '<span class="label">Erasmus code</span> <span class="code">D  HANNOVE07</span>' in html
    assert '<a href="https://solarwerk.example.org" rel="external">solarwerk.example.org</a>' in html


def test_translations_and_fallbacks_are_marked_with_lang(demo_workspace):
    unit_file = demo_workspace / "curricula" / "units" / "pv-installation.yaml"
    _set_yaml(unit_file, lambda d: d["title"].pop("nl"))
    _set_yaml(demo_workspace / "curricula" / "alliance.yaml", lambda d: d["languages"].append("es"))
    site = handbook_of(demo_workspace)
    nl = site["nl/unit-pv-installation.html"]
    # curriculum text missing in Dutch: the English title, marked as such
    assert '<h1><span lang="en" class="fallback">Installing photovoltaic systems</span>' in nl
    # Dutch text and interface strings where they exist
    assert "<h2 id=\"learning-outcomes\">Leerresultaten</h2>" in nl
    assert "Monteert PV-panelen op hellende en platte daken" in nl
    # ESCO labels exist only in English in the demo vocabulary
    assert '<span lang="en" class="fallback">mount photovoltaic panels</span>' in nl
    de = site["de/unit-pv-installation.html"]
    assert "<h2 id=\"learning-outcomes\">Lernergebnisse</h2>" in de
    assert "<h1>Installation von Photovoltaikanlagen" in de
    # no interface strings for Spanish: English ones, marked, and the curriculum falls back to English
    es = site["es/unit-pv-installation.html"]
    assert '<h2 id="learning-outcomes"><span lang="en">Learning outcomes</span></h2>' in es
    assert '<span lang="en" class="fallback">Mounts PV panels on pitched and flat roofs' in es
    assert 'hreflang="es" lang="es" aria-current="page">español</a>' in es
    # the default language's pages mark nothing
    assert 'class="fallback"' not in site["en/unit-pv-installation.html"]


def test_interface_strings_are_complete_in_every_translation():
    placeholders = re.compile(r"\{(\w+)\}")
    for lang, table in i18n.UI.items():
        assert set(table) == set(i18n.UI["en"]), f"{lang} lacks {set(i18n.UI['en']) - set(table)}"
        for key, text in table.items():
            assert set(placeholders.findall(text)) == set(placeholders.findall(i18n.UI["en"][key])), (lang, key)
    assert set(i18n.COUNTRY_NAMES["nl"]) == set(i18n.COUNTRY_NAMES["de"]) == set(i18n.COUNTRY_NAMES["en"])


# --- security and offline ----------------------------------------------------------------------

def test_markup_in_the_workspace_is_escaped_and_javascript_urls_are_not_links(tmp_path):
    ws = copy_workspace(FIXTURES / "analyses", tmp_path / "ws")

    def poison_unit(d):
        d["title"] = 'Unit <img src=x onerror="alert(2)">'
        d["learning_outcomes"][0]["statement"] = "<script>alert(1)</script>"
        d["learning_outcomes"][0]["assessment"] = "</style><script>alert(3)</script>"

    _set_yaml(ws / "curricula" / "units" / "u1.yaml", poison_unit)
    _set_yaml(ws / "curricula" / "alliance.yaml",
              lambda d: d["partners"][0].update(url="javascript:alert(4)", name="A & B <i>VET</i>"))
    site = handbook_of(ws)
    unit = site["en/unit-u1.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in unit
    assert "&lt;/style&gt;&lt;script&gt;alert(3)&lt;/script&gt;" in unit
    assert "Unit &lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in unit
    for path, html in site.items():
        assert "<script" not in html.lower(), path
        assert "<img" not in html.lower(), path
        assert 'href="javascript:' not in html.lower(), path
    index = site["en/index.html"]
    assert "A &amp; B &lt;i&gt;VET&lt;/i&gt;" in index
    assert "javascript:alert(4)" in index  # shown as text, not linked


def test_no_page_loads_anything_from_elsewhere(demo):
    alliance = yaml.safe_load((REPO / "curricula" / "alliance.yaml").read_text(encoding="utf-8"))
    websites = {p["url"] for p in alliance["partners"] if "url" in p}
    for path, html in demo.items():
        page = Page(html)
        assert not any(tag == "script" for tag, _ in page.elements), path
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", html, re.I), path
        for tag, attributes in page.elements:
            for name in ("src", "srcset", "data", "poster", "action", "formaction"):
                assert name not in attributes, (path, tag, name)
            if tag == "link":
                assert attributes["rel"] in ("icon", "alternate"), (path, attributes)
                assert not attributes["href"].lower().startswith(("http:", "https:", "//")), (path, attributes)
        for tag, href in page.hrefs():
            if href.lower().startswith(("http:", "https:", "//")):
                assert tag == "a", (path, tag, href)
                assert href.startswith(ESCO) or href in websites, (path, href)
        policy = next(a["content"] for tag, a in page.elements if a.get("http-equiv") == "Content-Security-Policy")
        assert policy.startswith("default-src 'none'; style-src 'sha256-"), path


def test_every_internal_link_resolves_to_a_generated_page_and_anchor(demo):
    pages = {path: Page(html) for path, html in demo.items()}
    checked = 0
    for path, page in pages.items():
        for _, href in page.hrefs():
            if href.startswith(("http:", "https:", "data:")):
                continue
            target = urlsplit(urljoin(f"file:///site/{path}", href))
            assert target.path.startswith("/site/"), (path, href)
            rel = unquote(target.path[len("/site/"):])
            assert rel in pages, f"{path} links to {href}, which was not generated"
            if target.fragment:
                assert target.fragment in pages[rel].ids, f"{path} links to {href}: no such anchor"
            checked += 1
    assert checked > 500


def test_learner_records_never_appear(demo):
    with (REPO / "learners" / "learners.csv").open(encoding="utf-8") as f:
        learners = list(csv.DictReader(f))
    assert learners
    text = "\n".join(demo.values())
    for row in learners:
        assert row["learner_id"] not in text
        assert f"{row['given_names']} {row['family_name']}" not in text
        if row["email"]:
            assert row["email"] not in text


def test_export_html_writes_the_same_bytes_twice(tmp_path):
    outputs = []
    for name in ("a", "b"):
        out = tmp_path / name
        result = CliRunner().invoke(cli, ["export", "html", str(FIXTURES / "analyses"), "-o", str(out)])
        assert result.exit_code == 0, result.output
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outputs[0] == outputs[1]
    assert set(outputs[0]) == {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}, \
        "the golden handbook has stale or missing files; regenerate with SKILLWEAVE_REGENERATE_GOLDEN=1"


# --- the prerequisite diagram's layout ---------------------------------------------------------

def test_rows_follow_the_longest_prerequisite_path():
    edges = [("a", "b"), ("b", "c"), ("a", "c"), ("d", "c")]
    assert rows_by_longest_path(["a", "b", "c", "d"], edges) == {"a": 0, "b": 1, "c": 2, "d": 0}
    with pytest.raises(ValueError):
        rows_by_longest_path(["a", "b"], [("a", "b"), ("b", "a")])


def test_layout_keeps_boxes_apart_and_arrows_between_rows():
    project = check(REPO)
    order = project.paths.programmes[0].order
    edges = [(p, u) for u in order for p in project.curriculum.units[u].prerequisites]
    drawing = layered_drawing(order, edges)
    assert drawing == layered_drawing(order, edges)
    boxes = {b.id: b for b in drawing.boxes}
    assert set(boxes) == set(order)
    rows = rows_by_longest_path(order, edges)
    for b in drawing.boxes:
        assert b.row == rows[b.id]
        assert 0 <= b.x and b.x + b.width <= drawing.width and b.y + b.height <= drawing.height
        for other in drawing.boxes:
            if other.id != b.id and other.row == b.row:
                assert b.x + b.width <= other.x or other.x + other.width <= b.x, (b.id, other.id)
    assert {(a.source, a.target) for a in drawing.arrows} == set(edges)
    for a in drawing.arrows:
        (x0, y0), (x1, y1) = a.points[0], a.points[-1]
        src, dst = boxes[a.source], boxes[a.target]
        assert y0 == src.y + src.height and src.x < x0 < src.x + src.width
        assert y1 == dst.y and dst.x < x1 < dst.x + dst.width
        # waypoints of a long arrow sit in the gaps between the boxes of the rows it crosses
        for x, y in a.points[1:-1]:
            for b in drawing.boxes:
                assert not (b.x <= x <= b.x + b.width and b.y < y < b.y + b.height), (a.source, a.target, b.id)
    assert drawing.crossings <= 8


def test_layout_left_to_right_puts_rows_in_columns():
    edges = [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("a", "d")]
    drawing = layered_drawing(["a", "b", "c", "d"], edges, direction="right", box_width=100, box_height=40)
    boxes = {b.id: b for b in drawing.boxes}
    assert [boxes[n].x for n in "abcd"] == sorted(boxes[n].x for n in "abcd")
    assert boxes["b"].x == boxes["c"].x and abs(boxes["b"].y - boxes["c"].y) >= 40
    for a in drawing.arrows:
        (x0, y0), (x1, y1) = a.points[0], a.points[-1]
        assert x0 == boxes[a.source].x + 100 and x1 == boxes[a.target].x
        assert boxes[a.target].y < y1 < boxes[a.target].y + 40
        assert a.path.startswith(f"M{x0:g} {y0:g} C")
    assert drawing.width == max(b.x + b.width for b in drawing.boxes) + 8
    with pytest.raises(ValueError):
        layered_drawing(["a"], [], direction="up")


def test_a_wide_shallow_programme_is_drawn_left_to_right(tmp_path):
    ws = copy_workspace(FIXTURES / "analyses", tmp_path / "ws")
    units = [f"w{i}" for i in range(8)]
    for uid in units:
        (ws / "curricula" / "units" / f"{uid}.yaml").write_text(
            f"id: {uid}\ntitle: Unit {uid}\neqf_level: 4\necvet_points: 5\nowner: vet-a\n"
            f"learning_outcomes:\n  - {{id: {uid}-1, type: skill, statement: Does {uid}., "
            "esco: [http://data.europa.eu/esco/skill/e1]}\n")
    (ws / "curricula" / "programmes" / "wide.yaml").write_text(
        "id: wide\ntitle: Wide\neqf_level: 4\noccupations: [http://data.europa.eu/esco/occupation/occ]\n"
        f"duration_months: 8\necvet_points: 40\nunits: [{', '.join(units)}]\n")
    html = handbook_of(ws)["en/programme-wide.html"]
    assert "Read from left to right" in html
    width = float(re.search(r'<svg class="prerequisites"[^>]* width="([\d.]+)"', html).group(1))
    assert width < 1000


def test_layout_untangles_a_crossing_when_it_can():
    # listed in an order that crosses: a→d, b→c; the sweep swaps one row
    drawing = layered_drawing(["a", "b", "c", "d"], [("a", "d"), ("b", "c")])
    assert drawing.crossings == 0


# --- in the browser ----------------------------------------------------------------------------

PAGE_FACTS = """JSON.stringify({
  lang: document.documentElement.lang,
  title: document.title,
  h1: document.querySelector('h1') ? document.querySelector('h1').textContent.trim() : null,
  h2: [...document.querySelectorAll('h2')].map(h => h.textContent.trim()),
  styled: getComputedStyle(document.body).paddingTop === '0px',
  links: [...document.querySelectorAll('a[href]')].map(a => new URL(a.getAttribute('href'), document.baseURI).href),
  boxes: [...document.querySelectorAll('svg.prerequisites g.box')].map(g => {
    const r = g.querySelector('rect').getBBox();
    return [...g.querySelectorAll('text')].every(t => {
      const b = t.getBBox();
      return b.x >= r.x && b.x + b.width <= r.x + r.width;
    });
  }),
})"""


def test_demo_handbook_renders_in_chromium_without_console_errors(browser, demo, tmp_path):
    import json

    out = tmp_path / "handbook"
    for rel, text in demo.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    project = check(REPO)
    cur = project.curriculum
    expected_h1 = {"en": "Learning outcomes", "nl": "Leerresultaten", "de": "Lernergebnisse"}
    problems = []
    for rel in sorted(demo):
        if rel == "index.html":
            # redirects at once to the default language: wait until the browser has followed the
            # redirect and loaded the target (evaluating a script on a page that navigates away
            # at once is a race, not a check), then look
            target = (out / "en" / "index.html").as_uri()
            report = browser.open((out / rel).as_uri(), "document.title", redirects_to=target)
            assert report.final_url == target
        else:
            report = browser.open((out / rel).as_uri(), PAGE_FACTS)
        problems += [f"{rel}: {p}" for p in report.problems]
        problems += [f"{rel}: loaded {u}" for u in report.requests if not u.startswith(("file:", "data:"))]
        if rel == "index.html":
            continue
        facts = json.loads(report.value)
        lang, name = rel.split("/")
        assert facts["lang"] == lang and facts["styled"], rel
        if name.startswith("unit-"):
            unit = cur.units[name[5:-5]]
            assert facts["h1"].startswith(unit.title.get(lang)), rel
            assert expected_h1[lang] in facts["h2"], rel
            assert facts["title"] == f"{unit.title.get(lang)} · {cur.alliance.name.get(lang)}", rel
        elif name.startswith("programme-"):
            assert facts["h1"] == cur.programmes[name[10:-5]].title.get(lang), rel
            assert len(facts["boxes"]) == 12 and all(facts["boxes"]), f"{rel}: a unit title overflows its box"
        else:
            assert facts["h1"] == cur.alliance.name.get(lang), rel
        for link in facts["links"]:
            if link.startswith("file:"):
                target = Path(unquote(urlsplit(link).path))
                assert target.is_file(), f"{rel}: broken link {link}"
                assert out in target.parents, f"{rel}: link {link} leaves the handbook"
    assert problems == []


def test_the_browser_check_sees_console_errors_and_broken_resources(browser, tmp_path):
    """The check above would pass vacuously if the harness saw nothing: make sure it sees."""
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>broken</title>'
                    '<link rel="stylesheet" href="missing.css"></head><body>'
                    '<script>console.error("boom"); notDefined();</script></body></html>', encoding="utf-8")
    strict = tmp_path / "strict.html"
    strict.write_text('<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
                      "content=\"default-src 'none'\"><style>body { color: red }</style></head></html>",
                      encoding="utf-8")
    report = browser.open(page.as_uri(), "document.title")
    assert report.value == "broken"
    assert any("boom" in c for c in report.console)
    assert any("notDefined" in e for e in report.exceptions)
    assert any("missing.css" in entry for entry in report.log)
    report = browser.open(strict.as_uri())
    assert any("Content Security Policy" in entry for entry in report.log)
