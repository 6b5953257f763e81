"""PDF from HTML, for print products: the handbook (export handbook-pdf), transcripts and
learning agreements (on request).

The renderer is WeasyPrint (pure Python over the Pango text library): it implements the CSS for
paged media that print needs, which browsers do not: page sizes, running page numbers in the
page margins, and ``target-counter()`` for the page numbers of a table of contents. It never
fetches anything: every resource of our documents is inline, and any other URL is refused. The
same HTML gives the same bytes (no dates, no random identifiers) with the same fonts installed.
"""

from __future__ import annotations

import logging
import os

from skillweave.errors import PdfError

#: what to install when WeasyPrint cannot load its libraries
_NEEDS = ("PDF output needs WeasyPrint and the Pango text library: pip install weasyprint, and on "
          "Debian or Ubuntu apt-get install libpango-1.0-0 libpangoft2-1.0-0 (see the WeasyPrint "
          "installation notes for other systems)")


def _refuse(url: str, *args, **kwargs):
    """WeasyPrint's URL fetcher before version 68: nothing is loaded (documents are self-contained)."""
    raise ValueError(f"refusing to load {url[:80]!r}: documents carry everything they need")


def _fetcher(weasyprint):
    """A URL fetcher that loads nothing but ``data:`` URLs (WeasyPrint skips what it refuses)."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # pragma: no cover - WeasyPrint before 68 takes a function
        return _refuse
    return URLFetcher(allowed_protocols=("data",), timeout=1)


def html_to_pdf(html: str, stylesheets: tuple[str, ...] = ()) -> bytes:
    """``html`` (a complete document, styles inline) as PDF; extra ``stylesheets`` apply on top."""
    try:
        import weasyprint
    except (ImportError, OSError):
        raise PdfError(_NEEDS) from None
    logger = logging.getLogger("weasyprint")
    level = logger.level
    # WeasyPrint warns about CSS it ignores (screen-only properties of shared style sheets)
    logger.setLevel(logging.ERROR)
    # Without the HarfBuzz-Subset library, WeasyPrint subsets fonts with fontTools, which stamps
    # each subset with the time it was made unless SOURCE_DATE_EPOCH says which time to use (the
    # reproducible-builds convention): a fixed one, so that the same HTML gives the same bytes.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch if epoch is not None else _FONT_TIME
    try:
        fetcher = _fetcher(weasyprint)
        document = weasyprint.HTML(string=html, url_fetcher=fetcher)
        extra = [weasyprint.CSS(string=css, url_fetcher=fetcher) for css in stylesheets]
        return document.write_pdf(stylesheets=extra)
    finally:
        logger.setLevel(level)
        if epoch is None:
            del os.environ["SOURCE_DATE_EPOCH"]


#: the time stamped on font subsets when SOURCE_DATE_EPOCH is not set: 2000-01-01T00:00:00Z
_FONT_TIME = "946684800"
