"""Find a workspace and list its files (docs/formats.md, "Layout of a workspace")."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from skillweave.errors import WorkspaceError

RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml", ".owl": "xml", ".jsonld": "json-ld",
                ".nq": "nquads", ".trig": "trig", ".n3": "n3"}


@dataclass(frozen=True)
class Workspace:
    root: Path

    @classmethod
    def open(cls, path: str | Path) -> "Workspace":
        root = Path(path)
        if not root.exists():
            raise WorkspaceError(f"workspace folder {str(root)!r} does not exist")
        if not root.is_dir():
            raise WorkspaceError(f"{str(root)!r} is not a folder; give the workspace folder")
        return cls(root)

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
            if p.is_file() and not p.name.startswith("."):
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
        return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in RDF_SUFFIXES)
