"""What the rankings share: the result type, the error, and where derived data is kept."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from skillweave.collector import paused
from skillweave.errors import SuggestError

__all__ = ["Progress", "Suggestion", "SuggestError", "cache_dir_of", "paused_gc", "ranked", "skill_texts", "slug"]

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.vocab import Vocabulary

#: progress(done, total) while skill embeddings are computed
Progress = Callable[[int, int], None]


class Suggestion(NamedTuple):
    uri: str
    label: str
    #: 0 (nothing in common) to 1 (a perfect match)
    score: float
    #: the statement's words found in the skill's labels or description (as the statement writes them)
    matched: tuple[str, ...] = ()
    #: (occupation URI, its label, "essential" or "optional") for each target occupation that needs the skill
    occupations: tuple[tuple[str, str, str], ...] = ()

    def why(self) -> str:
        """"words: a, b; essential for: x; optional for: y" ("" when there is nothing to say)."""
        parts = []
        if self.matched:
            parts.append("words: " + ", ".join(self.matched))
        for relation in ("essential", "optional"):
            names = [label for _, label, rel in self.occupations if rel == relation]
            if names:
                parts.append(f"{relation} for: " + ", ".join(names))
        return "; ".join(parts)

    def as_dict(self) -> dict:
        """uri, label, score, matched (words) and occupations ([{uri, label, relation}])."""
        return {"uri": self.uri, "label": self.label, "score": self.score, "matched": list(self.matched),
                "occupations": [{"uri": u, "label": label, "relation": rel} for u, label, rel in self.occupations]}


def ranked(scores: dict[int, float], uris: Sequence[str], labels: Sequence[str], top: int) -> list[Suggestion]:
    """The ``top`` best of ``scores`` (skill index → score) as suggestions, best first.

    Ties go by label, then URI, so that the output is deterministic.
    """
    best = sorted(scores.items(), key=lambda kv: (-kv[1], labels[kv[0]].casefold(), uris[kv[0]]))[:top]
    return [Suggestion(uris[i], labels[i], round(min(1.0, max(0.0, s)), 4)) for i, s in best if s > 0]


def cache_dir_of(vocab: "Vocabulary") -> Path | None:
    """The folder a vocabulary offers for derived data (a store's), or None."""
    folder = getattr(vocab, "cache_dir", None)
    return Path(folder) if folder else None


_TEXTS: "weakref.WeakKeyDictionary[object, dict[str, list]]" = weakref.WeakKeyDictionary()


def skill_texts(vocab: "Vocabulary", lang: str) -> list[tuple[str, str, list[str], str]]:
    """``vocab.skill_texts(lang)`` as a list, read once per vocabulary and language (both rankings use it)."""
    try:
        per_vocab = _TEXTS.setdefault(vocab, {})
    except TypeError:  # not weakly referenceable
        return list(vocab.skill_texts(lang))
    if lang not in per_vocab:
        per_vocab[lang] = list(vocab.skill_texts(lang))
    return per_vocab[lang]


def slug(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-." else "-" for ch in name).strip("-") or "encoder"


#: No cyclic garbage collection inside: suggesting reads a whole vocabulary, its indexes and
#: the model's data at once (a few million small objects that all stay alive), and each
#: collection would only walk them again; measured on a whole ``skillweave suggest`` against all
#: of ESCO, about a sixth of its CPU time (docs/performance.md). Reference counting still frees
#: what is dropped.
paused_gc = paused
