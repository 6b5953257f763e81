"""JSON Schemas of the workspace's YAML files, for completion and inline errors in editors.

The schemas are generated from the model (:mod:`skillweave.model` and the quality inputs) by
walking each field's type, so a field added to a model appears in them without further work. They
accept what the loader accepts, as far as a JSON Schema over YAML 1.2 data can tell:

* multilingual text is a non-empty string or a mapping from two-letter language codes to
  non-empty strings;
* ids, language codes and country codes carry the model's patterns;
* numbers are YAML numbers (the model refuses text and true/false where it expects a number), whole
  numbers where the model wants an int;
* *codes* (NACE, ISCED-F, NQF levels, identifiers) are text or a number, because the loader keeps
  an unquoted code as written; a code with a pattern accepts the numbers whose digits match it;
* dates are text of the form YYYY-MM-DD that is a real date;
* unknown keys are errors, as in ``check``.

What needs more than one file (references, the default language among ``languages``, sums of
points) is left to ``check``. The walker refuses a type it cannot express exactly (a plain ``int``
that would accept ``"4"`` or ``true``, a ``bool`` that would accept ``"yes"``): use the model's
``Whole``, ``Number``, ``Date`` and ``StrictBool`` types, and the schemas stay exact.

Draft 07 is used because it is what editors' YAML support (yaml-language-server) implements fully.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic.functional_validators import BeforeValidator
from pydantic.types import Strict, StringConstraints

from skillweave import model as m
from skillweave.errors import SchemaError

DRAFT = "http://json-schema.org/draft-07/schema#"


@dataclass(frozen=True)
class FileSchema:
    """One schema: its name (``<name>.schema.json``), the type of a whole file, and the files."""

    name: str
    root: Any
    title: str
    description: str
    #: the workspace files it describes, as glob patterns relative to the workspace
    globs: tuple[str, ...]

    @property
    def file_name(self) -> str:
        return f"{self.name}.schema.json"


SCHEMAS: tuple[FileSchema, ...] = (
    FileSchema("alliance", m.Alliance, "skillweave alliance (curricula/alliance.yaml)",
               "The alliance: its partners, languages and co-design rule.",
               ("curricula/alliance.yaml",)),
    FileSchema("programme", m.Programme, "skillweave programme (curricula/programmes/ID.yaml)",
               "A joint programme: a qualification made of units. The file is named after its id.",
               ("curricula/programmes/*.yaml",)),
    FileSchema("unit", m.Unit, "skillweave unit (curricula/units/ID.yaml)",
               "A unit of learning outcomes. The file is named after its id.",
               ("curricula/units/*.yaml", "curricula/national/*/units/*.yaml")),
    FileSchema("national-qualification", m.NationalQualification,
               "skillweave national qualification (curricula/national/PARTNER/qualification.yaml)",
               "A partner's existing national qualification, compared with the joint units by skillweave map.",
               ("curricula/national/*/qualification.yaml",)),
    FileSchema("providers", dict[m.Id, m.ProviderQuality], "skillweave EQAVET declarations (quality/providers.yaml)",
               "What each VET provider declares for the EQAVET indicators, by partner id.",
               ("quality/providers.yaml",)),
)

#: the hover text of every model and field, for designers ("Model.field", or "field" for any model)
DESCRIPTIONS: dict[str, str] = {
    # models
    "Text": "Text in the alliance's languages: one string (in the default language) or a mapping "
            "from a two-letter language code to the text, e.g. {en: ..., nl: ...}.",
    "Partner": "A partner organisation of the alliance.",
    "Sector": "The economic sector of the alliance.",
    "ApprovalRule": "How many partners of each kind must approve a unit before it may be approved.",
    "Hours": "Hours of learning in the unit.",
    "Approval": "A partner's approval of the unit.",
    "LearningOutcome": "A learning outcome: what a learner knows or is able to do after the unit.",
    "ProviderQuality": "What one VET provider declares for EQAVET; a section left out is not declared.",
    "QaSystem": "The provider's quality assurance system (EQAVET indicator 1).",
    "Staff": "Teachers and trainers and their further training (EQAVET indicator 2).",
    "UnemploymentRate": "The regional unemployment rate (EQAVET indicator 7).",
    "Contact": "A contact person for mobilities: memoranda name it, learning agreements name a host "
               "employer's contact as the mentor.",
    "GradingScheme": "A grading scheme: a numeric scale or labels, best first.",
    "NumericScale": "A numeric scale: highest is the best grade (the smaller number where lower is better).",
    "GradeLabel": "A grade in words; it passes unless pass: false.",
    "MouTerms": "The validity and review of the alliance's memoranda of understanding.",
    # fields found in several models
    "id": "The id: 1 to 64 lower-case letters, digits and hyphens, starting with a letter or digit.",
    "title": "The title (text in the alliance's languages).",
    "description": "A description (text in the alliance's languages).",
    "eqf_level": "The level in the European Qualifications Framework, 1 to 8.",
    "nqf_level": "The level in the national qualifications framework, as text (e.g. \"NL 4\"), or per "
                 "awarding country a mapping (e.g. {NL: \"4\", DE: \"4\"}).",
    "ecvet_points": "ECVET credit points (60 points are one year of full-time VET).",
    "units": "Unit ids, in teaching order.",
    "country": "The country: ISO 3166-1 alpha-2 code in capitals (NL, DE, BE).",
    "name": "The name (text in the alliance's languages).",
    # alliance.yaml
    "Alliance.id": "The alliance's id: lower-case letters, digits and hyphens.",
    "Alliance.sector": "The sector: nace (the NACE code) and label.",
    "Alliance.languages": "The languages of the joint curriculum: two-letter ISO 639-1 codes.",
    "Alliance.default_language": "The language of plain strings; one of languages.",
    "Alliance.approval": "The co-design quorum: approvals a unit needs before status: approved.",
    "Alliance.base_uri": "Where the exported RDF resources live, e.g. https://curricula.example.org/my-alliance/ "
                         "(default urn:skillweave:<id>:).",
    "Alliance.partners": "The partner organisations.",
    "Alliance.grading_schemes": "The grading schemes of the partners' grades, by scheme id (needed once a result "
                                "has a grade).",
    "Alliance.mou": "Validity (valid_from, valid_until) and review of the memoranda of understanding.",
    "Sector.nace": "The NACE code of the sector, e.g. \"43.21\" (write it in quotes).",
    "Sector.label": "The sector's name.",
    "ApprovalRule.min_vet_providers": "Approvals from VET providers that an approved unit needs (default 1).",
    "ApprovalRule.min_employers": "Approvals from employers that an approved unit needs (default 1).",
    "Partner.id": "The partner's id, used in owner, contributors, approvals and the learner records.",
    "Partner.type": "The kind of organisation.",
    "Partner.identifiers": "Identifiers by scheme: pic (Erasmus+ PIC), erasmus (Erasmus code), legal "
                           "(registration number), vat; other keys are local identifiers.",
    "Partner.url": "The organisation's web site.",
    "Partner.grading": "The id of the grading scheme (grading_schemes) of the grades this partner gives.",
    "Partner.contact": "The contact person for mobilities: name, role, email, phone.",
    "Contact.name": "The contact's name.",
    "Contact.role": "The contact's role (text in the alliance's languages).",
    "Contact.email": "The contact's e-mail address.",
    "Contact.phone": "The contact's telephone number.",
    "GradingScheme.scale": "A numeric scale: lowest, highest (the best grade), pass (the lowest passing grade), "
                           "decimals.",
    "GradingScheme.labels": "Grades in words, best first; mark failing ones {label: ..., pass: false}.",
    "NumericScale.lowest": "The worst grade.",
    "NumericScale.highest": "The best grade (the smaller number on a scale where lower is better, e.g. 1 of 1-6).",
    "NumericScale.pass_mark": "The pass mark: the lowest grade that passes.",
    "NumericScale.decimals": "How many decimals a grade may have (default 0).",
    "GradeLabel.label": "The grade as results.csv writes it.",
    "GradeLabel.passing": "false for a failing grade (default true).",
    "MouTerms.valid_from": "The first day the memoranda are valid, YYYY-MM-DD.",
    "MouTerms.valid_until": "The last day the memoranda are valid, YYYY-MM-DD.",
    "MouTerms.review": "When and how the partners review the memoranda (text).",
    # programmes
    "Programme.isced_f": "The ISCED-F 2013 field of education, 2 to 4 digits, e.g. \"0713\" (write it in quotes).",
    "Programme.occupations": "The target occupations: ESCO occupation URIs or exact labels, at least one.",
    "Programme.duration_months": "The nominal duration in months.",
    "Programme.maximum_duration_months": "The longest a learner may take, in months, where the awarding partners "
                                         "set one (not the nominal duration).",
    "Programme.awarding_partners": "Ids of the partners that award the qualification.",
    "Programme.units": "Ids of the programme's units, in teaching order.",
    # units
    "Unit.owner": "The id of the partner responsible for the unit.",
    "Unit.contributors": "Ids of the partners who designed the unit with its owner.",
    "Unit.prerequisites": "Ids of the units a learner completes first.",
    "Unit.hours": "Hours of school-based and of work-based learning.",
    "Unit.assessment_methods": "How the unit is assessed, e.g. written test, practical demonstration (texts).",
    "Unit.teaching_methods": "How the unit is taught, e.g. work-based learning, simulation (texts).",
    "Unit.languages_of_instruction": "The languages the unit is taught in: two-letter codes.",
    "Unit.delivered_by": "Ids of the partners that deliver and assess the unit for mobilities; without it every "
                         "VET provider may, and employers host its work-based part.",
    "Unit.status": "draft, proposed or approved (approved needs the alliance's quorum of approvals).",
    "Unit.approvals": "The partners' approvals of the unit.",
    "Unit.learning_outcomes": "The unit's learning outcomes.",
    "Hours.school": "Hours of school-based learning.",
    "Hours.workplace": "Hours of work-based learning.",
    "Approval.partner": "The id of the approving partner.",
    "Approval.date": "The date of the approval, YYYY-MM-DD.",
    "Approval.note": "Conditions or remarks.",
    "Approval.fingerprint": "The fingerprint of the unit's learning content that was approved, written by "
                            "'skillweave approve'; when the content changes, the approval no longer counts.",
    "LearningOutcome.id": "The outcome's id, unique in the workspace (e.g. the unit's id and a number).",
    "LearningOutcome.type": "knowledge, skill or competence (responsibility and autonomy).",
    "LearningOutcome.statement": "What the learner knows or can do, e.g. \"Mounts PV panels ...\".",
    "LearningOutcome.esco": "ESCO skills the outcome covers: skill URIs or exact labels.",
    "LearningOutcome.assessment": "How this outcome is assessed.",
    # national qualifications
    "NationalQualification.units": "Ids of the units in this folder's units/.",
    # quality/providers.yaml
    "ProviderQuality.qa_system": "The quality assurance system (EQAVET indicator 1).",
    "Declared.text": "The mechanism (indicator 9a) or scheme (10a), in the alliance's languages.",
    "Declared.evidence": "Evidence of its effectiveness (9b, 10b): a text, or a figure with what it measures.",
    "Evidence.text": "The evidence as a text.",
    "Evidence.value": "The evidence as a figure (a number); describe what it measures in description.",
    "Evidence.description": "What the figure measures (e.g. learners who entered through the scheme in 2025).",
    "ProviderQuality.staff": "Teachers and trainers and their further training (EQAVET indicator 2).",
    "ProviderQuality.unemployment_rate": "The regional unemployment rate (EQAVET indicator 7).",
    "ProviderQuality.needs_mechanisms": "How the provider identifies training needs of the labour market "
                                        "(EQAVET indicator 9).",
    "ProviderQuality.access_schemes": "Schemes that widen access to training (EQAVET indicator 10).",
    "QaSystem.internal": "Whether the provider has an internal quality assurance system.",
    "QaSystem.accredited": "Whether the provider is accredited.",
    "QaSystem.framework": "The quality framework followed.",
    "Staff.teachers_and_trainers": "The number of teachers and trainers.",
    "Staff.in_further_training": "How many of them took part in further training.",
    "Staff.training_investment_eur": "The money spent on their training, in euros.",
    "UnemploymentRate.value": "The rate in per cent (3.6 means 3.6 %).",
    "UnemploymentRate.year": "The year of the figure.",
    "UnemploymentRate.source": "Where the figure comes from.",
}


def describe(model: type, field: str | None = None) -> str | None:
    name = model.__name__
    if field is None:
        return DESCRIPTIONS.get(name)
    return DESCRIPTIONS.get(f"{name}.{field}") or DESCRIPTIONS.get(field)


# --- the walker -------------------------------------------------------------------------------

_DATE = {"type": "string", "pattern": "^" + m.ISO_DATE_RE.pattern + "$", "format": "date"}
_SIMPLE_PATTERN = re.compile(r"^\^[\[\]a-zA-Z0-9{},\-\\]*\$$")
_DIGITS = re.compile(r"^\^\[0-9\]\{(\d+),(\d+)\}\$$")


@dataclass
class _Constraints:
    numbers: dict[str, Any]
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    strip: bool = False
    strict: bool = False
    #: the BeforeValidator functions, in order
    before: tuple = ()


def _constraints(metadata: list) -> _Constraints:
    c = _Constraints(numbers={})
    for item in metadata:
        if isinstance(item, FieldInfo):
            sub = _constraints(list(item.metadata))
            c.numbers.update(sub.numbers)
            c.min_length = sub.min_length if sub.min_length is not None else c.min_length
            c.max_length = sub.max_length if sub.max_length is not None else c.max_length
            c.before += sub.before
            continue
        if isinstance(item, annotated_types.Ge):
            c.numbers["minimum"] = item.ge
        elif isinstance(item, annotated_types.Gt):
            c.numbers["exclusiveMinimum"] = item.gt
        elif isinstance(item, annotated_types.Le):
            c.numbers["maximum"] = item.le
        elif isinstance(item, annotated_types.Lt):
            c.numbers["exclusiveMaximum"] = item.lt
        elif isinstance(item, annotated_types.MinLen):
            c.min_length = item.min_length
        elif isinstance(item, annotated_types.MaxLen):
            c.max_length = item.max_length
        elif isinstance(item, StringConstraints):
            if item.min_length is not None:
                c.min_length = item.min_length
            if item.max_length is not None:
                c.max_length = item.max_length
            if item.pattern is not None:
                c.pattern = str(item.pattern)
            if item.strip_whitespace:
                c.strip = True
            if item.to_lower or item.to_upper:
                raise SchemaError("StringConstraints(to_lower/to_upper) has no JSON Schema equivalent")
        elif isinstance(item, Strict):
            c.strict = item.strict
        elif isinstance(item, BeforeValidator):
            c.before += (item.func,)
        elif type(item).__name__ == "AllowInfNan":
            pass  # JSON (and so an editor's view of YAML) has no infinite numbers anyway
        else:
            raise SchemaError(f"unsupported type metadata {item!r}")
    return c


def _pattern(pattern: str) -> str:
    if not _SIMPLE_PATTERN.match(pattern):
        raise SchemaError(f"pattern {pattern!r} may mean something else in JSON Schema; keep patterns simple")
    return pattern


class _Walker:
    def __init__(self) -> None:
        self.definitions: dict[str, dict] = {}

    # -- models ---------------------------------------------------------------------------------

    def ref(self, cls: type[BaseModel]) -> dict:
        name = cls.__name__
        if name not in self.definitions:
            self.definitions[name] = {}  # reserve the name (recursive models)
            self.definitions[name] = self.model(cls)
        return {"$ref": f"#/definitions/{name}"}

    def model(self, cls: type[BaseModel]) -> dict:
        if cls is m.Evidence:
            # a text alone, or a figure: a mapping is read as a figure only when it has a value
            # (any other mapping is a text by language), so the mapping form requires value
            figure = self._model(cls)
            figure["properties"] = {k: v for k, v in figure["properties"].items() if k != "text"}
            figure["required"] = ["value", "description"]  # a figure says what it measures
            for key in figure["required"]:  # ... and neither may be null (the model refuses both)
                prop = figure["properties"][key]
                prop["anyOf"] = [kind for kind in prop.get("anyOf", []) if kind != {"type": "null"}]
                if len(prop["anyOf"]) == 1:
                    prop.update(prop.pop("anyOf")[0])
            return {"anyOf": [self.ref(m.Text), figure]}
        if cls is m.Declared:  # also written as a text alone (its before-validator)
            return {"anyOf": [self.ref(m.Text), self._model(cls)]}
        return self._model(cls)

    def _model(self, cls: type[BaseModel]) -> dict:
        if cls is m.Text:
            text = self.type(cls.model_fields["root"].annotation, [])
            out = {"anyOf": [{"type": "string", "minLength": 1}, text]}
        else:
            if cls.model_config.get("extra") != "forbid":
                raise SchemaError(f"{cls.__name__} must forbid unknown keys (extra='forbid')")
            properties = {}
            required = []
            for name, info in cls.model_fields.items():
                key = info.alias or name
                prop = self.type(info.annotation, list(info.metadata))
                text = describe(cls, name)
                if text:
                    prop = _with_description(prop, text)
                if info.is_required():
                    required.append(key)
                else:
                    default = info.get_default(call_default_factory=True)
                    if isinstance(default, (str, int, float)) or default == []:
                        prop["default"] = default
                properties[key] = prop
            out = {"type": "object", "properties": properties}
            if required:
                out["required"] = required
            out["additionalProperties"] = False
        text = describe(cls)
        return {"description": text, **out} if text else out

    # -- types ----------------------------------------------------------------------------------

    def type(self, tp: Any, metadata: list) -> dict:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            base, *extra = typing.get_args(tp)
            return self.type(base, list(extra) + metadata)
        c = _constraints(metadata)
        if tp is type(None):
            return {"type": "null"}
        if origin in (typing.Union, types.UnionType):
            if metadata:
                raise SchemaError(f"constraints on a union {tp!r}")
            members: list[dict] = []
            for arg in typing.get_args(tp):
                sub = self.type(arg, [])
                members += sub["anyOf"] if list(sub) == ["anyOf"] else [sub]
            return {"anyOf": members}
        if origin is Literal:
            values = list(typing.get_args(tp))
            kinds = {type(v) for v in values}
            out: dict[str, Any] = {"enum": values}
            if kinds == {str}:
                out = {"type": "string", "enum": values}
            return out
        if origin is list:
            (item,) = typing.get_args(tp)
            out = {"type": "array", "items": self.type(item, [])}
            if c.min_length is not None:
                out["minItems"] = c.min_length
            if c.max_length is not None:
                out["maxItems"] = c.max_length
            return out
        if origin is dict:
            key, value = typing.get_args(tp)
            out = {"type": "object"}
            key_schema = self.type(key, [])
            if key_schema.get("pattern"):
                out["propertyNames"] = {"pattern": key_schema["pattern"]}
            elif key_schema != {"type": "string"}:
                raise SchemaError(f"dict keys of type {key!r}")
            out["additionalProperties"] = self.type(value, [])
            return out
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if metadata:
                raise SchemaError(f"constraints on the model {tp.__name__}")
            return self.ref(tp)
        if tp is str:
            return self.string(c)
        if tp is bool:
            if not c.strict:
                raise SchemaError("a bool field must be StrictBool (plain bool also takes 'yes', 'on', 1)")
            return {"type": "boolean"}
        if tp is int or tp is float:
            guard = m._yaml_whole if tp is int else m._yaml_number
            if guard not in c.before:
                raise SchemaError(f"a YAML {tp.__name__} field must use skillweave.model."
                                  f"{'Whole' if tp is int else 'Number'} (a plain {tp.__name__} also takes "
                                  "text such as '4' and true)")
            return {"type": "integer" if tp is int else "number", **c.numbers}
        if tp is dt.date:
            if m._iso_date not in c.before:
                raise SchemaError("a YAML date field must use skillweave.model.Date (a plain date also takes "
                                  "numbers and date-times)")
            return dict(_DATE)
        raise SchemaError(f"no JSON Schema for the type {tp!r}")

    def string(self, c: _Constraints) -> dict:
        code = m._number_as_written in c.before
        reserved = m._not_reserved in c.before
        unknown = [f for f in c.before if f not in (m._number_as_written, m._not_reserved)]
        if unknown:
            raise SchemaError(f"unknown validators {unknown!r} on a string")
        out: dict[str, Any] = {"type": "string"}
        if c.min_length is not None:
            out["minLength"] = c.min_length
        if c.max_length is not None:
            out["maxLength"] = c.max_length
        if c.pattern is not None:
            pattern = _pattern(c.pattern)
            if c.strip:  # the pattern applies to the text without its surrounding white space
                pattern = "^\\s*" + pattern[1:-1] + "\\s*$"
            out["pattern"] = pattern
        if reserved:
            out["not"] = {"enum": sorted(m.RESERVED_NAMES)}
        if not code:
            return out
        # a code may be written as a number: the loader keeps the number's digits as its text
        if c.pattern is None:
            number: dict[str, Any] = {"type": "number"}
        else:
            digits = _DIGITS.match(c.pattern)
            if not digits:
                raise SchemaError(f"a code with the pattern {c.pattern!r}: which numbers match it?")
            low, high = int(digits.group(1)), int(digits.group(2))
            number = {"type": "integer", "minimum": 10 ** (low - 1) if low > 1 else 0, "maximum": 10 ** high - 1}
        return {"anyOf": [out, number]}


def _with_description(schema: dict, text: str) -> dict:
    if "$ref" in schema:  # draft 07 ignores the siblings of $ref
        return {"description": text, "allOf": [schema]}
    return {"description": text, **schema}


# --- the schemas --------------------------------------------------------------------------------

def build(spec: FileSchema) -> dict:
    """The JSON Schema (a dict) of one kind of file."""
    walker = _Walker()
    if isinstance(spec.root, type) and issubclass(spec.root, BaseModel):
        root = walker.model(spec.root)
        root.pop("description", None)
    else:
        root = walker.type(spec.root, [])
    out: dict[str, Any] = {"$schema": DRAFT, "title": spec.title, "description": spec.description, **root}
    if walker.definitions:
        out["definitions"] = dict(sorted(walker.definitions.items()))
    return out


def render(spec: FileSchema) -> str:
    return json.dumps(build(spec), indent=2, ensure_ascii=False) + "\n"


def schema_files() -> dict[str, str]:
    """{file name: JSON text} of every schema."""
    return {spec.file_name: render(spec) for spec in SCHEMAS}


def by_name(name: str) -> FileSchema:
    for spec in SCHEMAS:
        if spec.name == name:
            return spec
    raise KeyError(name)


def for_path(rel: str) -> FileSchema | None:
    """The schema of a workspace file (a path relative to the workspace, with /), if it has one."""
    from fnmatch import fnmatchcase

    for spec in SCHEMAS:
        for glob in spec.globs:
            if fnmatchcase(rel, glob) and rel.count("/") == glob.count("/"):
                return spec
    return None
