"""The persistent vocabulary store that ``skillweave vocab import`` makes, and how it is opened.

A store is a folder::

    skillweave-store.json   what it is: format version, languages, counts, sources
    oxigraph/               every triple, in an Oxigraph database (query it with SPARQL, e.g.
                            ``oxigraph serve-read-only --location STORE/oxigraph``)
    lookup.pickle           the compact snapshot that commands load for lookups: concepts, labels,
                            descriptions, relations (only built-in types; read with a loader that
                            refuses anything else)
    cache/                  derived data: the skill embeddings of ``skillweave suggest`` (made by
                            the import; rows still valid are carried over from the previous store),
                            the skill matrix its queries read (made by the import, for this
                            snapshot) and its lexical index (made on first use)

Commands that only look things up (``check --vocabulary STORE``, ``vocab show``, ``vocab search``)
load the snapshot into an :class:`~skillweave.vocab.memory.InMemoryVocabulary` in one read: no
database round-trip per reference. ``vocab extract`` and integrators use the Oxigraph database.

An import builds the new store in a hidden sibling folder and swaps it in with two renames at
the end, so a failed import (bad rows, a crash, Ctrl-C) leaves the previous store as it was.
"""

from __future__ import annotations

import gc
import glob
import json
import os
import pickle
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from skillweave.diagnostics import Diagnostic, DiagnosticSink
from skillweave.errors import EscoCsvError, RdfError, StoreError
from skillweave.files import exchange
from skillweave.load.xmlsafe import without_controls
from skillweave.vocab.base import ESCO
from skillweave.vocab.memory import InMemoryVocabulary

STORE_FILE = "skillweave-store.json"
STORE_FORMAT = "skillweave-vocabulary-store"
STORE_VERSION = 1
OXIGRAPH_DIR = "oxigraph"
SNAPSHOT_FILE = "lookup.pickle"
CACHE_DIR = "cache"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class ImportProgress:
    """Progress of an import; the command line shows it, the library does not care."""

    def phase(self, description: str, total: int | None) -> None:
        """A new phase of ``total`` units (bytes, files) starts."""

    def advance(self, amount: int) -> None:
        """``amount`` more units of the current phase are done."""


@dataclass
class ImportResult:
    occupations: int
    skills: int
    relations: int
    concepts: int
    triples: int
    languages: list[str]
    seconds: float = 0.0
    sources: list[str] = field(default_factory=list)


@dataclass
class ImportOutcome:
    """What ``vocab import`` reports: the store, the problems found in the files and what was
    imported (None: nothing, the store is unchanged)."""

    store: str
    diagnostics: list[Diagnostic]
    result: ImportResult | None


def is_store(path: Path) -> bool:
    return (path / STORE_FILE).is_file()


# -- opening -------------------------------------------------------------------------------------


class _BuiltinsOnly(pickle.Unpickler):
    """Unpickles built-in containers and scalars only: a store folder from elsewhere cannot run code."""

    def find_class(self, module: str, name: str):  # pragma: no cover - only on a tampered file
        raise pickle.UnpicklingError(f"the snapshot refers to {module}.{name}; re-import the store")


class VocabularyStore:
    """An existing store folder."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        recover(self.path)
        marker = self.path / STORE_FILE
        if not marker.is_file():
            raise StoreError(f"{_show(self.path)} is not a vocabulary store (make one with "
                             f"'skillweave vocab import SOURCE --store {_show(self.path)}')")
        try:
            info = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as exc:
            raise StoreError(f"{_show(marker)} cannot be read ({type(exc).__name__}); import the store again") from None
        if not isinstance(info, dict):
            raise StoreError(f"{_show(marker)} is not a store description; import the store again")
        if info.get("format") != STORE_FORMAT or info.get("version") != STORE_VERSION:
            raise StoreError(f"{_show(self.path)} was made by another version of skillweave "
                             f"(store version {info.get('version')}, this one reads {STORE_VERSION}); "
                             f"import it again")
        self.info: dict = info

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.info.get("counts", {}))

    @property
    def languages(self) -> list[str]:
        return list(self.info.get("languages", []))

    def vocabulary(self) -> InMemoryVocabulary:
        """The whole vocabulary in memory, from the snapshot (one file read)."""
        path = self.path / SNAPSHOT_FILE
        collecting = gc.isenabled()
        gc.disable()  # a million new containers at once: nothing for the collector to find
        try:
            with path.open("rb") as fh:
                data = _BuiltinsOnly(fh).load()
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, RecursionError) as exc:
            raise StoreError(f"{_show(path)} cannot be read ({type(exc).__name__}); import the store again") from None
        finally:
            if collecting:
                gc.enable()
        try:
            vocab = InMemoryVocabulary.from_snapshot(data)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            raise StoreError(f"{_show(path)} does not hold a vocabulary snapshot; import the store again") from None
        # where derived data lives (suggestion indexes, skill embeddings: skillweave.suggest); a
        # new import replaces the folder, so nothing there outlives the data it was made from
        vocab.cache_dir = self.path / CACHE_DIR
        # what identifies this snapshot for derived data (a new import writes a new file), so that
        # it can be checked without reading every skill text again
        stat = path.stat()
        vocab.fingerprint = f"snapshot:{stat.st_size}:{stat.st_mtime_ns}"
        # the languages of its labels (skillweave.suggest asks)
        vocab.languages = tuple(self.languages)
        return vocab

    def oxigraph(self):
        """The Oxigraph database, read-only (several processes may read at once)."""
        import pyoxigraph as ox

        try:
            return ox.Store.read_only(str(self.path / OXIGRAPH_DIR))
        except OSError as exc:
            raise StoreError(f"the database in {_show(self.path)} cannot be opened ({exc})") from None


def _show(path: Path) -> str:
    from skillweave.vocab.esco_csv import display

    return display(path)


# -- importing -----------------------------------------------------------------------------------


class _Loader:
    """Loads RDF into Oxigraph on a thread of its own (Oxigraph releases the GIL), so that the
    database fills while Python still reads the CSV files."""

    def __init__(self, store) -> None:
        self.store = store
        self.queue: queue.Queue = queue.Queue(maxsize=4)
        self.errors: list[tuple[object, Exception]] = []
        self.thread = threading.Thread(target=self._run, name="skillweave-oxigraph-load", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            item = self.queue.get()
            if item is None:
                return
            data, fmt, tag = item
            if self.errors:
                continue  # the import fails anyway: drain the queue
            try:
                self.store.bulk_load(input=data, format=fmt, lenient=tag is None)
            except Exception as exc:  # noqa: BLE001 - reported by the caller with its file
                self.errors.append((tag, exc))

    def put(self, data: bytes, fmt, tag: object = None) -> None:
        """Load ``data``; ``tag`` names the user's file (None: triples skillweave wrote itself)."""
        self.queue.put((data, fmt, tag))

    def finish(self) -> None:
        self.queue.put(None)
        self.thread.join()


def classify_sources(sources: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """(ESCO CSV folders, RDF files) of the sources given to ``vocab import``."""
    from skillweave.load.workspace import RDF_SUFFIXES
    from skillweave.vocab.esco_csv import is_csv_folder

    csv_folders: list[Path] = []
    rdf_files: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            if is_csv_folder(path):
                csv_folders.append(path)
                continue
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in RDF_SUFFIXES)
            if not found:
                raise StoreError(f"{_show(path)} holds neither ESCO CSV files (occupations_<lang>.csv, ...) "
                                 f"nor RDF files ({', '.join(sorted(RDF_SUFFIXES))})")
            rdf_files += found
        elif path.is_file():
            if path.suffix.lower() not in RDF_SUFFIXES:
                raise StoreError(f"{_show(path)} is not an RDF file ({', '.join(sorted(RDF_SUFFIXES))}); "
                                 f"for ESCO CSV files give their folder")
            rdf_files.append(path)
        else:
            raise StoreError(f"{_show(path)} does not exist")
    return csv_folders, rdf_files


def _check_target(store: Path) -> None:
    if store.exists():
        if not store.is_dir():
            raise StoreError(f"{_show(store)} is a file; give a folder for the store")
        if not is_store(store) and any(store.iterdir()):
            raise StoreError(f"{_show(store)} is not empty and is not a vocabulary store; give a new or "
                             f"empty folder (an import replaces the whole folder)")


def import_vocabulary(sources: Sequence[Path | str], store: Path | str, sink: DiagnosticSink,
                      progress: ImportProgress | None = None) -> ImportResult | None:
    """Import ESCO CSV folders and RDF files into the store folder ``store``.

    Problems in the files go to ``sink``; with any error the result is None and ``store`` is left
    exactly as it was. Raises :class:`StoreError` when the import cannot start at all.
    """
    started = time.perf_counter()
    progress = progress or ImportProgress()
    # The import allocates a few hundred thousand small objects and frees none of them until the
    # end: the cyclic garbage collector would only walk them again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _import(sources, Path(store), sink, progress, started)
    finally:
        if collecting:
            gc.enable()


def _import(sources: Sequence[Path | str], store: Path, sink: DiagnosticSink, progress: ImportProgress,
            started: float) -> ImportResult | None:
    csv_folders, rdf_files = classify_sources([Path(s) for s in sources])
    _check_target(store)
    store.parent.mkdir(parents=True, exist_ok=True)
    recover(store)
    for leftover in store.parent.glob(f".{glob.escape(store.name)}.importing-*") if store.parent.is_dir() else ():
        shutil.rmtree(leftover, ignore_errors=True)  # the work folder of a killed import
    work = Path(tempfile.mkdtemp(prefix=f".{store.name}.importing-", dir=store.parent))
    os.chmod(work, 0o777 & ~_umask())  # mkdtemp makes it private; a store is an ordinary folder
    try:
        result = _build(work, csv_folders, rdf_files, sink, progress)
        if result is None:
            return None
        result.sources = [_show(p) for p in csv_folders + rdf_files]
        info = {"format": STORE_FORMAT, "version": STORE_VERSION, "languages": result.languages,
                "counts": {"occupations": result.occupations, "skills": result.skills,
                           "relations": result.relations, "concepts": result.concepts,
                           "triples": result.triples},
                "sources": result.sources}
        (work / STORE_FILE).write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        _keep_embeddings(store, work)
        _swap(work, store)
        result.seconds = time.perf_counter() - started
        return result
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)


def _keep_embeddings(old: Path, new: Path) -> None:
    """Carry the previous store's skill embeddings over to the new one, and the uncompressed copy of
    the second model's weights (:class:`skillweave.suggest.semantic.USEEncoder`).

    Each row is keyed by its skill's URI and a hash of the text it was made from, so rows whose
    text changed are never used (and are dropped when the file is next written); an interrupted
    embedding run goes on where it stopped. Symbolic links are not followed.
    """
    if not is_store(old):
        return
    cache = old / CACHE_DIR
    for path in sorted([*cache.glob("skill-embeddings-*.npz"), *cache.glob("use-weights-*.npz")]):
        if path.is_symlink() or not path.is_file():
            continue
        target = new / CACHE_DIR / path.name
        try:
            target.parent.mkdir(exist_ok=True)
            shutil.copyfile(path, target)
        except OSError:
            pass  # only slower: the embeddings are computed again


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _swap(new: Path, store: Path) -> None:
    """Put ``new`` in the place of ``store``. Where Linux can, one atomic exchange of the two
    folders; elsewhere two renames, and a store found missing beside its ``.previous-`` folder (a
    kill between the two) is put back by :func:`recover` on the next run."""
    if not store.exists():
        os.rename(new, store)
        return
    if exchange(new, store):
        shutil.rmtree(new, ignore_errors=True)  # now the old store
        return
    old = Path(tempfile.mkdtemp(prefix=f".{store.name}.previous-", dir=store.parent))
    os.rmdir(old)
    os.rename(store, old)
    try:
        os.rename(new, store)
    except BaseException:
        os.rename(old, store)
        raise
    shutil.rmtree(old, ignore_errors=True)


def recover(store: Path) -> None:
    """Put back a store that a killed import left in its ``.previous-`` folder (see :func:`_swap`),
    and remove the work folders of killed imports."""
    store = Path(store)
    parent = store.parent
    if not parent.is_dir():
        return
    previous = sorted(parent.glob(f".{glob.escape(store.name)}.previous-*"))
    if previous and not store.exists() and (previous[-1] / STORE_FILE).is_file():
        os.rename(previous[-1], store)
        previous = previous[:-1]
    for leftover in previous:
        shutil.rmtree(leftover, ignore_errors=True)


def _build(work: Path, csv_folders: list[Path], rdf_files: list[Path], sink: DiagnosticSink,
           progress: ImportProgress) -> ImportResult | None:
    import pyoxigraph as ox

    from skillweave.vocab.esco_csv import EscoCsvReader, to_ntriples

    def has_errors() -> bool:
        return any(d.severity.value == "error" for d in sink.items)

    database = ox.Store(str(work / OXIGRAPH_DIR))
    loader = _Loader(database)
    snapshot: dict | None = None
    counts: dict[str, int] = {}
    languages: list[str] = []
    try:
        if csv_folders:
            reader = EscoCsvReader(sink, progress.advance,
                                   on_table=lambda chunk: loader.put(to_ntriples(chunk), ox.RdfFormat.N_TRIPLES))
            try:
                files = reader.plan(csv_folders)
            except EscoCsvError as exc:
                raise StoreError(str(exc)) from None
            if has_errors():
                return None
            progress.phase("Reading ESCO CSV files", sum(p.stat().st_size for _, _, p in files))
            out = reader.read(files)
            if has_errors():
                return None
            languages = list(out.languages)
            if not rdf_files:
                # while Oxigraph still loads on its thread
                progress.phase("Writing the lookup snapshot", None)
                snapshot = build_snapshot(out.triples)
                # (counting the database's triples would take longer than making it)
                counts = {"occupations": len(out.occupations), "skills": len(out.skills),
                          "relations": len(out.relations), "triples": len(set(out.triples))}
            del out
        if rdf_files:
            _load_rdf(rdf_files, loader, sink, progress)
        progress.phase("Writing the Oxigraph database", None)
    finally:
        loader.finish()
    for tag, exc in loader.errors:
        if tag is None:  # pragma: no cover - skillweave wrote invalid N-Triples: a bug
            raise StoreError(f"internal error while loading the database: {exc}")
        _rdf_problem(tag, exc, sink)
    if has_errors():
        return None
    if snapshot is None:  # RDF: what the snapshot needs is read back from the database
        progress.phase("Writing the lookup snapshot", None)
        snapshot = build_snapshot(_read_back(database))
        counts = _counts(database)
        found = {lang for labels in snapshot["pref"] for lang in labels}
        languages = languages + sorted(found - set(languages))
    with (work / SNAPSHOT_FILE).open("wb") as fh:
        pickle.dump(snapshot, fh, protocol=pickle.HIGHEST_PROTOCOL)
    triples = counts["triples"] if "triples" in counts else len(database)
    database.flush()
    del database
    return ImportResult(occupations=counts["occupations"], skills=counts["skills"], relations=counts["relations"],
                        concepts=snapshot["concepts"], triples=triples, languages=languages)


def build_snapshot(triples) -> dict:
    """The lookup snapshot of ``triples`` ((subject, predicate, object, language), as
    :meth:`InMemoryVocabulary.from_triples` takes them), without building concept objects.

    It holds exactly what ``InMemoryVocabulary.from_triples(triples).to_snapshot()`` holds (the
    tests compare the two on the fixtures and on all of ESCO), in a quarter of the time.
    """
    from skillweave.vocab.base import SKILL_TYPE_KNOWLEDGE, SKILL_TYPE_SKILL, SKOS, normalise_label
    from skillweave.vocab.memory import _DESCRIPTION_RANK

    dispatch = {RDF_TYPE: 0, SKOS + "prefLabel": 1, SKOS + "altLabel": 2, ESCO + "skillType": 3,
                SKOS + "broader": 4, ESCO + "relatedEssentialSkill": 5, ESCO + "relatedOptionalSkill": 6,
                ESCO + "isEssentialSkillFor": 7, ESCO + "isOptionalSkillFor": 8, ESCO + "nodeLiteral": 9,
                ESCO + "language": 10}
    for predicate, rank in _DESCRIPTION_RANK.items():
        dispatch[predicate] = 11 + rank
    types: dict[str, set[str]] = {}
    pref: dict[str, dict[str, str]] = {}
    alt: dict[str, dict[str, set[str]]] = {}
    skill_type: dict[str, str] = {}
    broader: dict[str, set[str]] = {}
    essential: dict[str, set[str]] = {}
    optional: dict[str, set[str]] = {}
    described: dict[tuple[str, int], dict[str, set[str]]] = {}
    described_by_node: list[tuple[str, int, str]] = []
    node_text: dict[str, str] = {}
    node_lang: dict[str, str] = {}
    get = dispatch.get
    for s, p, o, lang in triples:
        if lang is not None:
            o = without_controls(o)
        k = get(p)
        if k is None:
            continue
        if k == 5:  # the most frequent (half of ESCO's triples)
            found = essential.get(s)
            if found is None:
                essential[s] = {o}
            else:
                found.add(o)
        elif k == 1:
            labels = pref.setdefault(s, {})
            current = labels.get(lang or "")
            if current is None or o < current:
                labels[lang or ""] = o
        elif k == 0:
            types.setdefault(s, set()).add(o)
        elif k == 6:
            optional.setdefault(s, set()).add(o)
        elif k == 2:
            alt.setdefault(s, {}).setdefault(lang or "", set()).add(o)
        elif k == 4:
            broader.setdefault(s, set()).add(o)
        elif k == 3:
            if o == SKILL_TYPE_KNOWLEDGE:
                skill_type[s] = "knowledge"
            elif o == SKILL_TYPE_SKILL:
                skill_type[s] = "skill"
        elif k == 7:
            essential.setdefault(o, set()).add(s)
        elif k == 8:
            optional.setdefault(o, set()).add(s)
        elif k == 9:
            node_text[s] = o
        elif k == 10:
            node_lang[s] = o
        elif lang is None and o.startswith(("http://", "https://", "urn:")):
            described_by_node.append((s, k - 11, o))
        else:
            described.setdefault((s, k - 11), {}).setdefault(lang or "", set()).add(o)
    for s, rank, node in described_by_node:
        if node in node_text:
            described.setdefault((s, rank), {}).setdefault(node_lang.get(node, ""), set()).add(node_text[node])
    descriptions: dict[str, dict[str, str]] = {}
    for (s, rank), by_lang in sorted(described.items(), key=lambda item: -item[0][1]):
        for lang, texts in by_lang.items():
            descriptions.setdefault(s, {})[lang or "en"] = min(texts)

    uris = sorted((set(types) | set(pref) | set(alt) | set(skill_type)) - set(node_text))
    number = {uri: i for i, uri in enumerate(uris)}
    count = len(uris)

    def n(uri: str) -> int:
        i = number.get(uri)
        if i is None:
            i = number[uri] = len(uris)
            uris.append(uri)
        return i

    occupation, skill = ESCO + "Occupation", ESCO + "Skill"
    kinds, prefs = [], []
    alts: dict[int, dict[str, list[str]]] = {}
    index: dict[str, set[int]] = {}
    empty: set[str] = set()
    for i in range(count):
        uri = uris[i]
        t = types.get(uri, empty)
        kinds.append("o" if occupation in t else "s" if skill in t or uri in skill_type else "x")
        labels = {k or "en": v for k, v in sorted(pref.get(uri, {}).items())}
        prefs.append(labels)
        for label in labels.values():
            index.setdefault(normalise_label(label), set()).add(i)
        if uri in alt:
            others = {k or "en": sorted(v) for k, v in sorted(alt[uri].items())}
            alts[i] = others
            for values in others.values():
                for label in values:
                    index.setdefault(normalise_label(label), set()).add(i)
    relations_e, relations_o = {}, {}
    for occ in sorted(set(essential) | set(optional)):
        e = essential.get(occ, empty)
        i = n(occ)
        relations_e[i] = [number[s] if s in number else n(s) for s in sorted(e)]
        relations_o[i] = [number[s] if s in number else n(s) for s in sorted(optional.get(occ, empty) - e)]
    return {
        "version": 1,
        "concepts": count,
        "kinds": "".join(kinds),
        "pref": prefs,
        "alt": alts,
        "skill_type": {number[u]: v for u, v in skill_type.items() if number.get(u, count) < count},
        "broader": {number[u]: [n(b) for b in sorted(v)] for u, v in broader.items() if number.get(u, count) < count},
        "descriptions": {number[u]: dict(sorted(v.items())) for u, v in descriptions.items()
                         if number.get(u, count) < count},
        "labels": {label: sorted(found) for label, found in index.items()},
        "essential": relations_e,
        "optional": relations_o,
        "uris": uris,
    }


def _load_rdf(files: list[Path], loader: _Loader, sink: DiagnosticSink, progress: ImportProgress) -> None:
    import pyoxigraph as ox

    from skillweave.load.rdf import _OXI_FORMATS, rdf_format, read_checked

    progress.phase("Reading RDF files", sum(p.stat().st_size for p in files))
    for path in files:
        fmt = rdf_format(path) or "turtle"
        try:
            data = read_checked(path, fmt)
        except RdfError as exc:
            p = exc.problem
            sink.emit(_show(path), (p.line, p.column), "SW109", f"{p.message}; fix the file or leave it out")
            continue
        loader.put(data, getattr(ox.RdfFormat, _OXI_FORMATS[fmt]), tag=path)
        progress.advance(len(data))


def _rdf_problem(path: Path, exc: Exception, sink: DiagnosticSink) -> None:
    from skillweave.load.rdf import syntax_problem

    line, column, message = syntax_problem(exc)
    sink.emit(_show(path), (line, column), "SW109", f"{message}; fix the file or leave it out")


#: what the snapshot needs, read back from the database after an RDF import
_READ_BACK = [
    RDF_TYPE,
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#broader",
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://purl.org/dc/terms/description",
    "http://purl.org/dc/elements/1.1/description",
    ESCO + "description",
    ESCO + "nodeLiteral",
    ESCO + "language",
    ESCO + "skillType",
    ESCO + "relatedEssentialSkill",
    ESCO + "relatedOptionalSkill",
    ESCO + "isEssentialSkillFor",
    ESCO + "isOptionalSkillFor",
]


def _term(node) -> tuple[str, str | None] | None:
    """(value, language) of an Oxigraph term as InMemoryVocabulary.from_triples takes it."""
    import pyoxigraph as ox

    if isinstance(node, ox.NamedNode):
        return node.value, None
    if isinstance(node, ox.BlankNode):  # ESCO's description nodes may be blank
        return f"urn:x-skillweave:bnode:{node.value}", None
    if isinstance(node, ox.Literal):
        return node.value, node.language or ""
    return None


def _read_back(database) -> list:
    import pyoxigraph as ox

    out = []
    for predicate in _READ_BACK:
        p = ox.NamedNode(predicate)
        for quad in database.quads_for_pattern(None, p, None, ox.DefaultGraph()):
            s, o = _term(quad.subject), _term(quad.object)
            if s is None or o is None:
                continue
            out.append((s[0], predicate, o[0], o[1]))
    return out


def _counts(database) -> dict[str, int]:
    query = f"""
    PREFIX esco: <{ESCO}>
    SELECT
      (COUNT(DISTINCT ?occupation) AS ?occupations) (COUNT(DISTINCT ?skill) AS ?skills)
    WHERE {{ {{ ?occupation a esco:Occupation }} UNION {{ ?skill a esco:Skill }} }}"""
    row = next(iter(database.query(query)))
    relations = next(iter(database.query(f"""
    PREFIX esco: <{ESCO}>
    SELECT (COUNT(*) AS ?n) WHERE {{
      SELECT DISTINCT ?o ?r ?s WHERE {{
        {{ ?o esco:relatedEssentialSkill ?s BIND("e" AS ?r) }} UNION {{ ?s esco:isEssentialSkillFor ?o BIND("e" AS ?r) }}
        UNION {{ ?o esco:relatedOptionalSkill ?s BIND("o" AS ?r) }} UNION {{ ?s esco:isOptionalSkillFor ?o BIND("o" AS ?r) }}
      }} }}""")))
    return {"occupations": int(row["occupations"].value), "skills": int(row["skills"].value),
            "relations": int(relations["n"].value)}


def open_store(path: Path | str) -> VocabularyStore:
    return VocabularyStore(path)


__all__ = ["ImportProgress", "ImportResult", "StoreError", "VocabularyStore", "import_vocabulary", "is_store",
           "open_store", "classify_sources"]
