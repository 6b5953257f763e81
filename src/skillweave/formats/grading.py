"""How a grading scheme reads in documents, in each interface language: its scale, its pass mark
and a one-paragraph summary (for ELMO's ``gradingScheme/description``, the EDC's
``GradingScheme`` and the HTML documents' scale tables).

The grades themselves stay as the partners write them (``7.5``, ``2``, ``good``); these texts say
what they mean, so that a receiving institution never reads a German ``2`` on a Dutch scale.
"""

from __future__ import annotations

from skillweave.formats.strings import strings
from skillweave.formats.numbers import exact as number_text
from skillweave.model import GradingScheme


def scale_text(scheme: GradingScheme, lang: str) -> str:
    """``1 (lowest) to 10 (highest), up to 1 decimal(s)``, or the labels best first."""
    s = strings(lang)
    if scheme.scale is not None:
        scale = scheme.scale
        key = "scale_numeric" if scale.higher_is_better else "scale_lower_better"
        text = s[key].format(lowest=number_text(scale.lowest), highest=number_text(scale.highest))
        if scale.decimals:
            text += ", " + s["scale_decimals"].format(n=scale.decimals)
        return text
    return s["scale_labels"].format(labels=", ".join(g.label for g in scheme.labels or []))


def pass_text(scheme: GradingScheme, lang: str) -> str:
    """``5.5 or better passes`` (or with the lowest passing label)."""
    mark = scheme.pass_text()
    return strings(lang)["passes_from"].format(grade=mark) if mark is not None else ""


def summary(scheme: GradingScheme, lang: str, default: str) -> str:
    """Title, scale, pass mark and description in ``lang``: one plain-text paragraph."""
    parts = [f"{scheme.title.get(lang, default)}: {scale_text(scheme, lang)}; {pass_text(scheme, lang)}."]
    if scheme.description is not None:
        parts.append(scheme.description.get(lang, default))
    return " ".join(parts)
