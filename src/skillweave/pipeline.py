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

import contextlib
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from skillweave.diagnostics import DiagnosticSink
from skillweave.errors import BuildError, OptionError, WorkspaceError
from skillweave.files import Pieces
from skillweave.load.curriculum import load_curriculum
from skillweave.load.workspace import Workspace
from skillweave.model import Project
from skillweave.parts import Kept, Parts
from skillweave.vocab import open_vocabulary

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.emitters import Options, Output
    from skillweave.load.parsecache import ParseCache


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
        if isinstance(result, (str, bytes, Pieces)):
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
    :func:`skillweave.load.workspace.recording`) — and the sha256, size and modification time of
    each file the export wrote. An export is reused when its key is unchanged and every one of
    its files in exports/ is intact; anything else is rendered. So a rebuild is byte-identical to
    a full build by construction.

    A file is *intact* when it is a plain file inside exports/ whose size and modification time
    (in nanoseconds) are those recorded, and older than the cache file itself (a file changed in
    the same clock tick as the cache was written is not trusted by its time; the same rule as
    git's index); such a file is not read, or read without being hashed again. Any other file is
    read and its sha256 compared with the recorded one: a file edited, replaced or removed by hand
    is rendered again.

    Below the export, the cache also holds where each unit's part lies in each output
    (:mod:`skillweave.parts`) and the unit key it was rendered for: an export rendered again
    takes the parts of unchanged units from its previous output, so a build after one unit's edit
    renders that unit's neighbourhood and the exports' own text.
    """

    def __init__(self, root: Path, reads: dict[str, str]):
        import hashlib
        import json

        self.root = Path(root)
        self.reads = reads
        common = hashlib.sha256(json.dumps([code_fingerprint(), sorted(reads.items())]).encode()).hexdigest()
        self.keys: dict[str, str] = {}
        from skillweave import emitters

        self._filenames = {e.name: e.filename for e in emitters.EXPORTS}
        for e in emitters.EXPORTS:
            self.keys[e.name] = hashlib.sha256(f"{common}\0{e.name}\0default options".encode()).hexdigest()
        self.previous: dict = {}
        #: the cache file's modification time: files as new as it are not trusted by their time
        self._written = -1
        path = self.root / CACHE
        if path.is_file() and not path.is_symlink():
            try:
                self._written = path.stat().st_mtime_ns
                loaded = msgspec.json.decode(path.read_bytes())
                if isinstance(loaded, dict) and loaded.get("format") == FORMAT and isinstance(loaded.get("exports"), dict):
                    self.previous = {name: entry for name, entry in loaded["exports"].items() if isinstance(entry, dict)}
            except (OSError, ValueError, RecursionError):
                self.previous = {}
        #: files of exports/ found as the previous build wrote them: rel -> sha256
        self.on_disk: dict[str, str] = {}
        #: this build's outputs hashed so far: rel -> (output, sha256)
        self._digests: dict[str, tuple[object, str]] = {}
        #: folder -> whether it is inside exports/ (links resolved)
        self._folders: dict[Path, bool] = {}
        #: every file the previous build recorded: rel -> sha256, and rel -> [size, time in ns]
        self._recorded = {rel: digest for entry in self.previous.values()
                          if isinstance(entry.get("files"), dict) for rel, digest in entry["files"].items()}
        self._stats = {rel: known for entry in self.previous.values()
                       if isinstance(entry.get("stat"), dict) for rel, known in entry["stat"].items()}
        #: the exports rendered (not reused) by this build, in order, and those reused
        self.rendered: list[str] = []
        self.kept: list[str] = []

    def reuse(self, name: str) -> dict[str, Kept] | None:
        """The files of export ``name`` as the previous build wrote them (kept, not read) when
        its key is unchanged and they are all intact; else None."""
        entry = self.previous.get(name)
        if entry is None or entry.get("key") != self.keys[name] or not isinstance(entry.get("files"), dict):
            self.rendered.append(name)
            return None
        files: dict[str, Kept] = {}
        for rel in entry["files"]:
            digest = self._intact(rel)
            if digest is None:
                self.rendered.append(name)
                return None
            files[rel] = Kept(digest)
        self.kept.append(name)
        return files

    def _located(self, rel: str) -> tuple[Path, str, bool] | None:
        """Where ``rel`` is, the sha256 the previous build recorded for it, and whether its size
        and time vouch for it (as recorded, and older than the cache); None if it is not a plain
        file inside exports/ that the previous build recorded."""
        import os
        import stat

        digest = self._recorded.get(rel) if isinstance(rel, str) else None
        if not isinstance(digest, str) or ".." in Path(rel).parts or Path(rel).is_absolute():
            return None
        path = self.root / rel
        if not self._inside(path.parent):
            return None
        try:
            st = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        same = self._stats.get(rel) == [st.st_size, st.st_mtime_ns] and st.st_mtime_ns < self._written
        return path, digest, same

    def _intact(self, rel: str) -> str | None:
        """The recorded sha256 of ``rel`` if the file is intact (read and hashed only when its
        size and time do not vouch for it), else None."""
        if rel in self.on_disk:
            return self.on_disk[rel]
        found = self._located(rel)
        if found is None or (not found[2] and self._read(found[0], found[1]) is None):
            return None
        self.on_disk[rel] = found[1]
        return found[1]

    @staticmethod
    def _read(path: Path, digest: str | None) -> bytes | None:
        """The bytes of ``path`` (checked against ``digest`` unless it is None), or None."""
        import hashlib

        try:
            data = path.read_bytes()
        except OSError:
            return None
        if digest is not None and hashlib.sha256(data).hexdigest() != digest:
            return None
        return data

    def _previous_file(self, rel: str) -> bytes | None:
        """The file ``rel`` (under exports/) as the previous build wrote it, or None when it is
        not there any more, was changed, or is not a plain file inside exports/."""
        found = self._located(rel)
        if found is None:
            return None
        path, digest, same = found
        data = self._read(path, None if same else digest)
        if data is None:
            return None
        self.on_disk[rel] = digest
        return data

    def _inside(self, folder: Path) -> bool:
        """Whether ``folder`` is exports/ or a folder below it, links resolved (each folder once)."""
        known = self._folders
        if folder not in known:
            base = self.root.resolve()
            real = folder.resolve()
            known[folder] = real == base or base in real.parents
        return known[folder]

    def parts(self, project: Project) -> Parts:
        """The unit parts this build may take from the previous one (:mod:`skillweave.parts`)."""
        filenames = self._filenames

        def spans_of(export: str, rel: str) -> dict | None:
            entry = self.previous.get(export)
            spans = entry.get("parts", {}).get(rel) if entry is not None and isinstance(entry.get("parts"), dict) else None
            return spans if isinstance(spans, dict) and export in filenames else None

        def path_of(export: str, rel: str) -> str:
            return f"{filenames[export]}/{rel}" if rel else filenames[export]

        def previous(export: str, rel: str) -> bytes | None:
            return self._previous_file(path_of(export, rel))

        def intact(export: str, rel: str) -> str | None:
            return self._intact(path_of(export, rel))

        def remembered(export: str) -> dict:
            entry = self.previous.get(export)
            memo = entry.get("memo") if entry is not None else None
            return memo if isinstance(memo, dict) else {}

        return Parts(unit_keys(project, self.reads), spans_of, previous, intact, remembered)

    def digest(self, rel: str, output: str | bytes | Kept) -> str:
        """The sha256 of ``output``, the new content of ``rel``."""
        import hashlib

        if isinstance(output, Kept):
            return output.digest
        made = self._digests
        if rel not in made or made[rel][0] is not output:
            if isinstance(output, Pieces):
                made[rel] = (output, output.sha256())
            else:
                data = output.encode("utf-8") if isinstance(output, str) else output
                made[rel] = (output, hashlib.sha256(data).hexdigest())
        return made[rel][1]

    def changed(self, rel: str, output: str | bytes) -> bool:
        """Whether ``output`` is certainly not what the previous build wrote into ``rel`` (its
        hash differs from the one recorded): then the file need not be read to know it changes."""
        recorded = self._recorded.get(rel)
        return isinstance(recorded, str) and recorded != self.digest(rel, output)

    def unchanged(self, rel: str, output: str | bytes | Kept) -> bool:
        """Whether ``rel`` in exports/ is intact (see above) and holds ``output`` already."""
        if isinstance(output, Kept):
            return True
        recorded = self._recorded.get(rel)
        return recorded is not None and recorded == self.digest(rel, output) and self._intact(rel) == recorded

    def entries(self, outputs: dict, parts: Parts | None = None) -> dict:
        """The cache file's content for this build's ``outputs`` (and the unit parts recorded
        while they were rendered); the files' sizes and times are added when it is written
        (:func:`complete_pending`)."""
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


#: the version of the cache file's layout (3: byte offsets, sizes and times)
FORMAT = 3


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


def export(project: Project, name: str, target: Path, options: "Options | None" = None, force: bool = False) -> None:
    """Render the export ``name`` (with ``options``) and write it to ``target`` (a folder for
    exports of several files), atomically, file by file. The analyses run as the export uses
    them (the ELM and LOQ exports use none). An existing file, or a folder that holds anything,
    is replaced or written into only as :mod:`skillweave.written` allows (``force``: always)."""
    from skillweave import emitters, parts, written
    from skillweave.files import write_atomic

    # outputs assembled from parts come as UTF-8 pieces, written as they are: not joined into one
    # text, then encoded again (29 MB of ELM Turtle at 1,000 units); this is the one output
    only = parts.Parts(binary=True, once=True)
    parts.attach(project, only, replace=False)
    try:
        if str(target) == "-":  # standard output, for a pipe (nothing recorded: no file is written)
            if not Path(emitters.get("export", name).filename).suffix:
                raise OptionError(f"{name} writes several files: give a folder with -o, not '-'")
            _to_stdout(emitters.emit(project, name, options or emitters.DEFAULT))
            return
        result = emitters.emit(project, name, options or emitters.DEFAULT)
    finally:
        only.once = False  # (another render of the same project keeps what outputs share again)
    one = isinstance(result, (str, bytes, Pieces))
    files = {target: result.encode("utf-8") if isinstance(result, str) else result} if one else {
        target / rel: text for rel, text in result.items()}  # (a single file encoded once: written, then hashed)
    if one:
        written.claim(files, force)
    else:
        written.claim_folder(target, force)
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BuildError(f"cannot write {target}: {exc.strerror}") from None
        written.remember_folder(target, f"the {name} export", done=False)  # a failed run is taken up by the next
    for path, text in sorted(files.items()):
        try:
            write_atomic(path, text)
        except OSError as exc:
            raise BuildError(f"cannot write {path}: {exc.strerror}") from None
    if one:
        written.remember(files, files.values())
    else:
        written.remember_folder(target, f"the {name} export")


def write_exports(root: Path, outputs: dict, cache: dict | None = None,
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
    folders: dict[Path, Path] = {}  # each folder resolved once
    for rel in sorted(outputs):
        pure = Path(rel)
        if pure.is_absolute() or ".." in pure.parts or rel.startswith(_RESERVED):
            raise BuildError(f"refusing to write {rel!r}: outside {root}")
        folder = base / pure.parent
        if folder not in folders:
            folders[folder] = folder.resolve()
        target = folders[folder] / pure.name
        if target.is_symlink():
            target = target.resolve()
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
            continue  # found intact by this build and already what it holds
        if isinstance(data, Kept):  # pragma: no cover - a kept file is always found intact
            raise BuildError(f"{rel}: kept from the previous build but not found intact")
        if not (changed is not None and changed(rel, data)) and target.is_file():
            try:
                same = target.read_bytes() == (data.encode("utf-8") if isinstance(data, str) else bytes(data))
            except OSError:
                same = False
            if same:
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
    write_atomic(root / PENDING, msgspec.json.encode(journal) + b"\n")
    complete_pending(root)
    return sorted(outputs)


def _to_stdout(result: "str | bytes | Pieces") -> None:
    """An export of one file written to standard output; a closed output or a reader that stopped
    early is a :class:`BuildError` (one line)."""
    import os

    data = result.encode("utf-8") if isinstance(result, str) else result
    out = getattr(sys.stdout, "buffer", None)
    if out is None:
        raise BuildError("cannot write to standard output: it is closed")
    try:
        out.writelines(data.pieces) if isinstance(data, Pieces) else out.write(data)
        out.flush()
    except BrokenPipeError:
        # the reader stopped early (head): nothing more goes there, not even at the end
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise BuildError("cannot write to standard output: Broken pipe") from None
    except OSError as exc:
        raise BuildError(f"cannot write to standard output: {exc.strerror or exc}") from None


def building(workspace: Path) -> contextlib.AbstractContextManager[None]:
    """The workspace's exports/ to one build at a time, from reading the previous build's caches
    to writing the last file: a second build run meanwhile (another terminal, an editor's save
    hook) waits for the first to finish, then starts from what it left. The lock is on the
    workspace's folder itself (nothing is added to it, nor is exports/ made before the build
    writes) and ends with the process."""
    import os

    from skillweave.locks import locked

    return locked(workspace, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0),
                  waiting=f"waiting for another build of {workspace} to finish ...")


#: files and folders of exports/ that belong to the build itself
STAGING = ".skillweave-staging"
PENDING = ".skillweave-pending"
CACHE = ".skillweave-cache"
PARSED = ".skillweave-parsed"
_RESERVED = (MANIFEST, STAGING, PENDING, CACHE, PARSED)


def parse_cache(folder: Path) -> "ParseCache | None":
    """The parsed curriculum files of the previous build into ``folder`` (exports/), for this
    build's check to take what did not change (:mod:`skillweave.load.parsecache`); None if
    ``folder`` is a symbolic link (the build refuses to write through it)."""
    from skillweave.load.parsecache import ParseCache

    folder = Path(folder)
    return None if folder.is_symlink() else ParseCache(folder / PARSED, code_fingerprint())


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
            plan = msgspec.json.decode(journal.read_bytes())
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
                _add_stats(base, cache)
                write_atomic(root / CACHE, msgspec.json.encode(cache, order="sorted") + b"\n", sync=False)
            elif (root / CACHE).is_file():
                (root / CACHE).unlink()  # written without one: the old cache no longer describes exports/
            write_atomic(root / MANIFEST, json.dumps(listed, indent=0) + "\n")
        journal.unlink()
    if staging.exists() and not staging.is_symlink():
        shutil.rmtree(staging, ignore_errors=True)


def _add_stats(base: Path, cache: dict) -> None:
    """Record the size and modification time (ns) of every file in the cache's exports, as
    they are now, after the moves (see :class:`BuildCache`)."""
    import os
    import stat

    exports = cache.get("exports")
    for entry in exports.values() if isinstance(exports, dict) else ():
        files = entry.get("files") if isinstance(entry, dict) else None
        if not isinstance(files, dict):
            continue
        found = {}
        for rel in files:
            if not isinstance(rel, str) or ".." in Path(rel).parts:
                continue
            try:
                st = os.lstat(base / rel)
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                found[rel] = [st.st_size, st.st_mtime_ns]
        entry["stat"] = found


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
                    progress: Callable[[int], None] | None = None, force: bool = False,
                    what: str = "documents") -> list[list[str]]:
    """Render and write each batch into its folder under ``folder`` (mode 0700; files 0600), in
    ``jobs`` worker processes (default: one per core). Returns the file names written, per batch.
    ``progress(n)`` is called after every ``n`` documents written. A folder that holds anything
    skillweave did not write is refused unless ``force`` (:mod:`skillweave.written`); ``what`` is
    named in the marker that says it is skillweave's."""
    from skillweave import cohort, written

    written.claim_folder(Path(folder), force)
    cohort.prepare(Path(folder))  # (mode 0700)
    written.remember_folder(Path(folder), what, done=False)  # a run killed midway is taken up by the next
    names = [cohort.write_documents(b.items, b.output.load(), Path(folder) / b.output.folder, jobs=jobs,
                                    progress=progress) for b in batches]
    written.remember_folder(Path(folder), what)
    return names
