"""Print: the handbook as one PDF (export handbook-pdf), transcripts and learning agreements as PDF,
and the HTML outputs printed by a browser: A4, page numbers, contents that match, totals once.

PDFs are read back with pypdf (page sizes, text, the outline). WeasyPrint needs the Pango
library: CI installs it (scripts/test.sh), and there the tests fail rather than skip without it.
"""

from __future__ import annotations

import io
import os
import re
import shutil

import pytest
from click.testing import CliRunner

from skillweave.cli.main import cli
from skillweave.pipeline import check

from .conftest import FIXTURES, REPO

A4 = (595.28, 841.89)  # points


@pytest.fixture(scope="module")
def renderer():
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"WeasyPrint cannot run ({exc}); CI must install Pango (scripts/test.sh)")
        pytest.skip(f"WeasyPrint cannot run here: {exc}")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def read(data: bytes):
    import pypdf

    return pypdf.PdfReader(io.BytesIO(data))


def pages_text(reader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def outline(reader) -> list[tuple[int, str, int]]:
    """(level, title, page number from 1) of every bookmark."""
    out: list[tuple[int, str, int]] = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


def assert_a4(reader) -> None:
    """Every page is A4 (within half a millimetre: browsers round to their own units)."""
    for number, page in enumerate(reader.pages, 1):
        box = page.mediabox
        assert abs(float(box.width) - A4[0]) < 1.5 and abs(float(box.height) - A4[1]) < 1.5, (number, box)


@pytest.fixture(scope="module")
def book(renderer, tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("book") / "handbook.pdf"
    result = run("export", "handbook-pdf", str(REPO), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_the_book_is_a4_with_every_unit_title(book):
    reader = read(book)
    assert_a4(reader)
    text = "\n".join(pages_text(reader))
    cur = check(REPO).curriculum
    for unit in cur.units.values():
        assert unit.title.get("en") in text, unit.id
    for programme in cur.programmes.values():
        assert programme.title.get("en") in text


CONTENTS_LINE = re.compile(r"^(?P<title>.+?) ?\.{3,} ?(?P<page>\d+)$")


def test_the_contents_give_the_pages_where_the_parts_start(book):
    reader = read(book)
    pages = pages_text(reader)
    assert pages[1].startswith("Contents\n")
    contents = {m["title"]: int(m["page"]) for m in map(CONTENTS_LINE.match, pages[1].splitlines()) if m}
    cur = check(REPO).curriculum
    titles = [u.title.get("en") for u in cur.units.values()] + [p.title.get("en") for p in cur.programmes.values()]
    assert set(titles) <= set(contents), set(titles) - set(contents)
    # the outline (bookmarks) holds where each part's heading really is: the same pages
    marks = {title: page for level, title, page in outline(reader)}
    assert {t: contents[t] for t in titles} == {t: marks[t] for t in titles}
    for title in titles:
        start = contents[title]
        assert title in pages[start - 1], title
        # each unit starts on a new page: the page before belongs to something else
        assert title not in pages[start - 2].split("\n")[0], title
    # the page numbers printed at the foot of the pages are the pages' numbers
    for number, text in enumerate(pages[1:], 2):
        assert text.rstrip().endswith(str(number)), number


def test_the_units_total_is_printed_once(book):
    text = "\n".join(pages_text(read(book)))
    assert len(re.findall(r"^Total\b", text, re.M)) == len(check(REPO).curriculum.programmes)


def test_a_language_the_alliance_lacks_is_refused(tmp_path):
    bad = run("export", "handbook-pdf", str(REPO), "-o", str(tmp_path / "fr.pdf"), "--lang", "fr")
    assert bad.exit_code == 2
    assert bad.output == ("skillweave: error: --lang fr: the handbook is in the alliance's languages: "
                          "en, nl, de\n")
    assert not (tmp_path / "fr.pdf").exists()


def test_the_dutch_book(renderer, tmp_path):
    out = tmp_path / "nl.pdf"
    assert run("export", "handbook-pdf", str(REPO), "-o", str(out), "--lang", "nl").exit_code == 0
    reader = read(out.read_bytes())
    pages = pages_text(reader)
    assert pages[1].startswith("Inhoud\n")
    text = "\n".join(pages)
    for unit in check(REPO).curriculum.units.values():
        assert unit.title.get("nl") in text, unit.id


def test_the_same_workspace_gives_the_same_pdf(renderer, tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for out in (a, b):
        assert run("export", "handbook-pdf", str(FIXTURES / "analyses"), "-o", str(out)).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    assert b"CreationDate" not in a.read_bytes()


def test_without_the_renderer_one_line_and_exit_2(tmp_path, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    result = run("export", "handbook-pdf", str(FIXTURES / "analyses"), "-o", str(tmp_path / "h.pdf"))
    assert result.exit_code == 2
    assert result.output.startswith("skillweave: error: PDF output needs WeasyPrint and the Pango text library")
    assert result.output.count("\n") == 1
    assert not (tmp_path / "h.pdf").exists()


def test_nothing_is_fetched(renderer, monkeypatch):
    import socket
    import urllib.request

    from skillweave.emitters.pdf import html_to_pdf

    def refuse(*args, **kwargs):  # pragma: no cover - would be a failure
        raise AssertionError("the PDF renderer went to the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    pdf = html_to_pdf('<html><body><p>x</p><img src="http://example.org/x.png">'
                      '<link rel="stylesheet" href="https://example.org/s.css"></body></html>')
    assert pdf.startswith(b"%PDF")


# --- learner documents -------------------------------------------------------------------------

def test_a_transcript_as_pdf(renderer, tmp_path):
    result = run("transcripts", str(REPO), "--format", "pdf", "-o", str(tmp_path / "t"), "--learner", "CG_2023.0101")
    assert result.exit_code == 0, result.output
    path = tmp_path / "t" / "CG_2023.0101.pdf"
    assert path.stat().st_mode & 0o777 == 0o600
    reader = read(path.read_bytes())
    assert_a4(reader)
    pages = pages_text(reader)
    text = "\n".join(pages)
    languages = check(REPO).curriculum.programmes["solar-heat-installer"]
    # every language of the programme, each from a new page, the total once in each
    starts = [i for i, p in enumerate(pages) if p.startswith("GREENINSTALL")]
    assert len(starts) == len(languages.title.root) == 3
    assert "Personal transcript (ECVET)" in pages[starts[0]]
    assert len(re.findall(r"^(Total|Totaal|Summe)\b", text, re.M)) == 3
    assert "Arne Exemple" in text


def test_learning_agreements_and_memoranda_as_pdf(renderer, tmp_path):
    result = run("mobility", str(REPO), "-o", str(tmp_path / "m"), "--pdf", "--jobs", "1")
    assert result.exit_code == 0, result.output
    agreements = sorted((tmp_path / "m" / "agreements").glob("*.pdf"))
    htmls = sorted((tmp_path / "m" / "agreements").glob("*.html"))
    assert [p.stem for p in agreements] == [p.stem for p in htmls] and agreements
    assert sorted(p.stem for p in (tmp_path / "m" / "mou").glob("*.pdf")) == sorted(
        p.stem for p in (tmp_path / "m" / "mou").glob("*.html"))
    reader = read(agreements[0].read_bytes())
    assert_a4(reader)
    assert "Learning agreement (ECVET)" in pages_text(reader)[0]


# --- the HTML outputs as a browser prints them ---------------------------------------------------

def test_the_handbook_and_a_transcript_print_on_a4_with_the_total_once(browser, tmp_path):
    site = tmp_path / "site"
    assert run("export", "html", str(REPO), "-o", str(site)).exit_code == 0
    browser.open((site / "en" / "programme-solar-heat-installer.html").as_uri())
    reader = read(browser.print_pdf())
    assert_a4(reader)
    assert len(reader.pages) > 1
    text = "\n".join(pages_text(reader))
    assert len(re.findall(r"^Total\b", text, re.M)) == 1
    # the prerequisites keep a readable column: the longest title of a prerequisite is printed in
    # at most three lines (it was one word per line)
    assert re.search(r"Electrical fundamentals and", text)

    assert run("transcripts", str(REPO), "-o", str(tmp_path / "t"), "--learner", "CG_2023.0101").exit_code == 0
    browser.open((tmp_path / "t" / "CG_2023.0101.html").as_uri())
    reader = read(browser.print_pdf())
    assert_a4(reader)
    pages = pages_text(reader)
    assert len(re.findall(r"^Total\b", "\n".join(pages), re.M)) == 1
    assert "Total" in pages[-1]


def test_the_book_html_has_unique_ids(renderer):
    from collections import Counter

    from skillweave.emitters.handbook_pdf import book_html

    project = check(REPO)
    project.analyse()
    ids = Counter(re.findall(r'\sid="([^"]+)"', book_html(project)))
    assert [i for i, n in ids.items() if n > 1] == []


def test_learner_records_never_reach_the_book(renderer, tmp_path):
    from skillweave.emitters.handbook_pdf import book_html

    ws = tmp_path / "ws"
    for name in ("curricula", "ontologies", "learners"):
        shutil.copytree(REPO / name, ws / name)
    project = check(ws)
    project.analyse()
    html = book_html(project)
    learners = (ws / "learners" / "learners.csv").read_text(encoding="utf-8").splitlines()[1:]
    for row in learners[:10]:
        learner_id, given, family = row.split(",")[:3]
        assert family not in html and learner_id not in html
