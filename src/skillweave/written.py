"""What skillweave wrote, so that it never replaces a file of the user's without ``--force``.

A command that writes where the user points it (``export -o FILE``, ``coverage -o FILE``,
``transcripts -o DIR`` ...) replaces an existing file only when

- the file already holds exactly what is to be written (nothing is lost), or
- skillweave wrote it there and it has not changed since, or
- the user gave ``--force``.

For a single file, "skillweave wrote it" is looked up in a record kept per user: the real path
(its folder with every symbolic link resolved), size, modification time and SHA-256 of every file
written this way, in ``$XDG_STATE_HOME/skillweave/written.json``
(``~/.local/state/skillweave/written.json``; ``SKILLWEAVE_STATE_DIR`` names another folder). It
holds paths and hashes, never contents; commands running at the same time take turns to update it
(a lock file beside it). A lost or damaged record only means that the next write to an existing
file asks for ``--force``.

A folder of documents (``transcripts -o DIR``, ``mobility -o DIR``, an export of several files)
is written into when it is new or empty, or when the record says that skillweave wrote documents
into this very folder before (the same folder, not one made again under its name); any other
folder that is not empty is refused without ``--force``. In a folder of skillweave's, files of the
same names are replaced, as in ``exports/``. Special files (devices, pipes, sockets) are never
replaced, not even with ``--force``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from skillweave.errors import SkillweaveError

#: at most so many files are remembered (the oldest are forgotten first)
LIMIT = 20_000


class NotOurs(SkillweaveError):
    """Files that exist, that skillweave did not write (or that changed since), and no ``--force``."""

    def __init__(self, paths: list, folder: bool = False) -> None:
        self.paths = paths
        shown = ", ".join(str(p) for p in paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
        if folder:
            message = (f"{shown} holds files that skillweave did not write; nothing was written. Choose a new "
                       "or empty folder, or give --force to write into it (files of the same names are replaced)")
        else:
            message = (f"{shown} exists and was not written by skillweave (or was changed since); nothing was "
                       "written. Choose another path, or give --force to replace it")
        super().__init__(message)


class NotAFile(SkillweaveError):
    """A path to write that is a device, a pipe or a socket."""


def real(path: "str | Path") -> Path:
    """``path`` as the kernel finds it: its folder with every link and ``..`` resolved, then its
    name (a link in the last place stays a link: it is what a write replaces)."""
    joined = os.path.join(os.getcwd(), os.fspath(path))  # not normalised: "link/.." is the link's parent
    head, name = os.path.split(joined)
    if name in ("", ".", ".."):
        return Path(os.path.realpath(joined))
    return Path(os.path.realpath(head)) / name


def _record_file() -> Path:
    folder = os.environ.get("SKILLWEAVE_STATE_DIR")
    if not folder:
        base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
        folder = os.path.join(base, "skillweave")
    return Path(folder) / "written.json"


def _load() -> dict:
    try:
        data = json.loads(_record_file().read_bytes())
    except (OSError, ValueError, RecursionError):  # none yet, or damaged: start again
        return {}
    return data if isinstance(data, dict) else {}


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """The record's lock, held while it is read, changed and replaced (other commands wait)."""
    from skillweave.locks import locked

    target = _record_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        pass  # no place for a record: it is not kept (nor locked)
    with locked(target.with_name(".written.lock"), os.O_RDWR | os.O_CREAT):
        yield


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _size(content) -> int:
    if hasattr(content, "pieces"):  # skillweave.files.Pieces
        return sum(len(p) for p in content.pieces)
    return len(content.encode("utf-8") if isinstance(content, str) else content)


def _content_digest(content) -> str:
    if hasattr(content, "sha256"):  # skillweave.files.Pieces
        return content.sha256()
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    return hashlib.sha256(data).hexdigest()


def _ours(path: Path, st: os.stat_result, record: dict, content) -> bool:
    """Whether the file at ``path`` is as skillweave wrote it, or holds ``content`` already."""
    entry = record.get(str(path))
    if isinstance(entry, list) and len(entry) == 3 and entry[0] == st.st_size:
        if entry[1] == st.st_mtime_ns or entry[2] == _digest(path):
            return True
    # the same content: nothing is lost
    return _size(content) == st.st_size and _digest(path) == _content_digest(content)


def claim(files: dict, force: bool) -> None:
    """Refuse to write ``files`` ({path: content}) when one of them exists and may be the user's
    (:class:`NotOurs`, unless ``force``) or is not a regular file (:class:`NotAFile`, always)."""
    record: dict | None = None
    theirs = []
    for shown, content in files.items():
        path = real(shown)
        try:
            st = os.lstat(path)
        except OSError:
            continue  # none there (or the write reports why not)
        if stat.S_ISDIR(st.st_mode):
            continue  # the write says it is a folder
        if not stat.S_ISREG(st.st_mode) and not stat.S_ISLNK(st.st_mode):
            raise NotAFile(f"{shown} is not a regular file (a device, a pipe or a socket); choose a file path")
        if force:
            continue
        if stat.S_ISLNK(st.st_mode):
            theirs.append(shown)
            continue
        if record is None:
            record = _load()
        if not _ours(path, st, record, content):
            theirs.append(shown)
    if theirs:
        raise NotOurs(theirs)


def remember(paths: Iterable, contents: Iterable) -> None:
    """Record ``paths`` as written by skillweave with ``contents`` (quietly skipped where the
    record cannot be written: the next write there then asks for ``--force``)."""
    entries = {}
    for shown, content in zip(paths, contents):
        path = real(shown)
        try:
            st = os.stat(path)
        except OSError:
            continue
        entries[str(path)] = [st.st_size, st.st_mtime_ns, _content_digest(content)]
    _save(entries)


def _save(entries: dict) -> None:
    if not entries:
        return
    target = _record_file()
    with _locked():
        record = _load()
        for key, value in entries.items():
            record.pop(key, None)  # re-inserted last: the newest
            record[key] = value
        if len(record) > LIMIT:
            record = dict(list(record.items())[-LIMIT:])
        try:
            fd, tmp = tempfile.mkstemp(prefix=".written.", suffix=".tmp", dir=target.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:  # mkstemp's mode: 0600
                    json.dump(record, f, separators=(",", ":"))
                os.replace(tmp, target)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            pass


def _identity(folder: Path) -> list | None:
    """The folder's device, inode and modification time (which changes when a file is added,
    removed or renamed in it), or None when it is not a folder."""
    try:
        st = os.stat(folder)
    except OSError:
        return None
    return [st.st_dev, st.st_ino, st.st_mtime_ns] if stat.S_ISDIR(st.st_mode) else None


def claim_folder(folder: Path, force: bool) -> None:
    """Refuse to write documents into ``folder`` when it holds anything and skillweave has not
    written documents into this folder before (unless ``force``)."""
    folder = Path(folder)
    if force or not folder.is_dir():
        return
    try:
        next(folder.iterdir())
    except StopIteration:
        return
    except OSError:
        return  # the write reports it
    entry = _load().get(str(real(folder)))
    now = _identity(folder)
    if isinstance(entry, list) and len(entry) == 3 and entry[0] == "folder" and isinstance(entry[2], list) \
            and now is not None and entry[2][:2] == now[:2] and entry[2][2:] in ([None], now[2:]):
        return  # as skillweave left it, or a run of skillweave's stopped midway
    raise NotOurs([folder], folder=True)


def remember_folder(folder: Path, what: str, done: bool = True) -> None:
    """Record ``folder`` as one that skillweave writes ``what`` into: ``done=False`` before the
    writing (a run stopped midway is taken up by the next), ``done=True`` after it, with the
    folder as it is left (a folder made again under its name, or given other files, is then not
    skillweave's any more). A path that is not a folder, or not there, is not recorded."""
    folder = Path(folder)
    identity = _identity(folder)
    if identity is not None:
        _save({str(real(folder)): ["folder", what, identity if done else identity[:2] + [None]]})
