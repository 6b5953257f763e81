"""``vocab search``: find concepts by label, in any language, ranked simply.

Text and labels are compared case-folded with spaces collapsed. A concept's score is that of its
best-matching label:

=====  ============================================================  ===========
score  the label ...                                                 alternative
=====  ============================================================  ===========
100    is the text                                                   95
80     starts with the text                                          75
70     holds the text as whole words                                 65
50     holds every word of the text (in any order, as word starts)   45
30     holds the text anywhere                                       25
=====  ============================================================  ===========

Ties go to the shorter label, then alphabetical order, then the URI, so results are stable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


def normalise_label(label: str) -> str:
    """A label as labels are compared (in search and in resolving references): case-folded, with
    runs of white space as one space."""
    return " ".join(label.casefold().split())


@dataclass(frozen=True, order=True)
class SearchHit:
    """One result of :meth:`Vocabulary.search`: the concept and the label that matched."""

    score: int
    uri: str
    kind: str
    label: str
    lang: str
    preferred: bool


def _score(q: str, words: list[str], pattern: re.Pattern, label: str) -> int:
    if label == q:
        return 100
    if label.startswith(q):
        return 80
    if pattern.search(label):
        return 70
    if len(words) > 1 and all(re.search(r"(?<!\w)" + re.escape(w), label) for w in words):
        return 50
    if q in label:
        return 30
    return 0


def search_labels(entries: Iterable[tuple[str, str, str, str, bool]], text: str, lang: str | None = None,
                  limit: int = 20) -> list[SearchHit]:
    """Rank (URI, kind, language, label, preferred?) entries for ``text`` (see the module docstring)."""
    q = normalise_label(text)
    if not q:
        return []
    words = q.split()
    pattern = re.compile(r"(?<!\w)" + re.escape(q) + r"(?!\w)")
    first_word = words[0]
    best: dict[str, tuple[int, int, str, SearchHit]] = {}
    for uri, kind, label_lang, label, preferred in entries:
        if lang is not None and label_lang != lang:
            continue
        norm = normalise_label(label)
        if first_word not in norm:  # cheap filter: every match holds the first word
            continue
        score = _score(q, words, pattern, norm)
        if not score:
            continue
        if not preferred:
            score -= 5
        key = (-score, len(label), label.casefold())
        current = best.get(uri)
        if current is None or key < current[:3]:
            best[uri] = (*key, SearchHit(score, uri, kind, label, label_lang, preferred))
    ranked = sorted(best.values(), key=lambda item: (item[0], item[1], item[2], item[3].uri))
    return [item[3] for item in ranked[:limit]] if limit else [item[3] for item in ranked]
