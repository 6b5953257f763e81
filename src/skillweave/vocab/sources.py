"""Choose the vocabulary for a run: ``--vocabulary SOURCE`` or the workspace's ``ontologies/``."""

from __future__ import annotations

import os
from pathlib import Path

from ..diagnostics import DiagnosticSink
from ..workspace import RDF_SUFFIXES, Workspace
from .base import EmptyVocabulary, Vocabulary


class VocabularyError(Exception):
    """The vocabulary named by the user cannot be used at all (the command exits with 2)."""


def _display(path: Path, workspace: Workspace) -> str:
    try:
        return workspace.rel(path)
    except ValueError:
        return os.path.relpath(path).replace(os.sep, "/")


def _from_files(files: list[Path], workspace: Workspace, sink: DiagnosticSink) -> Vocabulary:
    from ..rdfio import RdfError, iter_triples
    from .memory import InMemoryVocabulary

    triples: list = []
    for path in files:
        try:
            triples += iter_triples(path)
        except RdfError as exc:
            p = exc.problem
            sink.emit(_display(path, workspace), (p.line, p.column), "SW109",
                      f"{p.message}; fix the file or remove it from the vocabulary")
    return InMemoryVocabulary.from_triples(triples)


def open_vocabulary(workspace: Workspace, sink: DiagnosticSink, source: str | None = None) -> Vocabulary:
    """The vocabulary from ``source`` (an RDF file or a folder of RDF files), else ``ontologies/``.

    Unreadable RDF files become diagnostics (SW109); a source that does not exist raises
    :class:`VocabularyError`.
    """
    if source is None:
        files = workspace.ontology_files()
        return _from_files(files, workspace, sink) if files else EmptyVocabulary()
    if source.startswith(("http://", "https://")):
        raise VocabularyError(f"SPARQL endpoints are not supported yet: {source}")
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix in RDF_SUFFIXES)
        if not files:
            raise VocabularyError(f"{source!r} holds no RDF file ({', '.join(sorted(RDF_SUFFIXES))})")
        return _from_files(files, workspace, sink)
    if path.is_file():
        return _from_files([path], workspace, sink)
    raise VocabularyError(f"vocabulary {source!r} does not exist; give an RDF file or a folder of RDF files")
