"""Print-ready HTML transcripts: ``LEARNER.html``, one file per learner.

The file holds the transcript in every language of the learner's programme, the alliance's
default language first; a language switch (radio buttons and CSS, no script) shows one language
on screen and in print. It shows the learner, the programme, the home institution, and per unit
the learning outcomes achieved, EQF level, ECVET points, grade with the title of its scale, date
and the institution that assessed it; a mobility unit says "assessed by HOST during mobility M;
recognised by HOME on DATE" or "... awaiting recognition by HOME" (only a recorded
``recognised_on`` is a recognition); then the total of ECVET points, the grading scale and pass
mark of each assessing institution, and a signature block for the home institution. No external
resources; A4 page rules for printing.
"""

from __future__ import annotations

from skillweave.analyses.transcripts import AchievedUnit, Transcript
from skillweave.emitters.document_html import render as render_html
from skillweave.emitters.fragments import FragmentCache
from skillweave.formats.grading import scale_text
from skillweave.formats.strings import strings
from skillweave.templates import environment

_CACHE = FragmentCache()


def _unit_parts(t: Transcript):
    """``unit_parts(u, lang)`` for the template: a unit row before and after the grade and date."""
    default = t.languages[0]
    macros = environment().get_template("transcript-unit.html.j2").module

    def parts(u: AchievedUnit, lang: str):
        key = ("row", tuple(lo.id for lo in u.outcomes), u.abroad, lang, default)
        return _CACHE.get((u.unit, u.assessed_by), key, lambda: (
            macros.before(u.unit, lang, default),
            macros.after(u.outcomes, u.assessed_by, u.abroad, lang, default, strings(lang))))

    return parts


def render(t: Transcript) -> dict[str, str]:
    return {f"{t.learner_id}.html": render_html("transcript.html.j2", t.languages, t=t, unit_parts=_unit_parts(t),
                                                scale_text=scale_text)}
