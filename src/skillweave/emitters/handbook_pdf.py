"""The printed handbook (``export handbook-pdf``): the whole joint training content in one PDF.

One document in one language (``--lang``; default the alliance's default language), laid out
for A4: a title page; the contents with the page on which each part starts; every programme
(its facts, units in teaching order with the total once at the end, semester plan,
prerequisite diagram and skills coverage); every unit (its facts, learning outcomes by type
with their ESCO skills and assessment, assessment methods and approvals), each starting on a
new page, in the teaching order of the programmes and then alphabetically; and the partners.
Pages are numbered; the PDF's outline (bookmarks) lists the programmes and units.

The content is the handbook site's (the same views and page parts, :mod:`.handbook`), laid out
by ``templates/handbook/book.css.j2`` and rendered by WeasyPrint (:mod:`.pdf`). Learner
records are never read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from skillweave.emitters import DEFAULT, Options
from skillweave.emitters.handbook import _Builder, _languages, requirers
from skillweave.errors import OptionError
from skillweave.formats import strings as i18n

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.model import Project


#: the diagram's and the bars' styles inside each SVG (the PDF renderer does not style inline
#: SVG from the page's style sheet); the site's colours, written out
SVG_CSS = (
    "rect{fill:#fff;stroke:#1f6f5c;stroke-width:1.5}"
    ".box.pending rect,svg.legend rect{stroke-dasharray:6 4}"
    "path.arrow{fill:none;stroke:#8a94a6;stroke-width:1.3}marker path{fill:#8a94a6}"
    "text{font-family:sans-serif;font-size:12.5px;fill:#1d2433}text.meta{font-size:11px;fill:#5b6475}"
    "rect.track{fill:#eceff5;stroke:none}rect.done{fill:#1f6f5c;stroke:none}"
)


def book_order(project: "Project") -> list[str]:
    """The units in the order of the book: each programme's teaching order, then the others
    by title."""
    cur = project.curriculum
    order: list[str] = []
    for path in sorted(project.paths.programmes, key=lambda p: p.id):
        programme = cur.programmes.get(path.id)
        listed = path.order if path.order is not None else (programme.units if programme else [])
        order += [u for u in listed if u in cur.units and u not in order]
    lang = project.default_language
    rest = sorted((u for u in cur.units if u not in order), key=lambda u: (cur.units[u].title.get(lang).casefold(), u))
    return order + rest


def book_html(project: "Project", options: Options = DEFAULT) -> str:
    """The printed handbook as one HTML document (what the PDF is rendered from)."""
    from skillweave.templates import render

    languages, default = _languages(project)
    lang = options.lang or default
    if lang not in languages:
        raise OptionError(f"--lang {lang}: the handbook is in the alliance's languages: {', '.join(languages)}")
    cur = project.curriculum
    alliance = cur.alliance
    b = _Builder(project, lang, default, book=True)
    loc = b.loc
    required_by = requirers(cur)
    partners, by_type = b.partner_groups()
    return render(
        "handbook/book.html.j2", lang=lang, default_lang=default, t=loc.ui, t_text=loc.ui_text,
        number=loc.number, partner_href=b.partner_href, css=Markup(render("handbook/book.css.j2")),
        site=b.site(), language_name=i18n.language_name(lang),
        description=loc.text(alliance.description) if alliance else None,
        sector=alliance.sector if alliance else None,
        sector_label=loc.text(alliance.sector.label) if alliance and alliance.sector else None,
        programmes=[b.programme(pid) for pid in sorted(cur.programmes)],
        units=[b.unit(uid, required_by[uid]) for uid in book_order(project)],
        partners=partners, partner_groups=by_type, approval_rule=alliance.approval if alliance else None,
        svg_css=Markup(SVG_CSS))


def as_pdf(project: "Project", options: Options = DEFAULT) -> bytes:
    """The printed handbook as PDF."""
    from skillweave.emitters.pdf import html_to_pdf

    return html_to_pdf(book_html(project, options))

