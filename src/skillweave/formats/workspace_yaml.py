"""Models back to workspace files: the YAML that importers write.

The output is deterministic (keys in the model's field order, empty values left out, whole numbers
without ``.0``), reads back to an equal model, and is formatted as a designer would write it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from skillweave.model import Alliance, NationalQualification, Programme, Text, Unit


def to_data(obj: Any) -> Any:
    """Plain data for YAML: models as mappings in field order without empty values."""
    if isinstance(obj, Text):
        return dict(sorted(obj.root.items()))
    if isinstance(obj, BaseModel):
        out = {}
        for name, info in type(obj).model_fields.items():
            value = getattr(obj, name)
            if value is None or value == [] or value == {}:
                continue
            if not info.is_required() and value == info.default and name not in ("status",):
                continue
            out[name] = to_data(value)
        return out
    if isinstance(obj, list):
        return [to_data(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_data(v) for k, v in obj.items()}
    if isinstance(obj, float) and obj.is_integer():
        return int(obj)
    return obj  # dates stay dates: YAML writes them unquoted, as designers do


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(obj: BaseModel) -> str:
    """YAML text of one model, as a workspace file holds it."""
    text = yaml.dump(to_data(obj), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False, indent=2)
    return text


def workspace_files(alliance: Alliance | None, programmes: list[Programme], units: list[Unit],
                    national: dict[str, tuple[NationalQualification, list[Unit]]] | None = None) -> dict[str, str]:
    """{relative path: YAML text} for a workspace holding these models."""
    files: dict[str, str] = {}
    if alliance is not None:
        files["curricula/alliance.yaml"] = dump(alliance)
    for p in programmes:
        files[f"curricula/programmes/{p.id}.yaml"] = dump(p)
    for u in units:
        files[f"curricula/units/{u.id}.yaml"] = dump(u)
    for partner, (q, nunits) in sorted((national or {}).items()):
        files[f"curricula/national/{partner}/qualification.yaml"] = dump(q)
        for u in nunits:
            files[f"curricula/national/{partner}/units/{u.id}.yaml"] = dump(u)
    return files


def write_workspace(root: Path, files: dict[str, str], overwrite: bool = False) -> list[Path]:
    """Write all files atomically, each one; nothing is written if a path would leave ``root`` or,
    unless ``overwrite``, if a file exists with other content (:class:`~skillweave.files.FilesExist`).
    Returns the paths written (a file that already holds the content is not rewritten)."""
    from skillweave.files import write_tree

    return write_tree(root, files, overwrite=overwrite)


def changes(root: Path, files: dict[str, str], paths: list[Path]) -> list[str]:
    """One line per existing file that ``files`` would replace: what would change, in lines of YAML."""
    import difflib

    out = []
    for shown in paths:
        rel = Path(shown).relative_to(root).as_posix()
        try:
            old = Path(shown).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            old = []
        new = files[rel].splitlines()
        added = removed = 0
        for line in difflib.unified_diff(old, new, lineterm="", n=0):
            if line.startswith("+") and not line.startswith("+++"):
                added += 1
            elif line.startswith("-") and not line.startswith("---"):
                removed += 1
        comments = sum(1 for line in old if line.lstrip().startswith("#"))
        lost = f"; its {comments} comment line(s) would be lost" if comments else ""
        out.append(f"{shown}: {removed} line(s) would be replaced by {added}{lost}")
    return out
