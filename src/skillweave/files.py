"""Writing files so that nothing is lost: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import errno
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from skillweave import written as record
from skillweave.errors import FilesExist, OutsideRoot


class Pieces:
    """A file's content as byte pieces in order (an output assembled from parts, some of them
    views into the previous build's files): written and hashed piece by piece, never joined into
    one copy (at 5,000 units joining the ELM, LOQ and Moodle outputs copied a gigabyte)."""

    __slots__ = ("pieces",)

    def __init__(self, pieces: "list[bytes | memoryview]") -> None:
        self.pieces = pieces

    def __bytes__(self) -> bytes:
        return b"".join(self.pieces)

    def sha256(self) -> str:
        import hashlib

        digest = hashlib.sha256()
        for piece in self.pieces:
            digest.update(piece)
        return digest.hexdigest()


def _file_on_the_way(path: Path) -> Path:
    """The first folder of ``path``'s folders that is not a folder."""
    for folder in reversed(path.parents):
        if folder.exists() and not folder.is_dir():
            return folder
    return path.parent


def write_atomic(path: Path, content: "str | bytes | Pieces | Callable[[BinaryIO], None]", mode: int | None = None,
                 sync: bool = True) -> None:
    """Write ``content`` to ``path`` atomically; on failure the old file (if any) is untouched.

    ``content``: text, bytes, pieces, or a function that writes to the open (temporary) file. The
    temporary file is made anew (never a name that may already be there: nothing is written
    through a symbolic link), renamed over ``path`` when complete and removed on any failure.

    ``mode`` (e.g. 0o600 for learner documents) is set before the file appears under its name.
    ``sync=False`` leaves out the flush to disk of this one file, for callers that write many
    files and flush them all at once at the end (:func:`flush_to_disk`).
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # a file where a folder of the path should be
        raise NotADirectoryError(errno.ENOTDIR, f"{_file_on_the_way(path)} is a file, not a folder",
                                 str(path)) from None
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            if isinstance(data, Pieces):
                f.writelines(data.pieces)
            elif callable(data):
                data(f)
            else:
                f.write(data)
            if sync:
                f.flush()
                os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


#: the temporary files of :func:`write_atomic`: ``.NAME.XXXXXXXX.tmp``
_LEFTOVER = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


def is_temporary(path: "str | Path") -> bool:
    """Whether ``path`` is named as :func:`write_atomic` names its temporary files (``.NAME.XXXXXXXX.tmp``)."""
    return bool(_LEFTOVER.match(Path(path).name))


def remove_leftovers(folder: Path) -> int:
    """Remove the temporary files that a killed run of :func:`write_atomic` left in ``folder`` and
    below (a kill gives no chance to clean up); returns how many. Only files named as
    ``write_atomic`` names them are touched."""
    folder = Path(folder)
    if not folder.is_dir() or folder.is_symlink():
        return 0
    removed = 0
    for path in folder.rglob(".*.tmp"):
        if _LEFTOVER.match(path.name) and path.is_file() and not path.is_symlink():
            try:
                path.unlink()
                removed += 1
            except OSError:
                pass
    return removed


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``); False where the
    system or file system cannot, and the caller falls back to two renames."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return done == 0


def die_with_parent() -> None:
    """In a worker process: ask Linux to end it when the process that started it dies (a killed
    command leaves no workers behind). Elsewhere a no-op."""
    try:
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (AttributeError, OSError):
        pass


def flush_to_disk(folder: Path) -> None:
    """Flush the files written so far on the file system of ``folder`` to disk, after many
    ``write_atomic(..., sync=False)``: Linux's ``syncfs`` where there is one, else ``sync``."""
    syncfs = None
    try:
        import ctypes

        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (AttributeError, OSError, TypeError):
        pass
    if syncfs is not None:
        fd = os.open(folder, os.O_RDONLY)
        try:
            if syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    if hasattr(os, "sync"):
        os.sync()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_tree(root: Path, files: dict[str, str | bytes], *, overwrite: bool = False,
               mode: int | None = None, generated: "Callable[[str], bool]" = lambda rel: False) -> list[Path]:
    """Write ``files`` ({path relative to ``root``: content}) below ``root``, each atomically.
    Those that ``generated(rel)`` names (a vocabulary subset, JSON Schemas: not files a user
    edits) are recorded as skillweave's (:mod:`skillweave.written`), so that a later command may
    replace them without ``--force``.

    Nothing is written if a path would leave ``root`` (:class:`OutsideRoot`) or, unless ``overwrite``, if a
    file exists with other content (:class:`FilesExist`); a file that already holds exactly the
    content is left as it is. Returns the paths written, in order.
    """
    root = Path(root)
    resolved_root = root.resolve()
    targets: dict[Path, tuple[Path, bytes]] = {}
    record_rel: dict[Path, bool] = {}
    for rel, content in files.items():
        target = (root / rel).resolve()
        record_rel[target] = generated(rel)
        if resolved_root not in target.parents:
            raise OutsideRoot(f"refusing to write outside {root}: {rel} leads out of it (a symbolic link "
                              "on the way?); remove the link or choose another folder")
        data = content.encode("utf-8") if isinstance(content, str) else content
        targets[target] = (root / rel, data)
    existing = []
    unchanged = set()
    for target, (shown, data) in sorted(targets.items()):
        if target.is_dir():
            raise IsADirectoryError(f"{shown} is a folder")
        if target.exists():
            if target.read_bytes() == data:
                unchanged.add(target)
            else:
                existing.append(shown)
    if existing and not overwrite:
        raise FilesExist(existing)
    written = []
    done: list[tuple[Path, bytes]] = []
    try:
        for target, (shown, data) in sorted(targets.items()):
            if target in unchanged:
                continue
            write_atomic(target, data, mode=mode)
            written.append(shown)
            done.append((target, data))
    finally:  # what skillweave wrote may be replaced by it later
        record.remember([t for t, _ in done if record_rel[t]], [d for t, d in done if record_rel[t]])
    return written
