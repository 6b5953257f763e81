"""Learning agreements (ECVET), one per mobility: ``agreements/MOBILITY.html``.

The file holds the agreement in every language of the learner's programme (a language switch as
in the transcripts): the learner, the programme, the home and host partners with their contact
persons (a host employer as the workplace, its contact as the mentor), the period, the units and
learning outcomes to be achieved abroad with their ECVET points, EQF level, languages of
instruction, teaching and assessment methods and the assessment of each outcome, the home and host
grading schemes side by side (so that reading the host's grades is agreed before the mobility),
who does what (the host assesses, the home partner validates and recognises), and signature
blocks for the learner and both partners.
"""

from __future__ import annotations

from skillweave.analyses.mobility import LearningAgreement
from skillweave.emitters.document_html import render as render_html
from skillweave.formats.grading import scale_text


def render(a: LearningAgreement) -> dict[str, str]:
    return {f"{a.id}.html": render_html("learning-agreement.html.j2", a.languages, a=a, scale_text=scale_text)}
