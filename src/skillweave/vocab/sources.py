"""Choose the vocabulary for a run: ``--vocabulary SOURCE`` or the workspace's ``ontologies/``.

SOURCE is one of

- a store folder made by ``skillweave vocab import`` (its lookup snapshot is loaded in one read);
- an RDF file, or a folder of RDF files, in the ESCO model;
- the http(s) URL of a SPARQL 1.1 endpoint (the only case that uses the network, and only that URL).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from skillweave.diagnostics import DiagnosticSink
from skillweave.errors import RdfError, VocabularyError
from skillweave.load.workspace import RDF_SUFFIXES, Workspace
from skillweave.vocab.base import EmptyVocabulary, Vocabulary


def _display(path: Path, workspace: Workspace | None) -> str:
    if workspace is not None:
        try:
            return workspace.rel(path)
        except ValueError:
            pass
    return os.path.relpath(path).replace(os.sep, "/")


def _from_files(files: list[Path], workspace: Workspace | None, sink: DiagnosticSink,
                confined: bool = False) -> Vocabulary:
    """The vocabulary of RDF files; with ``confined``, files of the workspace's ontologies/, which
    must not resolve outside the workspace (a file the user names on the command line may)."""
    from skillweave.load.rdf import iter_triples
    from skillweave.vocab.memory import InMemoryVocabulary

    triples: list = []
    for path in files:
        try:
            triples += iter_triples(path, root=workspace.root if confined and workspace is not None else None)
        except RdfError as exc:
            p = exc.problem
            sink.emit(_display(path, workspace), (p.line, p.column), p.code,
                      p.message if p.code != "SW109" else f"{p.message}; fix the file or remove it from the vocabulary")
    return InMemoryVocabulary.from_triples(triples)


def _rdf_files(path: Path, source: str) -> list[Path]:
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix in RDF_SUFFIXES)
    if not files:
        raise VocabularyError(f"{source!r} is neither a vocabulary store (made by 'skillweave vocab import') "
                              f"nor a folder of RDF files ({', '.join(sorted(RDF_SUFFIXES))})")
    return files


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def open_vocabulary(workspace: Workspace | None, sink: DiagnosticSink, source: str | None = None) -> Vocabulary:
    """The vocabulary from ``source`` (see the module docstring), else the workspace's ``ontologies/``.

    Unreadable RDF files become diagnostics (SW109); a source that cannot be used at all (missing,
    not a store, an endpoint that does not answer) raises :class:`VocabularyError`.
    """
    if source is None:
        files = workspace.ontology_files() if workspace is not None else []
        return _from_files(files, workspace, sink, confined=True) if files else EmptyVocabulary()
    if is_url(source):
        from skillweave.vocab.sparql import SparqlEndpoint, SparqlVocabulary

        vocab = SparqlVocabulary(SparqlEndpoint(source))
        len(vocab)  # fail now, with exit 2, if the endpoint does not answer
        return vocab
    path = Path(source)
    if path.is_dir():
        from skillweave.vocab.store import VocabularyStore, is_store

        if is_store(path):
            return VocabularyStore(path).vocabulary()
        return _from_files(_rdf_files(path, source), workspace, sink)
    if path.is_file():
        return _from_files([path], workspace, sink)
    raise VocabularyError(f"vocabulary {source!r} does not exist; give a store folder made by 'skillweave vocab "
                          f"import', an RDF file, a folder of RDF files or the http(s) URL of a SPARQL endpoint")


@dataclass
class OpenedSource:
    """A vocabulary for the ``vocab`` commands, with SPARQL access to the same triples."""

    vocabulary: Vocabulary
    name: str
    _source: str
    _kind: str  # "store", "files", "endpoint"

    def sparql(self):
        """An object with ``select(query) -> rows`` over the source's triples (see vocab/sparql.py)."""
        from skillweave.vocab.sparql import LocalSparql, SparqlEndpoint

        if self._kind == "endpoint":
            return getattr(self.vocabulary, "endpoint", None) or SparqlEndpoint(self._source)
        if self._kind == "store":
            from skillweave.vocab.store import VocabularyStore

            return LocalSparql(VocabularyStore(self._source).oxigraph(), self.name)
        import pyoxigraph as ox

        from skillweave.load.rdf import _OXI_FORMATS, rdf_format, read_checked

        path = Path(self._source)
        files = _rdf_files(path, self._source) if path.is_dir() else [path]
        store = ox.Store()
        for file in files:
            fmt = rdf_format(file) or "turtle"
            try:
                store.load(input=read_checked(file, fmt), format=getattr(ox.RdfFormat, _OXI_FORMATS[fmt]),
                           base_iri=file.resolve().as_uri())
            except (RdfError, SyntaxError) as exc:
                raise VocabularyError(f"{_display(file, None)}: {exc}") from None
        return LocalSparql(store, self.name)


def open_source(source: str, sink: DiagnosticSink) -> OpenedSource:
    """Open ``source`` (a store folder, RDF file or folder, SPARQL endpoint URL) for the ``vocab``
    commands; raises :class:`VocabularyError`."""
    vocabulary = open_vocabulary(None, sink, source)
    if is_url(source):
        kind = "endpoint"
    else:
        from skillweave.vocab.store import is_store

        kind = "store" if Path(source).is_dir() and is_store(Path(source)) else "files"
    name = source if kind == "endpoint" else _display(Path(source), None)
    return OpenedSource(vocabulary, name, source, kind)
