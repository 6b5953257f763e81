"""The JSON Schemas of the YAML files: valid draft 07, and they accept exactly what the loader
accepts: on the demo, on every fixture, on each broken fixture (rejected at the diagnostic's
position) and on random mutations of valid files."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator
from pydantic import ValidationError

from skillweave.diagnostics import DiagnosticSink
from skillweave.formats import json_schema as js
from skillweave.load import yamlsource
from skillweave.load.curriculum import load_curriculum
from skillweave.model import ProviderQuality
from skillweave.load.workspace import Workspace
from skillweave.model import ID_RE

from .conftest import FIXTURES, REPO, copy_workspace
from .test_rules import CASES, _apply

#: the codes of a file's structure (types, keys, ids) that a schema can see on its own
STRUCTURAL = {"SW102", "SW103", "SW104", "SW105"}


def validator(spec: js.FileSchema) -> Draft7Validator:
    return Draft7Validator(js.build(spec), format_checker=Draft7Validator.FORMAT_CHECKER)


VALIDATORS = {spec.name: validator(spec) for spec in js.SCHEMAS}


def as_json(data: Any) -> Any:
    """The data as an editor sees it: plain JSON values (YAML numbers lose how they were written)."""
    return json.loads(json.dumps(data))


def yaml_files(root: Path) -> list[str]:
    out = []
    for folder in ("curricula", "quality"):
        for path in sorted((root / folder).rglob("*.yaml")) if (root / folder).is_dir() else []:
            rel = path.relative_to(root).as_posix()
            if js.for_path(rel) is not None:
                out.append(rel)
    return out


def schema_positions(spec: js.FileSchema, data: Any, smap: yamlsource.SourceMap) -> set[tuple[int, int]]:
    """Where the schema's errors are, as (line, column) in the file: the same places as the loader's."""
    out = set()
    schema_errors = list(VALIDATORS[spec.name].iter_errors(as_json(data)))
    for err in schema_errors:
        for sub in [err, *_leaves(err)]:
            path = tuple(sub.absolute_path)
            if sub.validator == "additionalProperties" and isinstance(sub.instance, dict):
                allowed = set(sub.schema.get("properties", {}))
                out |= {smap.key(path + (k,)) for k in sub.instance if k not in allowed}
            elif sub.validator == "propertyNames":
                out |= {smap.key(path + (k,)) for k in sub.instance}
            elif sub.validator == "required":
                out.add(smap.key(path) if path else (1, 1))
            else:
                out.add(smap.value(path))
    return out


def _leaves(err):
    for sub in err.context or ():
        yield sub
        yield from _leaves(sub)


def workspaces() -> list[tuple[str, Path | None, Path | None]]:
    out = [("demo", REPO, None)]
    out += [(name, FIXTURES / name, None) for name in ("base", "analyses", "quality")]
    out += [(f"broken/{case.name}", None, case) for case in CASES]
    return out


@pytest.mark.parametrize("spec", js.SCHEMAS, ids=lambda s: s.name)
def test_schemas_are_valid_draft_07(spec: js.FileSchema):
    schema = js.build(spec)
    Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert js.render(spec) == js.render(spec)  # deterministic


@pytest.mark.parametrize("spec", js.SCHEMAS, ids=lambda s: s.name)
def test_every_property_has_a_description(spec: js.FileSchema):
    """Editors show it on hover."""
    missing = []

    def walk(node, where):
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                if not prop.get("description"):
                    missing.append(f"{where}.{name}")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    walk(js.build(spec), spec.name)
    assert not missing, "add to skillweave.formats.json_schema.DESCRIPTIONS: " + ", ".join(missing)


@pytest.mark.parametrize("name,root,case", workspaces(), ids=[w[0] for w in workspaces()])
def test_schema_and_loader_agree_on_every_workspace_file(name: str, root: Path | None, case: Path | None,
                                                         tmp_path: Path):
    """Each YAML file of the demo and of every fixture: the schema rejects it exactly when the
    loader reports a structural problem (SW102-SW105) in it, and at the same places."""
    if case is not None:
        root = copy_workspace(FIXTURES / "base", tmp_path / "ws")
        _apply(case, root)
    assert root is not None
    sink = DiagnosticSink()
    load_curriculum(Workspace(root), sink)
    checked = 0
    for rel in yaml_files(root):
        spec = js.for_path(rel)
        text, problem = yamlsource.decode((root / rel).read_bytes())
        if problem:
            continue
        data, smap, problems = yamlsource.load(text)
        if problems:  # YAML syntax or duplicate keys: the editor's YAML parser reports those itself
            continue
        loader = {(d.line, d.column) for d in sink.items if d.file == rel and d.code in STRUCTURAL}
        schema = schema_positions(spec, data, smap)
        assert bool(loader) == bool(schema), (rel, loader, schema)
        assert loader <= schema, (rel, loader, schema)
        checked += 1
    assert checked


STRUCTURAL_CASES = [c for c in CASES if c.name.split("-", 1)[0] in STRUCTURAL
                    and any(line.split(":")[0].endswith(".yaml")
                            for line in (c / "expected.txt").read_text().splitlines())]


def test_structural_broken_fixtures_are_the_expected_ones():
    names = {c.name for c in STRUCTURAL_CASES}
    assert {"SW102-invalid-value", "SW103-unknown-key", "SW103-quality-unknown-key", "SW104-missing-key",
            "SW105-invalid-id"} <= names


@pytest.mark.parametrize("case", STRUCTURAL_CASES, ids=[c.name for c in STRUCTURAL_CASES])
def test_schema_rejects_each_structural_error_of_the_broken_fixtures(case: Path, tmp_path: Path):
    ws = copy_workspace(FIXTURES / "base", tmp_path / "ws")
    _apply(case, ws)
    for line in (case / "expected.txt").read_text().splitlines():
        where, code = line.rsplit(" ", 1)
        rel, row, col = where.rstrip(":").split(":")
        if code not in STRUCTURAL or not rel.endswith(".yaml"):
            continue
        spec = js.for_path(rel)
        data, smap, problems = yamlsource.load((ws / rel).read_text(encoding="utf-8"))
        assert not problems
        assert (int(row), int(col)) in schema_positions(spec, data, smap), line


# --- random mutations of valid files ------------------------------------------------------------

def _documents() -> dict[str, list[Any]]:
    docs: dict[str, list[Any]] = {spec.name: [] for spec in js.SCHEMAS}
    for root in (REPO, FIXTURES / "base", FIXTURES / "analyses", FIXTURES / "quality"):
        for rel in yaml_files(root):
            data, _smap, problems = yamlsource.load((root / rel).read_text(encoding="utf-8"))
            assert not problems
            docs[js.for_path(rel).name].append(as_json(data))
    return docs


DOCUMENTS = _documents()

#: values that the loader and the schema might disagree about
POOL: list[Any] = [
    None, True, False, 0, 1, -1, 4, 8, 9, 12, 60, 100, 713, 10000, 4.5, -0.5, 3.6, 2025, 1e21,
    "", " ", "x", "4", "12", "4.5", "true", "yes", "NO", "no", "en", "EN", "eng", "NL", "nl", "0713", "07", " 0713 ",
    "7", "43.21", "2026-03-01", "2026-02-30", "2026-3-1", "2026-03-01T00:00:00", "20260301", "Mounting_1",
    "pv-design", "-pv", "a" * 65, "vet-provider", "employer", "skill", "skills", "approved", "draft",
    "http://data.europa.eu/esco/skill/x", "\u00e9t\u00e9",
    [], [None], ["x"], ["pv-design"], ["en", "nl"], [1], [""], [{"en": "x"}], [{}],
    {}, {"en": "x"}, {"EN": "x"}, {"en": ""}, {"en": 4}, {"xx": "y"}, {"en": "x", "nl": "y"},
    {"school": 10}, {"school": "10"}, {"partner": "vet-a", "date": "2026-03-01"},
    {"partner": "vet-a", "date": 20260301}, {"nace": 43.21}, {"pic": 999}, {"pic": None},
    {"internal": True, "accredited": False}, {"internal": "true", "accredited": False},
    {"value": 3.6, "year": 2025, "source": "x"}, {"min_vet_providers": 1},
]


def _paths(node: Any, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, path + (i,))
    return out


def _get(node: Any, path: tuple) -> Any:
    for part in path:
        node = node[part]
    return node


@st.composite
def mutated(draw, name: str):
    doc = copy.deepcopy(draw(st.sampled_from(DOCUMENTS[name])))
    for _ in range(draw(st.integers(1, 2))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        op = draw(st.sampled_from(["replace", "replace", "replace", "delete", "add"]))
        if not path:
            if op == "replace":
                doc = copy.deepcopy(draw(st.sampled_from(POOL)))
            continue
        parent = _get(doc, path[:-1])
        if op == "replace":
            parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(POOL)))
        elif op == "delete":
            del parent[path[-1]]
        else:
            target = _get(doc, path)
            if isinstance(target, dict):
                key = draw(st.sampled_from(["contributers", "nace", "en", "x", "School", "vet-b", "Vet_B"]))
                target[key] = copy.deepcopy(draw(st.sampled_from(POOL)))
            elif isinstance(target, list):
                target.append(copy.deepcopy(draw(st.sampled_from(POOL))))
    return doc


def loader_accepts(spec: js.FileSchema, data: Any) -> bool:
    """What :class:`skillweave.load.curriculum.Loader` does with a file's data, without the file."""
    if not isinstance(data, dict):
        return False
    context = {"default_language": "en"}
    try:
        if spec.name == "providers":
            for key, entry in data.items():
                if not ID_RE.match(key):
                    return False
                ProviderQuality.model_validate(entry, context=context)
        else:
            spec.root.model_validate(data, context=context)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("name", [spec.name for spec in js.SCHEMAS])
def test_schema_and_model_agree_on_mutated_files(name: str):
    spec = js.by_name(name)
    check = VALIDATORS[name]

    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(mutated(name))
    def agree(doc):
        errors = list(check.iter_errors(doc))
        assert loader_accepts(spec, doc) == (not errors), (doc, [e.message for e in errors])

    agree()


def test_the_walker_refuses_what_it_cannot_express():
    """A lax type would make the schema and the loader disagree: generation stops instead."""
    from pydantic import BaseModel, ConfigDict

    class Lax(BaseModel):
        model_config = ConfigDict(extra="forbid")
        count: int

    with pytest.raises(js.SchemaError, match="Whole"):
        js.build(js.FileSchema("lax", Lax, "t", "d", ("x.yaml",)))

    class Loose(BaseModel):
        model_config = ConfigDict(extra="forbid")
        flag: bool

    with pytest.raises(js.SchemaError, match="StrictBool"):
        js.build(js.FileSchema("loose", Loose, "t", "d", ("x.yaml",)))


def test_for_path():
    assert js.for_path("curricula/units/a.yaml").name == "unit"
    assert js.for_path("curricula/national/vet-a/units/a.yaml").name == "unit"
    assert js.for_path("curricula/national/vet-a/qualification.yaml").name == "national-qualification"
    assert js.for_path("curricula/programmes/p.yaml").name == "programme"
    assert js.for_path("curricula/alliance.yaml").name == "alliance"
    assert js.for_path("quality/providers.yaml").name == "providers"
    assert js.for_path("curricula/units/sub/a.yaml") is None
    assert js.for_path("curricula/other.yaml") is None


def test_the_documents_that_are_mutated_are_valid_and_stay_so():
    """The starting points of the mutations are valid (and the mutations work on copies)."""
    for name, docs in DOCUMENTS.items():
        assert docs, name
        for doc in docs:
            assert loader_accepts(js.by_name(name), doc), name
            assert not list(VALIDATORS[name].iter_errors(doc)), name


@pytest.mark.parametrize("figure", [{"value": 4, "description": None}, {"value": None, "description": {"en": "x"}},
                                    {"value": None, "description": None}])
def test_a_figure_with_a_null_part_is_refused_by_schema_and_model_alike(figure):
    """Found by the property test above (a null description passed the schema, not the model)."""
    import yaml

    spec = js.by_name("providers")
    data = yaml.safe_load((REPO / "quality" / "providers.yaml").read_text(encoding="utf-8"))
    provider = next(iter(data))
    entry = next(e for e in data[provider]["needs_mechanisms"] if isinstance(e, dict) and "evidence" in e)
    entry["evidence"] = figure
    assert not loader_accepts(spec, data)
    assert not validator(spec).is_valid(as_json(data))
