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
    """Write ``outputs`` under ``root`` (exports/) atomically, file by file, after checking that
    every path stays inside it; remove files an earlier build wrote that this one did not.
    Returns the paths written."""
    import json
    import os

    from skillweave.files import flush_to_disk, write_atomic

    root = Path(root)
    if root.is_symlink():
        raise BuildError(f"{root} is a symbolic link; refusing to write through it")
    base = root.resolve()
    targets: dict[str, Path] = {}
    for rel in sorted(outputs):
        pure = Path(rel)
        if pure.is_absolute() or ".." in pure.parts or rel.startswith(MANIFEST):
            raise BuildError(f"refusing to write {rel!r}: outside {root}")
        target = (base / pure).resolve()
        if base != target and base not in target.parents:
            raise BuildError(f"refusing to write {rel!r}: outside {root}")
        targets[rel] = target
    manifest = root / MANIFEST
    previous: list[str] = []
    if manifest.is_file():
        try:
            loaded = json.loads(manifest.read_text(encoding="utf-8"))
        except (ValueError, RecursionError):
            loaded = []  # a damaged manifest: nothing is known to be stale
        previous = [rel for rel in loaded if isinstance(rel, str)] if isinstance(loaded, list) else []
    changed = 0
    for rel, target in targets.items():
        data = outputs[rel]
        if target.is_file() and target.read_text(encoding="utf-8", errors="replace") == data:
            continue  # unchanged: keep the file (and its time stamp)
        write_atomic(target, data, sync=False)  # one flush for all files below, not one per file
        changed += 1
    for rel in sorted(set(previous) - set(outputs)):
        stale = (base / rel)
        if isinstance(rel, str) and ".." not in Path(rel).parts and stale.is_file() and base in stale.resolve().parents:
            stale.unlink()
            try:
                os.removedirs(stale.parent)
            except OSError:
                pass
    if changed:
        flush_to_disk(base)
    write_atomic(manifest, json.dumps(sorted(outputs), indent=0) + "\n")
    return sorted(outputs)
