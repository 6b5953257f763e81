"""Importers: curricula from other systems' formats into workspace files.

An importer module has ``read(path: Path) -> ImportResult``; it reads everything first and writes
nothing (the command line writes the files only when the whole import succeeded). Input that
cannot be read raises :class:`~skillweave.errors.ImportFailure` with a position.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path


#: format name -> module in this package
IMPORTERS = {"elm": "elm", "loq-xml": "loq"}


@dataclass
class ImportResult:
    #: relative path in the workspace -> YAML text (see skillweave.formats.workspace_yaml)
    files: dict[str, str]
    #: what the source held that the workspace format cannot take, one line each
    unmapped: list[str] = field(default_factory=list)


def read(fmt: str, path: Path) -> ImportResult:
    module = importlib.import_module(f"{__name__}.{IMPORTERS[fmt]}")
    return module.read(Path(path))
