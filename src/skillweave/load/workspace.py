"""Find a workspace and list its files (docs/formats.md, "Layout of a workspace")."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from skillweave.errors import SkillweaveError, WorkspaceError

RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml", ".owl": "xml", ".jsonld": "json-ld",
                ".nq": "nquads", ".trig": "trig", ".n3": "n3"}


#: while a build records what it reads (see :func:`recording`): workspace-relative path -> sha256
_reads: dict[str, str] | None = None


class recording:
    """``with recording() as reads:`` collects every workspace file read inside the block, as
    {path relative to its workspace: sha256 of its bytes, or ``refused CODE``}: the inputs of an
    incremental build (see :mod:`skillweave.pipeline`)."""

    def __enter__(self) -> dict[str, str]:
        global _reads
        self._saved, _reads = _reads, {}
        return _reads

    def __exit__(self, *exc) -> None:
        global _reads
        _reads = self._saved


def _record(path: Path, root: Path, what: str) -> None:
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root)).replace(os.sep, "/")
    except ValueError:
        rel = str(path)
    _reads[rel] = what


#: the largest file skillweave reads from a workspace
MAX_FILE_BYTES = 256 * 1024 * 1024


class RefusedFile(SkillweaveError):
    """A workspace file that is not read; ``code`` and ``message`` make its diagnostic, which quotes
    nothing of the file (it may be a link to secrets)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def present(path: Path) -> bool:
    """A file to read, or a link in its place (even one that leads nowhere: reading it reports why)."""
    return path.is_file() or path.is_symlink()



def read_inside(path: Path, root: Path) -> bytes:
    """The bytes of ``path``, a file of the workspace at ``root``.

    Refused (:class:`RefusedFile`): a file that resolves outside the workspace (a symbolic link to
    ``/etc/passwd``, ``/proc/self/environ`` or another repository's file), one that is not a
    regular file (a device, a pipe), a link that leads nowhere or in a circle, and a file larger
    than :data:`MAX_FILE_BYTES`.
    """
    if _reads is None:
        return _read_inside(path, root)
    try:
        data = _read_inside(path, root)
    except RefusedFile as exc:
        _record(path, root, f"refused {exc.code}")
        raise
    import hashlib

    _record(path, root, hashlib.sha256(data).hexdigest())
    return data


def _read_inside(path: Path, root: Path) -> bytes:
    try:
        real = path.resolve(strict=True)
        inside = root.resolve(strict=True)
    except (OSError, RuntimeError):
        raise RefusedFile("SW108", "cannot read the file: it is a link that leads nowhere or in a circle; "
                                   "replace it by the file itself") from None
    if real != inside and inside not in real.parents:
        raise RefusedFile("SW110", "the file is a link to a place outside the workspace and is not read; "
                                   "replace the link by the file itself")
    try:
        info = os.stat(real)
    except OSError as exc:
        raise RefusedFile("SW108", f"cannot read the file ({exc.strerror}); check its permissions") from None
    if not stat.S_ISREG(info.st_mode):
        raise RefusedFile("SW110", "this is not a regular file (a device, pipe or socket) and is not read; "
                                   "replace it by a plain file")
    if info.st_size > MAX_FILE_BYTES:
        raise RefusedFile("SW108", f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB and is not "
                                   "read; split it")
    try:
        with open(real, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise RefusedFile("SW108", f"cannot read the file ({exc.strerror}); check its permissions") from None
    if len(data) > MAX_FILE_BYTES:
        raise RefusedFile("SW108", f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB and is not "
                                   "read; split it")
    return data


def locate(path: Path) -> Path:
    """``path``, or the nearest folder above it with ``curricula/alliance.yaml`` when ``path`` has
    no ``curricula/`` folder (running inside ``curricula/units/`` finds the workspace)."""
    if (path / "curricula").is_dir():
        return path
    here = path.absolute()
    for folder in here.parents:
        if (folder / "curricula" / "alliance.yaml").is_file():
            return Path(os.path.relpath(folder)) if not path.is_absolute() else folder
    return path


@dataclass(frozen=True)
class Workspace:
    root: Path

    @classmethod
    def open(cls, path: str | Path) -> "Workspace":
        """The workspace at ``path`` or, as git finds its repository, the nearest folder above it
        that holds ``curricula/alliance.yaml`` when ``path`` itself has no ``curricula/``."""
        root = Path(path)
        if not root.exists():
            raise WorkspaceError(f"workspace folder {str(root)!r} does not exist")
        if not root.is_dir():
            raise WorkspaceError(f"{str(root)!r} is not a folder; give the workspace folder")
        return cls(locate(root))

    def read_bytes(self, path: Path) -> bytes:
        """A file of the workspace (see :func:`read_inside`)."""
        return read_inside(path, self.root)

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    @property
    def curricula(self) -> Path:
        return self.root / "curricula"

    @property
    def alliance_file(self) -> Path:
        return self.curricula / "alliance.yaml"

    def _files(self, folder: Path) -> tuple[list[Path], list[Path]]:
        """(.yaml files, other files) directly in ``folder``, sorted by name."""
        if not folder.is_dir():
            return [], []
        yaml_files, others = [], []
        for p in sorted(folder.iterdir()):
            if present(p) and not p.name.startswith("."):
                (yaml_files if p.suffix == ".yaml" else others).append(p)
        return yaml_files, others

    def programme_files(self) -> tuple[list[Path], list[Path]]:
        return self._files(self.curricula / "programmes")

    def unit_files(self) -> tuple[list[Path], list[Path]]:
        return self._files(self.curricula / "units")

    def national_folders(self) -> list[Path]:
        folder = self.curricula / "national"
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))

    def national_unit_files(self, partner_folder: Path) -> tuple[list[Path], list[Path]]:
        return self._files(partner_folder / "units")

    def ontology_files(self) -> list[Path]:
        folder = self.root / "ontologies"
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if present(p) and p.suffix in RDF_SUFFIXES)
