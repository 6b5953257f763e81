"""What ``skillweave suggest`` needs besides the ranking: the vocabulary to rank, the target
occupations given as context, and what to tell the user about the statement's language.

Each problem is a :class:`~skillweave.errors.SuggestError` with a one-line message; the command
line prints it and exits with 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from skillweave.errors import SuggestError

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.diagnostics import DiagnosticSink
    from skillweave.vocab import Vocabulary

__all__ = ["LANGUAGE_NAMES", "language_note", "skill_vocabulary", "target_occupations"]

#: English names of the languages a statement may be written in (ISO 639-1), for messages
LANGUAGE_NAMES = {"en": "English", "nl": "Dutch", "de": "German", "fr": "French", "es": "Spanish",
                  "it": "Italian", "pt": "Portuguese", "pl": "Polish", "fi": "Finnish", "sv": "Swedish",
                  "da": "Danish", "cs": "Czech", "sk": "Slovak", "sl": "Slovenian", "hu": "Hungarian",
                  "ro": "Romanian", "bg": "Bulgarian", "el": "Greek", "hr": "Croatian", "lt": "Lithuanian",
                  "lv": "Latvian", "et": "Estonian", "mt": "Maltese", "ga": "Irish"}


def skill_vocabulary(source: str | None, workspace: str, sink: "DiagnosticSink") -> "Vocabulary":
    """The vocabulary of ``source``, else of the workspace's ontologies/ (RDF problems go to ``sink``).

    A vocabulary that cannot be opened, or that has no ESCO skill, is a :class:`SuggestError`.
    """
    from skillweave.load.workspace import Workspace, WorkspaceError
    from skillweave.vocab import VocabularyError, open_vocabulary

    try:
        vocab = open_vocabulary(Workspace.open(workspace), sink, source)
    except (VocabularyError, WorkspaceError) as exc:
        raise SuggestError(str(exc)) from None
    if not any(True for _ in vocab.skill_texts("en")):
        where = f"{source!r}" if source else (f"ontologies/ in {workspace!r}" if workspace != "." else
                                              "ontologies/ in the current folder")
        raise SuggestError(f"no ESCO skill found in {where}; pass --vocabulary with an ESCO store, RDF file or folder")
    return vocab


def target_occupations(vocab: "Vocabulary", programme: str | None = None, occupations: Sequence[str] = (),
                       workspace: str = ".") -> list[str]:
    """The occupation URIs of ``programme`` (its target occupations, read from the workspace) and
    of each reference in ``occupations`` (a URI or an exact label), without repeats.

    An unknown programme, or a reference that names no occupation (or several), is a :class:`SuggestError`.
    """
    refs: list[tuple[str, str]] = []  # (reference, where it comes from)
    if programme:
        from skillweave.diagnostics import DiagnosticSink
        from skillweave.load.curriculum import load_curriculum
        from skillweave.load.workspace import Workspace, WorkspaceError

        try:
            cur = load_curriculum(Workspace.open(workspace), DiagnosticSink())
        except WorkspaceError as exc:
            raise SuggestError(str(exc)) from None
        found = cur.programmes.get(programme)
        if found is None:
            known = ", ".join(sorted(cur.programmes)) or "none"
            raise SuggestError(f"no programme {programme!r} in the workspace {workspace!r} "
                               f"(programmes: {known}; a programme with errors is left out: run skillweave check)")
        refs += [(str(ref), f"programme {programme}") for ref in found.occupations]
    refs += [(ref, "--occupation") for ref in occupations]
    out: list[str] = []
    for ref, where in refs:
        res = vocab.resolve(ref, "occupation")
        if res.uri is None:
            if res.candidates:
                why = "names several occupations: " + ", ".join(res.candidates[:5])
            elif res.wrong_kind:
                why = f"is a {res.wrong_kind}, not an occupation"
            else:
                why = "is not an occupation of the vocabulary" + (
                    f" (did you mean {', '.join(repr(s) for s in res.suggestions)}?)" if res.suggestions else "")
            raise SuggestError(f"{where}: {ref!r} {why}")
        out.append(res.uri)
    return list(dict.fromkeys(out))


def language_note(vocab: "Vocabulary", lang: str, ranking: str) -> str | None:
    """What to tell the user when the lexical ranking is asked to rank a statement in a language the
    vocabulary has no skill labels in (None otherwise)."""
    from skillweave.suggest import has_language

    if ranking != "lexical" or lang == "en" or has_language(vocab, lang):
        return None
    name = LANGUAGE_NAMES.get(lang, lang)
    return (f"the vocabulary has no {name} ({lang}) skill labels; the statement is compared with the English "
            "labels, which works only for words the languages share (the semantic ranking reads it as it is)")
