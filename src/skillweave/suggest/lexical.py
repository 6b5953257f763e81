"""The lexical ranking: BM25F over skills' labels and descriptions in one language, with a label-match bonus.

Pure Python, no model: it works everywhere, and it is the fallback when the embedding model is
not installed. Words are normalised, stop words dropped and lightly stemmed in the language asked
for (:mod:`skillweave.suggest.textnorm`). The index is built once per vocabulary and language and
kept for the life of the vocabulary object (and in the vocabulary's cache folder, if it has one).
"""

from __future__ import annotations

import gc
import hashlib
import math
import os
import pickle
import re
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from skillweave.suggest.base import Suggestion, cache_dir_of, ranked, skill_texts, slug
from skillweave.suggest.textnorm import STOP_WORDS, STEMMERS, fold, terms

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.vocab import Vocabulary

#: (URI, preferred label, alternative labels, description): what :meth:`Vocabulary.skill_texts` yields
SkillText = tuple[str, str, list[str], str]


@dataclass(frozen=True)
class LexicalWeights:
    """The knobs of the lexical ranking (tuned on ``tests/data/suggest-labelled.yaml``)."""

    label: float = 3.0
    alt: float = 1.5
    description: float = 1.0
    b_label: float = 0.3
    b_description: float = 0.75
    k1: float = 1.2
    #: share of the final score that comes from the best label match (the rest is BM25F)
    label_share: float = 0.4
    #: a label that appears word for word (in order) counts this much more than a scattered one
    phrase_bonus: float = 0.1
    #: an alternative label's match counts this much of a preferred label's
    alt_factor: float = 0.9


class LexicalIndex:
    """BM25F over skills' labels and descriptions in one language, with a label-match bonus."""

    def __init__(self, skills: Iterable[SkillText], lang: str, weights: LexicalWeights | None = None) -> None:
        self.lang = lang
        self.weights = w = weights or LexicalWeights()
        self.uris: list[str] = []
        self.labels: list[str] = []
        #: per skill, its label variants (preferred first) as tuples of terms
        self.variants: list[list[tuple[str, ...]]] = []
        fields: list[tuple[list[str], set[str], list[str]]] = []
        for uri, label, alts, description in skills:
            label_terms = terms(label, lang)
            alt_terms = [terms(a, lang) for a in alts]
            self.uris.append(uri)
            self.labels.append(label)
            # the preferred label stays first (alternative labels count a little less), even if empty
            variants = [tuple(label_terms)] + [tuple(t) for t in alt_terms]
            self.variants.append(variants[:1] + [v for i, v in enumerate(variants)
                                                 if i and v and v not in variants[:i]])
            desc_terms = terms(description, lang) if description else []
            fields.append((label_terms, {t for a in alt_terms for t in a}, desc_terms))
        n = len(self.uris)
        avg_label = sum(len(f[0]) for f in fields) / n if n else 1.0
        avg_desc = sum(len(f[2]) for f in fields) / n if n else 1.0
        df: dict[str, int] = defaultdict(int)
        tf_by_doc: list[dict[str, float]] = []
        for label_terms, alt_set, desc_terms in fields:
            # BM25F: field-weighted, length-normalised term frequencies, saturated once below
            tf: dict[str, float] = defaultdict(float)
            norm_label = 1 - w.b_label + w.b_label * (len(label_terms) / avg_label if avg_label else 1)
            for t in label_terms:
                tf[t] += w.label / norm_label
            for t in alt_set:  # alternative labels repeat words; presence is what counts
                tf[t] += w.alt
            if desc_terms:
                norm_desc = 1 - w.b_description + w.b_description * (len(desc_terms) / avg_desc if avg_desc else 1)
                for t in desc_terms:
                    tf[t] += w.description / norm_desc
            for t in tf:
                df[t] += 1
            tf_by_doc.append(tf)
        self.idf: dict[str, float] = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for doc, tf in enumerate(tf_by_doc):
            for t, f in tf.items():
                postings[t].append((doc, self.idf[t] * f / (w.k1 + f)))
        self.postings = dict(postings)
        # term -> (skill, variant) pairs whose label holds it, and each variant's idf vector length
        label_postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.variant_norm: list[list[float]] = []
        for doc, variants in enumerate(self.variants):
            norms = []
            for vi, variant in enumerate(variants):
                unique = sorted(set(variant))  # a fixed order keeps float sums the same on every run
                for t in unique:
                    label_postings[t].append((doc, vi))
                norms.append(math.sqrt(sum(self.idf[t] ** 2 for t in unique)))
            self.variant_norm.append(norms)
        self.label_postings = dict(label_postings)

    def __len__(self) -> int:
        return len(self.uris)

    def scores(self, text: str, lang: str | None = None) -> dict[int, float]:
        """Skill index → score (0..1) for every skill that shares a word with ``text``.

        ``lang`` is the statement's language when it is not the index's (stop words and stems).
        """
        w = self.weights
        query = terms(text, lang or self.lang)
        known = [t for t in dict.fromkeys(query) if t in self.idf]
        if not known:
            return {}
        bm25: dict[int, float] = defaultdict(float)
        for t in known:
            for doc, impact in self.postings[t]:
                bm25[doc] += impact
        # the BM25F score of a skill whose preferred label is exactly the statement's words
        top_bm25 = sum(self.idf[t] for t in known) * w.label / (w.k1 + w.label)
        query_norm = math.sqrt(sum(self.idf[t] ** 2 for t in known))
        # a label matches as the cosine of idf-weighted word sets: a one-word label that the
        # statement mentions in passing counts less than a longer label it covers
        common: dict[tuple[int, int], float] = defaultdict(float)
        shared: dict[tuple[int, int], int] = defaultdict(int)
        for t in known:
            for key in self.label_postings.get(t, ()):
                common[key] += self.idf[t] ** 2
                shared[key] += 1
        label_match: dict[int, float] = {}
        for (doc, vi), got in common.items():
            norm = self.variant_norm[doc][vi]
            if not norm:
                continue
            match = got / (norm * query_norm)
            variant = self.variants[doc][vi]
            if shared[(doc, vi)] == len(set(variant)) and _in_order(variant, query):
                match += w.phrase_bonus * match
            match /= 1 + w.phrase_bonus
            if vi:
                match *= w.alt_factor
            if match > label_match.get(doc, 0.0):
                label_match[doc] = match
        share = w.label_share
        return {doc: share * label_match.get(doc, 0.0) + (1 - share) * min(1.0, s / top_bm25)
                for doc, s in bm25.items()}

    def suggest(self, text: str, top: int = 10, lang: str | None = None) -> list[Suggestion]:
        return ranked(self.scores(text, lang), self.uris, self.labels, top)

    # -- the on-disk cache (for a store's folder) --------------------------------------------

    _STATE = ("lang", "uris", "labels", "variants", "idf", "postings", "label_postings", "variant_norm")
    #: bump when the index's layout or the text normalisation changes: older caches are rebuilt
    CACHE_VERSION = 1

    @classmethod
    def cached(cls, skills: Iterable[SkillText] | Callable[[], Iterable[SkillText]], lang: str,
               cache_dir: str | Path, fingerprint: str | None = None) -> "LexicalIndex":
        """The index from ``cache_dir`` when it was built from the same skill texts, else built and saved.

        ``fingerprint`` identifies the skill texts (a store's snapshot) without reading them all;
        without it the texts are read and hashed. ``skills`` may be a function that returns them:
        then they are only read when they are needed.
        """
        if fingerprint is None or not callable(skills):
            skills = list(skills() if callable(skills) else skills)
        if fingerprint is None:
            digest = hashlib.sha1()
            for item in skills:
                digest.update(repr(item).encode("utf-8"))
            fingerprint = digest.hexdigest()
        key = [cls.CACHE_VERSION, repr(LexicalWeights()), fingerprint]
        path = Path(cache_dir) / f"lexical-index-{slug(lang)}.pickle"
        collecting = gc.isenabled()
        gc.disable()  # many small containers at once: nothing for the collector to find (twice as fast)
        try:
            with path.open("rb") as fh:
                saved = _BuiltinsOnly(fh).load()
            if saved.get("key") == key:
                index = cls.__new__(cls)
                index.weights = LexicalWeights()
                for name in cls._STATE:
                    setattr(index, name, saved[name])
                return index
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, KeyError, TypeError):
            pass
        finally:
            if collecting:
                gc.enable()
        index = cls(skills() if callable(skills) else skills, lang)
        state = {"key": key} | {name: getattr(index, name) for name in cls._STATE}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            with tmp.open("wb") as fh:
                pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only store still works, only slower
        return index


def _in_order(variant: tuple[str, ...], query: list[str]) -> bool:
    """Whether the label's words appear in the statement as one run, in order."""
    if len(variant) == 1:
        return True
    first = variant[0]
    for start, t in enumerate(query):
        if t == first and tuple(query[start:start + len(variant)]) == variant:
            return True
    return False


class _BuiltinsOnly(pickle.Unpickler):
    """Unpickles built-in containers and scalars only: a cache file from elsewhere cannot run code."""

    def find_class(self, module: str, name: str):  # pragma: no cover - only on a tampered file
        raise pickle.UnpicklingError(f"unexpected {module}.{name} in a lexical index cache")


_LEXICAL: "weakref.WeakKeyDictionary[object, dict[str, LexicalIndex]]" = weakref.WeakKeyDictionary()


def lexical_index(vocab: "Vocabulary", lang: str = "en", cache_dir: str | Path | None = None) -> LexicalIndex:
    """The lexical index of ``vocab``'s skills in ``lang``, built on first use and then kept.

    With a cache folder (``cache_dir``, else the vocabulary's own, see :func:`cache_dir_of`) the
    index is also saved there and read back by later runs while the skill texts are the same.
    """
    per_vocab = _LEXICAL.setdefault(vocab, {})
    index = per_vocab.get(lang)
    if index is None:
        folder = cache_dir if cache_dir is not None else cache_dir_of(vocab)
        if folder is not None:
            index = LexicalIndex.cached(lambda: skill_texts(vocab, lang), lang, folder, getattr(vocab, "fingerprint", None))
        else:
            index = LexicalIndex(skill_texts(vocab, lang), lang)
        per_vocab[lang] = index
    return index




_RAW_WORD = re.compile(r"[^\W_]+")


def matched_words(text: str, lang: str, skill_texts: Iterable[str], skill_lang: str) -> tuple[str, ...]:
    """The words of the statement ``text`` (in ``lang``) that the skill's texts (in ``skill_lang``)
    use too, in any form (stems compared), as the statement writes them; stop words left out."""
    have = {t for part in skill_texts for t in terms(part, skill_lang)}
    if not have:
        return ()
    stop = STOP_WORDS.get(lang, frozenset())
    stem = STEMMERS.get(lang)
    found: dict[str, str] = {}
    for word in _RAW_WORD.findall(text):
        w = fold(word)
        if len(w) < 2 or w in stop:
            continue
        if (stem(w) if stem else w) in have:
            found.setdefault(w, word)
    return tuple(found.values())
