"""The pipeline, top to bottom: load → model → vocabulary → rules → graph → analyses → emitters →
files.

* :func:`check` loads and checks a workspace (what ``skillweave check`` runs); it hands the
  analyses to the :class:`~skillweave.model.Project` it returns, which runs each on first use.
* :func:`build`: every analysis, then every export rendered (:func:`render_exports`), then
  written into exports/ (:func:`write_exports`); :func:`export` does the same for one export.
* Learner documents: :func:`transcripts` and :func:`mobility_documents` gather the documents of
  a cohort with the registry entries that render them; :func:`write_documents` renders and writes
  them in worker processes (:mod:`skillweave.cohort`), into the user's folder, never exports/.

Emitters only return text; everything written is written here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillweave.diagnostics import DiagnosticSink
from skillweave.errors import BuildError, OptionError, WorkspaceError
from skillweave.load.curriculum import load_curriculum
from skillweave.load.workspace import Workspace
from skillweave.model import Project
from skillweave.vocab import open_vocabulary

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.emitters import Options, Output
    from skillweave.parts import Parts


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

    return paths.analyse(project.curriculum, project.diagnostics)


def _quality(project: Project):
    from skillweave.analyses import eqavet

    return eqavet.analyse(project)


#: what each analysis of a :class:`~skillweave.model.Project` runs
ANALYSERS = {"graph": _graph, "coverage": _coverage, "mapping": _mapping, "paths": _paths, "quality": _quality}


def check(path: str | Path, vocabulary: str | None = None) -> Project:
    """Load and check a workspace. Raises WorkspaceError / VocabularyError if it cannot run at all."""
    from skillweave.rules import registry

    workspace = Workspace.open(path)
    sink = DiagnosticSink()
    curriculum = load_curriculum(workspace, sink)
    vocab = open_vocabulary(workspace, sink, vocabulary)
    resolved = registry.run(curriculum, vocab, sink)
    return Project(workspace, curriculum, vocab, resolved, sorted(set(sink.items)), ANALYSERS)


# --- exports -----------------------------------------------------------------------------------

MANIFEST = ".skillweave-manifest"


def build(project: Project, folder: Path, progress: Callable[[str], None] | None = None,
          reads: dict[str, str] | None = None) -> list[str]:
    """Every export rendered (after every analysis), then written into ``folder`` (exports/).
    Returns the paths written, relative to ``folder``.

    With ``reads`` (the workspace files the check read, see
    :func:`skillweave.load.workspace.recording`), exports whose inputs did not change since the
    previous build are reused instead of rendered (:class:`BuildCache`); without, all are rendered.
    """
    cache = BuildCache(folder, reads) if reads is not None else None
    from skillweave import parts

    if cache is not None:
        parts.attach(project, cache.parts(project))
    outputs = render_exports(project, progress, reuse=cache.reuse if cache else None)
    return write_exports(folder, outputs, cache.entries(outputs, parts.of(project)) if cache else None,
                         unchanged=cache.unchanged if cache else None, changed=cache.changed if cache else None)


def render_exports(project: Project, progress=None, reuse=None) -> dict[str, str]:
    """Every export of the registry (:data:`skillweave.emitters.EXPORTS`), as {path under
    exports/: text}.

    All analyses run first; then each emitter renders from the finished project. Nothing is
    written here. ``progress(name)`` is called before each export is rendered. ``reuse(name)``,
    if given, returns the export's files of an earlier build when they are still what it would
    render (see :class:`BuildCache`), or None; an export reused is not rendered, and when every
    export is reused the analyses do not run either.
    """
    from skillweave import emitters

    outputs: dict[str, str] = {}
    for e in emitters.EXPORTS:
        kept = reuse(e.name) if reuse else None
        if kept is not None:
            outputs.update(kept)
            continue
        if progress:
            progress(e.name)
        project.analyse()
        result = emitters.emit(project, e.name)
        if isinstance(result, str):
            outputs[e.filename] = result
        else:
            for rel, text in result.items():
                outputs[f"{e.filename}/{rel}"] = text
    return outputs


def code_fingerprint() -> str:
    """A hash of skillweave's own files (code, templates, data): a different skillweave, even an
    edited development copy, never reuses what another one rendered."""
    import hashlib

    from skillweave import __version__

    global _code_fingerprint
    if _code_fingerprint is None:
        digest = hashlib.sha256(__version__.encode())
        package = Path(__file__).resolve().parent
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
                digest.update(path.relative_to(package).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
        _code_fingerprint = digest.hexdigest()
    return _code_fingerprint


_code_fingerprint: str | None = None


class BuildCache:
    """What ``build`` may reuse from the previous build in ``root`` (exports/).

    The cache file (``.skillweave-cache``, written with the manifest, from the build's journal)
    holds, per export, a key — a hash of skillweave's own files, the export's name and options
    and every workspace file the check read (``reads``, see
    :func:`skillweave.load.workspace.recording`) — and the sha256 of each file the export wrote.
    An export is reused when its key is unchanged and every one of its files in exports/ still
    has the recorded hash (a file edited or removed by hand is rendered again); anything else is
    rendered. So a rebuild is byte-identical to a full build by construction.

    Below the export, the cache also holds where each unit's part lies in each output
    (:mod:`skillweave.parts`) and the unit key it was rendered for: an export rendered again
    takes the parts of unchanged units from its previous output (verified by its hash), so a
    build after one unit's edit renders that unit's neighbourhood and the exports' own text.
    """

    def __init__(self, root: Path, reads: dict[str, str]):
        import hashlib
        import json

        self.root = Path(root)
        self.reads = reads
        common = hashlib.sha256(json.dumps([code_fingerprint(), sorted(reads.items())]).encode()).hexdigest()
        self.keys: dict[str, str] = {}
        from skillweave import emitters

        for e in emitters.EXPORTS:
            self.keys[e.name] = hashlib.sha256(f"{common}\0{e.name}\0default options".encode()).hexdigest()
        self.previous: dict = {}
        path = self.root / CACHE
        if path.is_file() and not path.is_symlink():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict) and loaded.get("format") == FORMAT and isinstance(loaded.get("exports"), dict):
                    self.previous = loaded["exports"]
            except (OSError, ValueError, RecursionError):
                self.previous = {}
        #: files of exports/ read and found as the previous build wrote them: rel -> (text, sha256)
        self.on_disk: dict[str, tuple[str, str]] = {}
        #: this build's outputs hashed so far: rel -> (text, sha256)
        self._digests: dict[str, tuple[str, str]] = {}
        #: folder -> whether it is inside exports/ (links resolved)
        self._folders: dict[Path, bool] = {}
        #: every file the previous build recorded: rel -> sha256
        self._recorded = {rel: digest for entry in self.previous.values() if isinstance(entry, dict)
                          and isinstance(entry.get("files"), dict) for rel, digest in entry["files"].items()}
        #: the exports rendered (not reused) by this build, in order, and those reused
        self.rendered: list[str] = []
        self.kept: list[str] = []

    def reuse(self, name: str) -> dict[str, str] | None:
        entry = self.previous.get(name)
        if not isinstance(entry, dict) or entry.get("key") != self.keys[name] or not isinstance(entry.get("files"), dict):
            self.rendered.append(name)
            return None
        files: dict[str, str] = {}
        for rel in entry["files"]:
            text = self._previous_file(name, rel)
            if text is None:
                self.rendered.append(name)
                return None
            files[rel] = text
        self.kept.append(name)
        return files

    def _previous_file(self, name: str, rel: str) -> str | None:
        """The file ``rel`` (under exports/) as the previous build of ``name`` wrote it, or None
        when it is not there any more, was changed, or is not a plain file inside exports/."""
        import hashlib

        entry = self.previous.get(name)
        files = entry.get("files") if isinstance(entry, dict) else None
        digest = files.get(rel) if isinstance(files, dict) and isinstance(rel, str) else None
        if not isinstance(digest, str):
            return None
        path = self.root / rel
        if (".." in Path(rel).parts or Path(rel).is_absolute() or path.is_symlink() or not path.is_file()
                or not self._inside(path.parent)):
            return None
        try:
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != digest:
                return None
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        self.on_disk[rel] = (text, digest)
        return text

    def _inside(self, folder: Path) -> bool:
        """Whether ``folder`` is exports/ or a folder below it, links resolved (each folder once)."""
        known = self._folders
        if folder not in known:
            base = self.root.resolve()
            real = folder.resolve()
            known[folder] = real == base or base in real.parents
        return known[folder]

    def parts(self, project: Project) -> "Parts":
        """The unit parts this build may take from the previous one (:mod:`skillweave.parts`)."""
        from skillweave import emitters
        from skillweave.parts import Parts

        filenames = {e.name: e.filename for e in emitters.EXPORTS}

        def previous(export: str, rel: str):
            entry = self.previous.get(export)
            spans = entry.get("parts", {}).get(rel) if isinstance(entry, dict) and isinstance(entry.get("parts"), dict) else None
            if not isinstance(spans, dict) or export not in filenames:
                return None
            text = self._previous_file(export, f"{filenames[export]}/{rel}" if rel else filenames[export])
            return (text, spans) if text is not None else None

        def remembered(export: str) -> dict:
            entry = self.previous.get(export)
            memo = entry.get("memo") if isinstance(entry, dict) else None
            return memo if isinstance(memo, dict) else {}

        return Parts(unit_keys(project, self.reads), previous, remembered)

    def digest(self, rel: str, text: str) -> str:
        """The sha256 of ``text``, the new content of ``rel`` (known if the file already holds it)."""
        import hashlib

        known = self.on_disk.get(rel)
        if known is not None and known[0] == text:
            return known[1]
        made = self._digests
        if rel not in made or made[rel][0] is not text:
            made[rel] = (text, hashlib.sha256(text.encode("utf-8")).hexdigest())
        return made[rel][1]

    def changed(self, rel: str, text: str) -> bool:
        """Whether ``text`` is certainly not what the previous build wrote into ``rel`` (its hash
        differs from the one recorded): then the file need not be read to know it changes."""
        recorded = self._recorded.get(rel)
        return isinstance(recorded, str) and recorded != self.digest(rel, text)

    def unchanged(self, rel: str, text: str) -> bool:
        """Whether ``rel`` in exports/ was read by this build and holds ``text`` already."""
        known = self.on_disk.get(rel)
        return known is not None and known[0] == text

    def entries(self, outputs: dict[str, str], parts: "Parts | None" = None) -> dict:
        """The cache file's content for this build's ``outputs`` (and the unit parts recorded
        while they were rendered)."""
        import hashlib

        from skillweave import emitters

        exports = {}
        for e in emitters.EXPORTS:
            files = {rel: self.digest(rel, text) for rel, text in sorted(outputs.items())
                     if rel == e.filename or rel.startswith(e.filename + "/")}
            exports[e.name] = {"key": self.keys[e.name], "files": files}
            if e.name in self.kept:  # reused whole: its parts are where they were
                for field in ("parts", "memo"):
                    kept = self.previous[e.name].get(field)
                    if isinstance(kept, dict):
                        exports[e.name][field] = kept
            elif parts is not None:
                if parts.recorded.get(e.name):
                    exports[e.name]["parts"] = parts.recorded[e.name]
                if parts.memos.get(e.name):
                    exports[e.name]["memo"] = parts.memos[e.name]
        return {"format": FORMAT, "exports": exports}


#: the version of the cache file's layout
FORMAT = 2


def unit_keys(project: Project, reads: dict[str, str]) -> dict[str, str]:
    """The key of every unit's parts (:mod:`skillweave.parts`): a hash of skillweave's own files,
    every file the check read that is not a unit file, and the unit's neighbourhood: its own
    file, the files of the units it requires and of those that require it, and, for every
    programme it belongs to, its place there (position in the programme's list and in the
    teaching order, semester, the number of units) and the files of the units before and after
    it in both orders. A programme's key (``programme/ID``) covers the files of its units and of
    the units they require or are required by."""
    import hashlib
    import json

    cur = project.curriculum
    files = {uid: cur.files.get(("unit", uid)) for uid in cur.units}
    unit_files = {f for f in files.values() if f}
    common = hashlib.sha256(json.dumps(
        [code_fingerprint(), sorted((p, h) for p, h in reads.items() if p not in unit_files)]).encode()).digest()
    digest = {uid: reads.get(f, "unread") if f else "no file" for uid, f in files.items()}
    required_by: dict[str, set[str]] = {}
    for uid, unit in cur.units.items():
        for pre in unit.prerequisites:
            required_by.setdefault(pre, set()).add(uid)
    paths = {p.id: p for p in project.paths.programmes}
    placement: dict[str, list] = {uid: [] for uid in cur.units}
    near: dict[str, set[str]] = {uid: set() for uid in cur.units}
    for pid in sorted(cur.programmes):
        prog = cur.programmes[pid]
        path = paths.get(pid)
        semester = {u: s.number for s in (path.semesters if path else []) for u in s.units}
        for kind, order in (("listed", list(prog.units)), ("taught", path.order if path and path.order else None)):
            if order is None:
                continue
            for i, uid in enumerate(order):
                if uid in placement:
                    placement[uid].append([pid, kind, i, len(order), semester.get(uid)])
                    near[uid].update(order[max(i - 1, 0):i + 2])
    keys = {}
    for uid, unit in cur.units.items():
        hood = near[uid] | set(unit.prerequisites) | required_by.get(uid, set()) | {uid}
        h = hashlib.sha256(common)
        h.update(json.dumps([uid, placement[uid], sorted((u, digest.get(u, "absent")) for u in hood)]).encode())
        keys[uid] = h.hexdigest()
    # a programme's page: its units, what they require and what requires them
    for pid, prog in cur.programmes.items():
        members = set(prog.units)
        hood = members.union(*(set(cur.units[u].prerequisites) | required_by.get(u, set())
                               for u in members if u in cur.units))
        h = hashlib.sha256(common)
        h.update(json.dumps([pid, sorted((u, digest.get(u, "absent")) for u in hood)]).encode())
        keys[f"programme/{pid}"] = h.hexdigest()
    return keys


def export(project: Project, name: str, target: Path, options: "Options | None" = None) -> None:
    """Render the export ``name`` (with ``options``) and write it to ``target`` (a folder for
    exports of several files), atomically, file by file. The analyses run as the export uses
    them (the ELM and LOQ exports use none)."""
    from skillweave import emitters
    from skillweave.files import write_atomic

    result = emitters.emit(project, name, options or emitters.DEFAULT)
    files = {target: result} if isinstance(result, (str, bytes)) else {
        target / rel: text for rel, text in result.items()}
    for path, text in sorted(files.items()):
        try:
            write_atomic(path, text)
        except OSError as exc:
            raise BuildError(f"cannot write {path}: {exc.strerror}") from None


def write_exports(root: Path, outputs: dict[str, str], cache: dict | None = None,
                  unchanged: Callable[[str, str], bool] | None = None,
                  changed: Callable[[str, str], bool] | None = None) -> list[str]:
    """Write ``outputs`` under ``root`` (exports/), after checking that every path stays inside
    it; remove files an earlier build wrote that this one did not. Returns the paths written.

    A build never leaves a mix of two builds: every changed file is first written into
    ``.skillweave-staging/`` and flushed to disk; then a journal (``.skillweave-pending``) lists
    the moves, and only then are the files moved into place. A build killed before the journal
    leaves the previous exports as they were (the next run removes the staging folder); one killed
    after it is completed by the next run, before anything else, from the journal. ``cache`` (see
    :class:`BuildCache`) is written with the manifest, from the journal. ``unchanged(rel, text)``,
    if given, says that a file was read moments ago by the build and holds ``text``: it is not
    read again; ``changed(rel, text)``, that ``text`` is not what the previous build wrote there:
    the file is written without being read first.
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
        if unchanged is not None and unchanged(rel, data):
            continue  # read by this build and already what it holds
        if (not (changed is not None and changed(rel, data)) and target.is_file()
                and target.read_text(encoding="utf-8", errors="replace") == data):
            continue  # unchanged: keep the file (and its time stamp)
        write_atomic(staging / rel, data, sync=False)  # one flush for all files below, not one per file
        moves.append(rel)
    stale = [rel for rel in sorted(set(previous) - set(outputs))
             if ".." not in Path(rel).parts and not Path(rel).is_absolute()]
    if moves:
        flush_to_disk(base)
    journal = {"moves": moves, "stale": stale, "manifest": sorted(outputs)}
    if cache is not None:
        journal["cache"] = cache
    write_atomic(root / PENDING, json.dumps(journal, ensure_ascii=False) + "\n")
    complete_pending(root)
    return sorted(outputs)


#: files and folders of exports/ that belong to the build itself
STAGING = ".skillweave-staging"
PENDING = ".skillweave-pending"
CACHE = ".skillweave-cache"
_RESERVED = (MANIFEST, STAGING, PENDING, CACHE)


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
            cache = plan.get("cache")
            if isinstance(cache, dict):
                write_atomic(root / CACHE, json.dumps(cache, sort_keys=True) + "\n", sync=False)
            elif (root / CACHE).is_file():
                (root / CACHE).unlink()  # written without one: the old cache no longer describes exports/
            write_atomic(root / MANIFEST, json.dumps(listed, indent=0) + "\n")
        journal.unlink()
    if staging.exists() and not staging.is_symlink():
        shutil.rmtree(staging, ignore_errors=True)


# --- learner documents --------------------------------------------------------------------------

@dataclass(frozen=True)
class Documents:
    """The documents of one kind for a cohort, ready to be written: the registry entry that
    renders them and the documents (transcripts, memoranda or learning agreements)."""

    output: "Output"
    items: Sequence[Any]

    def notes(self) -> list[str]:
        """What the format has to say about these documents (never learner data)."""
        return self.output.notes_on(self.items)


def _with_records(project: Project) -> None:
    if not project.curriculum.records.present:
        raise WorkspaceError(f"the workspace has no learner records ({project.workspace.root / 'learners'} is missing)")


def transcripts(project: Project, fmt: str, learners: Sequence[str] = (),
                issued_on: dt.date | None = None) -> tuple[Documents, int]:
    """The transcripts, in format ``fmt``, of every learner with a passed unit (or of ``learners``
    only), and how many of the learners concerned get none (they have no passed unit)."""
    from skillweave import emitters
    from skillweave.analyses import transcripts as analysis

    _with_records(project)
    records = project.curriculum.records
    output = emitters.get("transcripts", fmt)
    found = analysis.cohort(project.curriculum, project.base_uri, issued_on)  # made as written
    if not learners:
        return Documents(output, found), len(records.learners) - len(found)
    unknown = sorted(set(learners) - set(records.learners))
    if unknown:
        raise OptionError(f"unknown learner id(s): {', '.join(unknown)}")
    found = found.only(learners)
    return Documents(output, found), len(set(learners)) - len(found)


def mobility_documents(project: Project, pdf: bool = False) -> list[Documents]:
    """The memoranda of understanding (one per pair of partners with mobilities) and the learning
    agreements (one per mobility); with ``pdf``, the same again as PDF."""
    from skillweave import emitters
    from skillweave.analyses import mobility as analysis

    _with_records(project)
    cur, base = project.curriculum, project.base_uri
    memoranda, agreements = analysis.memoranda(cur, base), analysis.learning_agreements(cur, base)
    batches = [Documents(emitters.get("mobility", "mou"), memoranda),
               Documents(emitters.get("mobility", "agreement"), agreements)]
    if pdf:
        batches += [Documents(emitters.get("mobility", "mou-pdf"), memoranda),
                    Documents(emitters.get("mobility", "agreement-pdf"), agreements)]
    return batches


def write_documents(batches: Sequence[Documents], folder: Path, *, jobs: int | None = None,
                    progress: Callable[[int], None] | None = None) -> list[list[str]]:
    """Render and write each batch into its folder under ``folder`` (mode 0700; files 0600), in
    ``jobs`` worker processes (default: one per core). Returns the file names written, per batch.
    ``progress(n)`` is called after every ``n`` documents written."""
    from skillweave import cohort

    return [cohort.write_documents(b.items, b.output.load(), Path(folder) / b.output.folder, jobs=jobs,
                                   progress=progress) for b in batches]
