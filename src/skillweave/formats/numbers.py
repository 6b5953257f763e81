"""Numbers as skillweave writes them: for people (reports, documents, the handbook) and in data
files (ELM, LOQ, ELMO, the quality report), plus hours as ``xsd:duration``.

Never an exponent; the same number always gives the same text.
"""

from __future__ import annotations

import re
from decimal import Decimal


# --- for people ---------------------------------------------------------------------------------

#: languages that write 7,5 rather than 7.5
DECIMAL_COMMA = frozenset("bg ca cs da de el es et eu fi fr gl hr hu is it lt lv mk nl no pl pt ro sk sl sq sr sv "
                          "tr uk".split())


def points(value: float, lang: str | None = None) -> str:
    """ECVET points, hours and other counts for people: ``12``, ``7.5`` (at most six significant
    digits); with a decimal comma (``7,5``) in a language ``lang`` that writes one."""
    text = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return text.replace(".", ",") if lang in DECIMAL_COMMA else text


def percent(ratio: float | None, places: int = 1, missing: str = "n/a") -> str:
    """A ratio (0 to 1) as a percentage with ``places`` decimals: ``85.7 %``; ``missing`` for none."""
    return missing if ratio is None else f"{ratio * 100:.{places}f} %"


def coordinate(value: float) -> str:
    """A drawing coordinate (SVG): at most one decimal, no trailing zero, no ``-0``."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


# --- in data files ------------------------------------------------------------------------------

def decimal(value: float) -> str:
    """A float as an ``xsd:decimal``, every digit it holds: ``0.8571``, ``92000.0``, ``1.0``."""
    return format(Decimal(repr(float(value))), "f")


def exact(value: float) -> str:
    """A declared number as a data file writes it: whole numbers without a point (``12``), others
    with every digit they hold (``7.5``); valid as ``xsd:decimal``."""
    return str(int(value)) if float(value).is_integer() else decimal(value)


def hours_duration(hours: float) -> str:
    """Hours as an xsd:duration (``PT110H``, ``PT12H30M``); only seconds may have a fraction."""
    seconds = Decimal(repr(float(hours))) * 3600
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    out = "PT"
    if h:
        out += f"{int(h)}H"
    if m:
        out += f"{int(m)}M"
    if s:
        out += f"{s.normalize():f}S"
    return out if out != "PT" else "PT0H"


_DURATION = re.compile(r"-?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?"
                       r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?")


def parse_duration(text: str) -> tuple[int, int, Decimal] | None:
    """(years*12 + months, days incl. weeks, seconds of the time part) of an xsd:duration."""
    m = _DURATION.fullmatch(text.strip())
    if not m or text.strip() in ("P", "PT") or text.strip().startswith("-"):
        return None
    y, mo, w, d, h, mi, s = m.groups()
    months = int(y or 0) * 12 + int(mo or 0)
    days = int(w or 0) * 7 + int(d or 0)
    seconds = Decimal(h or 0) * 3600 + Decimal(mi or 0) * 60 + Decimal(s or 0)
    return months, days, seconds


def duration_hours(text: str) -> float | None:
    """The hours of an xsd:duration that holds only a time part (and days, counted as 24 hours)."""
    parsed = parse_duration(text)
    if parsed is None or parsed[0]:
        return None
    months, days, seconds = parsed
    return float((Decimal(days) * 86400 + seconds) / 3600)
