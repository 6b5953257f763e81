"""Learner and mobility documents: personal transcripts, learning agreements and memoranda of
understanding (ECVET).

They are computed by :mod:`skillweave.analyses.transcripts` and :mod:`skillweave.analyses.mobility`
and written by ``skillweave transcripts`` and ``skillweave mobility``, never into ``exports/``:
transcripts and learning agreements hold personal data, so each goes into that learner's own
file, written atomically and readable only by its owner (mode 0600).

A transcript format is one module of this package with a function
``render(transcript) -> {file name: text or bytes}`` and one line in :data:`TRANSCRIPT_FORMATS`;
the command line, the process pool and the file writing are shared (:mod:`.cohort`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.analyses.transcripts import Transcript


@dataclass(frozen=True)
class DocumentFormat:
    name: str
    #: the module of this package that renders it
    module: str
    #: the function of that module: document -> {file name: text or bytes}
    function: str
    description: str
    #: optionally, a function of that module: documents -> notes for the command to print
    #: (never learner data)
    notes: str | None = None


#: transcript formats of ``skillweave transcripts --format``; the first is the default
TRANSCRIPT_FORMATS: tuple[DocumentFormat, ...] = (
    DocumentFormat("html", "transcript_html", "render",
                   "print-ready HTML in the languages of the learner's programme (LEARNER.html)"),
    DocumentFormat("elmo", "transcript_elmo", "render",
                   "EMREX ELMO XML with ECVET credits, one report per assessing institution (LEARNER.xml)"),
    DocumentFormat("edc", "transcript_edc", "render",
                   "European Digital Credential: ELM v3 JSON-LD, context embedded, unsigned (LEARNER.jsonld)",
                   notes="notes"),
)


def transcript_format(name: str) -> DocumentFormat:
    for f in TRANSCRIPT_FORMATS:
        if f.name == name:
            return f
    raise KeyError(name)


def renderer(fmt: DocumentFormat) -> Callable[["Transcript"], dict[str, str | bytes]]:
    module = importlib.import_module(f"skillweave.emitters.{fmt.module}")
    return getattr(module, fmt.function)


def format_notes(fmt: DocumentFormat, documents: Sequence["Transcript"]) -> list[str]:
    """What a format has to say about a cohort's documents (such as issuers without a legal
    identifier); empty for most formats."""
    if fmt.notes is None:
        return []
    return getattr(importlib.import_module(f"skillweave.emitters.{fmt.module}"), fmt.notes)(documents)
