"""The pipeline, top to bottom: load → model → vocabulary → rules → graph (→ analyses → emitters).

:func:`check` is what ``skillweave check`` runs; later stages add analyses and emitters to the
same :class:`Project`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillweave.diagnostics import Diagnostic, DiagnosticSink
from skillweave.load.curriculum import Curriculum, load_curriculum
from skillweave.load.workspace import Workspace
from skillweave.vocab import Vocabulary, open_vocabulary

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from skillweave.analyses.coverage import CoverageReport
    from skillweave.analyses.eqavet import QualityReport
    from skillweave.analyses.mapping import MappingReport
    from skillweave.analyses.paths import PathReport
    from skillweave.rules.curriculum import Resolved


@dataclass
class Project:
    """Everything known about one workspace after a run; read-only for emitters."""

    workspace: Workspace
    curriculum: Curriculum
    vocabulary: Vocabulary
    resolved: "Resolved"
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @cached_property
    def graph(self) -> "nx.MultiDiGraph":
        """The curriculum graph (built on first use: ``check`` does not need it)."""
        from skillweave.graph import build_graph

        return build_graph(self.curriculum, self.vocabulary, self.resolved)

    @property
    def base_uri(self) -> str:
        """Where exported RDF resources live: the alliance's base_uri, else a URN of the alliance."""
        a = self.curriculum.alliance
        if a and a.base_uri:
            return a.base_uri if a.base_uri.endswith(("/", "#")) else a.base_uri + "/"
        return f"urn:skillweave:{a.id if a else 'workspace'}:"

    @property
    def default_language(self) -> str:
        a = self.curriculum.alliance
        return a.default_language if a else "en"

    @cached_property
    def coverage(self) -> "CoverageReport":
        """Skills coverage and gaps of every programme (analyses/coverage.py)."""
        from skillweave.analyses import coverage

        return coverage.analyse(self.curriculum, self.vocabulary, self.resolved)

    @cached_property
    def mapping(self) -> "MappingReport":
        """National units mapped onto joint units, with credit transfer (analyses/mapping.py)."""
        from skillweave.analyses import mapping

        return mapping.analyse(self.curriculum, self.vocabulary, self.resolved)

    @cached_property
    def paths(self) -> "PathReport":
        """Teaching orders and semester plans (analyses/paths.py)."""
        from skillweave.analyses import paths

        return paths.analyse(self.curriculum)

    @cached_property
    def quality(self) -> "QualityReport":
        """EQAVET quality indicators of every learner in the records (analyses/eqavet.py)."""
        from skillweave.analyses import eqavet

        return eqavet.analyse(self)

    def memo(self, key: str, compute):
        """A value that several emitters share (the ELM triples of three syntaxes), computed once."""
        cache = self.__dict__.setdefault("_memo", {})
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    def analyse(self) -> None:
        """Run every analysis now (before any emitter runs)."""
        _ = self.graph, self.coverage, self.mapping, self.paths, self.quality

    @property
    def has_errors(self) -> bool:
        return any(d.severity.value == "error" for d in self.diagnostics)

    def summary(self) -> dict[str, Any]:
        """The ``summary`` object of ``check --format json`` (docs/formats.md)."""
        cur = self.curriculum
        partners = cur.alliance.partners if cur.alliance else []
        return {
            "partners": dict(sorted(Counter(p.type for p in partners).items())),
            "countries": sorted({p.country for p in partners}),
            "programmes": len(cur.programmes),
            "units": len(cur.units),
            "learning_outcomes": sum(len(u.learning_outcomes) for u in cur.units.values()),
            "languages": list(cur.alliance.languages) if cur.alliance else [],
        }


def check(path: str | Path, vocabulary: str | None = None) -> Project:
    """Load and check a workspace. Raises WorkspaceError / VocabularyError if it cannot run at all."""
    from skillweave.rules import curriculum as validate

    workspace = Workspace.open(path)
    sink = DiagnosticSink()
    curriculum = load_curriculum(workspace, sink)
    vocab = open_vocabulary(workspace, sink, vocabulary)
    resolved = validate.run(curriculum, vocab, sink)
    return Project(workspace, curriculum, vocab, resolved, sorted(set(sink.items)))


class BuildError(Exception):
    """The build cannot write its outputs (the command exits with 2)."""


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


def export(project: Project, name: str, target: Path) -> None:
    """Render the export ``name`` and write it to ``target`` (a folder for exports of several
    files), atomically, file by file."""
    from skillweave import emitters
    from skillweave.files import write_atomic

    project.analyse()
    result = emitters.emit(project, name)
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
            previous = json.loads(manifest.read_text(encoding="utf-8"))
        except ValueError:
            previous = []
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
