"""What skillweave wrote, so that it never replaces a file of the user's without ``--force``.

A command that writes where the user points it (``export -o FILE``, ``coverage -o FILE``,
``transcripts -o DIR`` ...) replaces an existing file only when

- the file already holds exactly what is to be written (nothing is lost), or
- skillweave wrote it there and it has not changed since, or
- the user gave ``--force``.

For a single file, "skillweave wrote it" is looked up in a record kept per user: the absolute
path, size, modification time and SHA-256 of every file written this way, in
``$XDG_STATE_HOME/skillweave/written.json`` (``~/.local/state/skillweave/written.json``;
``SKILLWEAVE_STATE_DIR`` names another folder). It holds paths and hashes, never contents. A lost
or damaged record only means that the next write to an existing file asks for ``--force``.

A folder of documents (``transcripts -o DIR``, ``mobility -o DIR``, an export of several files)
is written into when it is new or empty, or when the record says that skillweave wrote documents
into it before; any other folder that is not empty is refused without ``--force``. Special files (devices, pipes,
sockets) are never replaced, not even with ``--force``.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from skillweave.errors import SkillweaveError

#: at most so many files are remembered (the oldest are forgotten first)
LIMIT = 20_000


class NotOurs(SkillweaveError):
    """Files that exist, that skillweave did not write (or that changed since), and no ``--force``."""

    def __init__(self, paths: list[Path], folder: bool = False) -> None:
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


def _record_file() -> Path:
    folder = os.environ.get("SKILLWEAVE_STATE_DIR")
    if not folder:
        base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
        folder = os.path.join(base, "skillweave")
    return Path(folder) / "written.json"


def _load() -> dict[str, list]:
    try:
        data = json.loads(_record_file().read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _content_digest(content: "str | bytes | object") -> str:
    if hasattr(content, "sha256"):  # skillweave.files.Pieces
        return content.sha256()  # type: ignore[union-attr]
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)  # type: ignore[call-overload]
    return hashlib.sha256(data).hexdigest()


def _ours(path: Path, st: os.stat_result, record: dict[str, list], content) -> bool:
    """Whether the file at ``path`` is as skillweave wrote it, or holds ``content`` already."""
    entry = record.get(str(path))
    if isinstance(entry, list) and len(entry) == 3:
        size, mtime, digest = entry
        if size == st.st_size and mtime == st.st_mtime_ns:
            return True
        if size == st.st_size and digest == _digest(path):
            return True
    return _digest(path) == _content_digest(content)  # the same content: nothing is lost


def claim(files: "dict[Path, str | bytes | object]", force: bool) -> None:
    """Refuse to write ``files`` ({path: content}) when one of them exists and may be the user's
    (:class:`NotOurs`, unless ``force``) or is not a regular file (:class:`NotAFile`, always)."""
    record: dict[str, list] | None = None
    theirs = []
    for shown, content in files.items():
        path = Path(os.path.abspath(shown))
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            continue
        except OSError:
            continue  # the write reports it
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


def remember(paths: Iterable[Path], contents: "Iterable[str | bytes | object]") -> None:
    """Record ``paths`` as written by skillweave with ``contents`` (quietly skipped where the
    record cannot be written: the next write there then asks for ``--force``)."""
    entries = {}
    for path, content in zip(paths, contents):
        path = Path(os.path.abspath(path))
        try:
            st = os.stat(path)
        except OSError:
            continue
        entries[str(path)] = [st.st_size, st.st_mtime_ns, _content_digest(content)]
    _save(entries)


def _save(entries: dict[str, list]) -> None:
    record = _load()
    for key, value in entries.items():
        record.pop(key, None)  # re-inserted last: the newest
        record[key] = value
    if len(record) > LIMIT:
        record = dict(list(record.items())[-LIMIT:])
    target = _record_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
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


def claim_folder(folder: Path, force: bool) -> None:
    """Refuse to write documents into ``folder`` when it holds anything and skillweave has not
    written documents into it before (unless ``force``)."""
    folder = Path(folder)
    if force or not folder.is_dir():
        return
    try:
        next(folder.iterdir())
    except StopIteration:
        return
    except OSError:
        return  # the write reports it
    entry = _load().get(str(Path(os.path.abspath(folder))))
    if isinstance(entry, list) and entry[:1] == ["folder"]:
        return
    raise NotOurs([folder], folder=True)


def remember_folder(folder: Path, what: str) -> None:
    """Record ``folder`` as one that skillweave writes ``what`` into."""
    _save({str(Path(os.path.abspath(folder))): ["folder", what]})
