"""The documentation a user gets with the repository: links stay inside it, messages point into it,
and the format reference covers every field of the workspace files."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import REPO

DOCS = sorted([REPO / "README.md", *(REPO / "docs").glob("*.md")])

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_CODE_SPAN = re.compile(r"`[^`]+`")
_INDENTED = re.compile(r"^(?: {4}|\t).*$", re.M)
_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$", re.M)
_HTML_LINK = re.compile(r"""<(?:a|img)\s[^>]*(?:href|src)=["']([^"']+)["']""", re.I)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$", re.M)


def _prose(text: str) -> str:
    """The text without code blocks and code spans, where link syntax is only an example."""
    text = _FENCE.sub("", text)
    text = _INDENTED.sub("", text)
    return _CODE_SPAN.sub("", text)


def links(path: Path) -> list[str]:
    text = _prose(path.read_text(encoding="utf-8"))
    return _LINK.findall(text) + _REF_DEF.findall(text) + _HTML_LINK.findall(text)


def anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = unicodedata.normalize("NFC", text).lower()
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for _level, title in _HEADING.findall(_FENCE.sub("", path.read_text(encoding="utf-8"))):
        base = anchor(title)
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


def test_the_link_reader_finds_links():
    sample = REPO / "docs" / "formats.md"
    found = links(sample)
    assert "diagnostics.md" in found and "#rules-for-every-file" in found


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_relative_links_resolve_inside_the_repository(doc: Path):
    problems = []
    for target in links(doc):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):  # http:, https:, mailto:
            continue
        file_part, _, fragment = target.partition("#")
        resolved = (doc.parent / file_part).resolve() if file_part else doc
        if REPO.resolve() not in resolved.parents and resolved != REPO.resolve():
            problems.append(f"{target}: leaves the repository")
            continue
        if not resolved.exists():
            problems.append(f"{target}: {resolved.relative_to(REPO.resolve())} does not exist")
            continue
        if fragment and resolved.suffix == ".md" and fragment not in anchors(resolved):
            problems.append(f"{target}: no heading with the anchor #{fragment}")
    assert not problems, f"{doc.name}: " + "; ".join(problems)


def _source_files() -> list[Path]:
    src = REPO / "src" / "skillweave"
    return sorted(p for p in src.rglob("*") if p.is_file() and p.suffix in (".py", ".html", ".j2", ".txt", ".css"))


def test_no_message_points_outside_the_repository():
    """Messages and help texts name documentation that a user who cloned the repository has."""
    outside = re.compile(r"\.\./shared|shared/spec|FORMATS\.md")
    problems = []
    for path in _source_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in outside.finditer(text):
            problems.append(f"{path.relative_to(REPO)}: {m.group()}")
        for m in re.finditer(r"docs/([a-z0-9_-]+\.md)", text):
            if not (REPO / "docs" / m.group(1)).is_file():
                problems.append(f"{path.relative_to(REPO)}: docs/{m.group(1)} does not exist")
    assert not problems


def test_missing_file_messages_point_to_the_format_reference(tmp_path: Path):
    from skillweave.pipeline import check

    (tmp_path / "curricula" / "units").mkdir(parents=True)
    (tmp_path / "curricula" / "units" / "empty.yaml").write_text("")
    project = check(tmp_path)
    by_code = {d.code: d.message for d in project.diagnostics}
    assert "docs/formats.md" in by_code["SW001"] and "docs/formats.md" in by_code["SW104"]


def _fields(model, seen=None) -> set[str]:
    """The keys a workspace file may hold under ``model``, nested models included."""
    import typing

    from pydantic import BaseModel

    seen = set() if seen is None else seen
    if model in seen:
        return set()
    seen.add(model)
    names = set()

    def inner(annotation):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield annotation
        for arg in typing.get_args(annotation):
            yield from inner(arg)

    for name, info in model.model_fields.items():
        names.add(info.alias or name)  # the key as files write it (``pass``)
        for sub in inner(info.annotation):
            if sub.__name__ != "Text":
                names |= _fields(sub, seen)
    return names


def test_the_format_reference_names_every_field_and_column():
    from skillweave.load import quality, records
    from skillweave.model import Alliance, NationalQualification, Programme, ProviderQuality, Unit

    text = (REPO / "docs" / "formats.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", text))
    expected = set()
    for model in (Alliance, Programme, Unit, NationalQualification, ProviderQuality):
        expected |= _fields(model)
    for _model, required, optional in records.COLUMNS.values():
        expected |= set(required) | set(optional)
    expected |= set(quality.TRACKING_COLUMNS)
    missing = sorted(expected - documented)
    assert not missing, f"docs/formats.md does not describe: {', '.join(missing)}"


@pytest.mark.parametrize("section, target, allowed", [
    ("curricula/alliance.yaml", "curricula/alliance.yaml", set()),
    # an excerpt: three of the demo's units (their points and prerequisites do not add up)
    ("curricula/programmes/ID.yaml", "curricula/programmes/solar-heat-installer.yaml", {"SW304", "SW502", "SW503"}),
    ("curricula/units/ID.yaml", "curricula/units/pv-installation.yaml", set()),
    ("National qualifications: curricula/national/PARTNER/", "curricula/national/roc-midden/qualification.yaml",
     set()),
    # an excerpt: one of the demo's three VET providers
    ("Quality inputs: quality/", "quality/providers.yaml", {"SW702"}),
])
def test_the_examples_of_the_format_reference_pass_check(demo_workspace, section, target, allowed):
    """Each YAML example of docs/formats.md (the first of its section), put in place of the demo's
    file: nothing wrong with it but that it is in English and Dutch where the demo alliance also
    writes German (SW309)."""
    from skillweave.pipeline import check

    text = (REPO / "docs" / "formats.md").read_text(encoding="utf-8")
    body = re.search(rf"^## {re.escape(section)}\n(.*?)(?=^## )", text, re.S | re.M).group(1)
    example = re.search(r"^```yaml\n(.*?)^```", body, re.S | re.M).group(1)
    (demo_workspace / target).write_text(example, encoding="utf-8")
    found = [(d.line, d.column, d.code, d.message) for d in check(demo_workspace).diagnostics if d.file == target]
    assert [d for d in found if d[2] not in allowed | {"SW309"}] == []
    if section != "Quality inputs: quality/":  # (that example's texts are in English only)
        assert all("has no de text" in d[3] for d in found if d[2] == "SW309")
