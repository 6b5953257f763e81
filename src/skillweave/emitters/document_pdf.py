"""Learner and mobility documents as PDF (``transcripts --format pdf``, ``mobility --pdf``).

A document's HTML holds one article per language behind a language switch; its PDF holds every
language, each starting on a new A4 page, with page numbers, and no switch. The PDF is rendered
from the same HTML as the HTML file (:mod:`.pdf`), so the two always say the same.
"""

from __future__ import annotations

from skillweave.analyses.mobility import LearningAgreement, Memorandum
from skillweave.analyses.transcripts import Transcript
from skillweave.emitters.pdf import html_to_pdf

#: on top of the documents' own style sheet (templates/documents.css.j2)
PRINT_EVERY_LANGUAGE = """
@page { size: A4; margin: 16mm 14mm 18mm;
  @bottom-right { content: counter(page) " / " counter(pages); font: 8pt sans-serif; color: #5b6475; } }
html, body { background: #fff; padding: 0; }
input.lang-radio, nav.switch { display: none !important; }
article.doc { display: block !important; max-width: none; margin: 0; padding: 0; box-shadow: none; }
article.doc + article.doc { break-before: page; }
"""


def as_pdf(files: dict[str, str]) -> dict[str, bytes]:
    """``{NAME.html: HTML}`` as ``{NAME.pdf: PDF}``."""
    return {name.rsplit(".", 1)[0] + ".pdf": html_to_pdf(html, (PRINT_EVERY_LANGUAGE,))
            for name, html in files.items() if name.endswith(".html")}


def transcript(t: Transcript) -> dict[str, bytes]:
    from skillweave.emitters import transcript_html

    return as_pdf(transcript_html.render(t))


def agreement(a: LearningAgreement) -> dict[str, bytes]:
    from skillweave.emitters import agreement as html

    return as_pdf(html.render(a))


def memorandum(m: Memorandum) -> dict[str, bytes]:
    from skillweave.emitters import mou

    return as_pdf(mou.render(m))
