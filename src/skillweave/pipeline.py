"""The pipeline, top to bottom: load → model → vocabulary → rules → graph (→ analyses → emitters).

:func:`check` is what ``skillweave check`` runs; it hands the analyses to the
:class:`~skillweave.model.Project` it returns, which runs each on first use; emitters then render
from the same project.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from skillweave.diagnostics import DiagnosticSink
from skillweave.errors import BuildError
from skillweave.load.curriculum import load_curriculum
from skillweave.load.workspace import Workspace
from skillweave.model import Project
from skillweave.vocab import open_vocabulary

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.emitters import Options


# --- the analyses, each imported when first used (check needs none of them) -------------------------

def _graph(project: Project):
    from skillweave.graph import build_graph

    return build_graph(project.curriculum, project.vocabulary, project.resolved)


def _coverage(project: Project):
    from skillweave.analyses import coverage

    return coverage.analyse(project.curriculum, project.vocabulary, project.resolved)


def _mapping(project: Project):
    from skillweave.analyses import mapping

    return mapping.analyse(project.curriculum, project.vocabulary, project.resolved)


def _paths(project: Project):
    from skillweave.analyses import paths

    return paths.analyse(project.curriculum)


def _quality(project: Project):
    from skillweave.analyses import eqavet

    return eqavet.analyse(project)


#: what each analysis of a :class:`~skillweave.model.Project` runs
ANALYSERS = {"graph": _graph, "coverage": _coverage, "mapping": _mapping, "paths": _paths, "quality": _quality}


def check(path: str | Path, vocabulary: str | None = None) -> Project:
    """Load and check a workspace. Raises WorkspaceError / VocabularyError if it cannot run at all."""
    from skillweave.rules import curriculum as validate

    workspace = Workspace.open(path)
    sink = DiagnosticSink()
    curriculum = load_curriculum(workspace, sink)
    vocab = open_vocabulary(workspace, sink, vocabulary)
    resolved = validate.run(curriculum, vocab, sink)
    return Project(workspace, curriculum, vocab, resolved, sorted(set(sink.items)), ANALYSERS)


MANIFEST = ".skillweave-manifest"


def render_exports(project: Project, progress=None) -> dict[str, str]:
    """Every export of the registry (:data:`skillweave.emitters.EXPORTS`), as {path under
    exports/: text}.

    All analyses run first; then each emitter renders from the finished project. Nothing is
    written here. ``progress(name)`` is called before each export is rendered.
    """
    from skillweave import emitters

    project.analyse()
    outputs: dict[str, str] = {}
    for e in emitters.EXPORTS:
        if progress:
            progress(e.name)
        result = emitters.emit(project, e.name)
        if isinstance(result, str):
            outputs[e.filename] = result
        else:
            for rel, text in result.items():
                outputs[f"{e.filename}/{rel}"] = text
    return outputs


def export(project: Project, name: str, target: Path, options: "Options | None" = None) -> None:
    """Render the export ``name`` (with ``options``) and write it to ``target`` (a folder for
    exports of several files), atomically, file by file."""
    from skillweave import emitters
    from skillweave.files import write_atomic

    project.analyse()
    result = emitters.emit(project, name, options or emitters.DEFAULT)
    files = {target: result} if isinstance(result, str) else {target / rel: text for rel, text in result.items()}
    for path, text in sorted(files.items()):
        try:
            write_atomic(path, text)
        except OSError as exc:
            raise BuildError(f"cannot write {path}: {exc.strerror}") from None


def write_exports(root: Path, outputs: dict[str, str]) -> list[str]:
    """Write ``outputs`` under ``root`` (exports/), after checking that every path stays inside
    it; remove files an earlier build wrote that this one did not. Returns the paths written.

    A build never leaves a mix of two builds: every changed file is first written into
    ``.skillweave-staging/`` and flushed to disk; then a journal (``.skillweave-pending``) lists
    the moves, and only then are the files moved into place. A build killed before the journal
    leaves the previous exports as they were (the next run removes the staging folder); one killed
    after it is completed by the next run, before anything else, from the journal.
    """
    import json

    from skillweave.files import flush_to_disk, remove_leftovers, write_atomic

    root = Path(root)
    if root.is_symlink():
        raise BuildError(f"{root} is a symbolic link; refusing to write through it")
    base = root.resolve()
    targets: dict[str, Path] = {}
    for rel in sorted(outputs):
        pure = Path(rel)
        if pure.is_absolute() or ".." in pure.parts or rel.startswith(_RESERVED):
            raise BuildError(f"refusing to write {rel!r}: outside {root}")
        target = (base / pure).resolve()
        if base != target and base not in target.parents:
            raise BuildError(f"refusing to write {rel!r}: outside {root}")
        targets[rel] = target
    if root.is_dir():
        complete_pending(root)
        remove_leftovers(root)
    manifest = root / MANIFEST
    previous: list[str] = []
    if manifest.is_file():
        try:
            loaded = json.loads(manifest.read_text(encoding="utf-8"))
        except (ValueError, RecursionError):
            loaded = []  # a damaged manifest: nothing is known to be stale
        previous = [rel for rel in loaded if isinstance(rel, str)] if isinstance(loaded, list) else []
    staging = root / STAGING
    moves: list[str] = []
    for rel, target in targets.items():
        data = outputs[rel]
        if target.is_file() and target.read_text(encoding="utf-8", errors="replace") == data:
            continue  # unchanged: keep the file (and its time stamp)
        write_atomic(staging / rel, data, sync=False)  # one flush for all files below, not one per file
        moves.append(rel)
    stale = [rel for rel in sorted(set(previous) - set(outputs))
             if ".." not in Path(rel).parts and not Path(rel).is_absolute()]
    if moves:
        flush_to_disk(base)
    journal = {"moves": moves, "stale": stale, "manifest": sorted(outputs)}
    write_atomic(root / PENDING, json.dumps(journal, ensure_ascii=False) + "\n")
    complete_pending(root)
    return sorted(outputs)


#: files and folders of exports/ that belong to the build itself
STAGING = ".skillweave-staging"
PENDING = ".skillweave-pending"
_RESERVED = (MANIFEST, STAGING, PENDING)


def complete_pending(root: Path) -> None:
    """Finish a build that was interrupted after its journal was written; remove the staging
    folder of one interrupted before."""
    import json
    import os
    import shutil

    from skillweave.files import write_atomic

    root = Path(root)
    base = root.resolve()
    journal = root / PENDING
    staging = root / STAGING
    if journal.is_file():
        try:
            plan = json.loads(journal.read_text(encoding="utf-8"))
            moves = [m for m in plan["moves"] if isinstance(m, str)]
            stale = [m for m in plan["stale"] if isinstance(m, str)]
            listed = [m for m in plan["manifest"] if isinstance(m, str)]
        except (ValueError, RecursionError, KeyError, TypeError):
            moves, stale, listed = [], [], None  # a damaged journal: the next build writes everything again
        for rel in moves:
            source, target = staging / rel, base / rel
            if ".." in Path(rel).parts or not source.is_file():
                continue  # moved before the interruption
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
        for rel in stale:
            path = base / rel
            if ".." not in Path(rel).parts and path.is_file() and base in path.resolve().parents:
                path.unlink()
                try:
                    os.removedirs(path.parent)
                except OSError:
                    pass
        if listed is not None:
            write_atomic(root / MANIFEST, json.dumps(listed, indent=0) + "\n")
        journal.unlink()
    if staging.exists() and not staging.is_symlink():
        shutil.rmtree(staging, ignore_errors=True)
