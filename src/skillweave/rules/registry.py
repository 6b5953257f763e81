"""Every rule of ``skillweave check``, in the order they run.

A rule is a function of a :class:`~skillweave.rules.context.RuleContext` that reports through
its sink. It declares the codes it emits (``rule.codes``) and its docstring is its user
documentation (``docs/diagnostics.md`` says the same, by code). Each code is decided by exactly
one rule; the codes of problems within one file (syntax, types, unknown keys, duplicate ids) are
the loaders' (:data:`LOAD_CODES`).
"""

from __future__ import annotations

from skillweave.diagnostics import DiagnosticSink
from skillweave.model import Curriculum, Resolved
from skillweave.rules import curriculum, languages, paths, quality, records, references
from skillweave.rules.context import Rule, RuleContext
from skillweave.vocab.base import Vocabulary

RULES: tuple[Rule, ...] = (
    # references between files (the ESCO rule first: the duplicates rule uses what it resolved)
    references.esco_references,
    references.partner_references,
    references.national_unit_owners,
    references.unit_references,
    references.programme_references,
    references.learner_references,
    references.duplicate_entries,
    # the curriculum
    curriculum.prerequisite_cycles,
    curriculum.prerequisite_levels,
    curriculum.unit_levels,
    curriculum.ecvet_points,
    curriculum.nqf_levels,
    curriculum.base_uri,
    curriculum.unit_outcomes,
    curriculum.outcome_esco_links,
    curriculum.units_in_programmes,
    curriculum.approval_fingerprints,
    curriculum.approval_quorum,
    languages.languages,
    paths.learning_paths,
    # learner records
    records.record_dates,
    records.units_of_learner_programme,
    records.mobility_units_delivered,
    records.result_outcomes,
    records.mobility_partners,
    records.grading_schemes,
    records.result_grades,
    # quality inputs
    quality.quality_declarations,
    quality.staff_figures,
    quality.tracking_completers,
    quality.tracking_answers,
)

#: codes decided while reading files (skillweave.load: the workspace's YAML and CSV files;
#: skillweave.vocab: vocabulary files and ``vocab import``), not by a rule
LOAD_CODES: dict[str, tuple[str, ...]] = {
    "workspace files (skillweave.load)": (
        "SW001", "SW002", "SW100", "SW101", "SW102", "SW103", "SW104", "SW105", "SW106", "SW107", "SW108",
        "SW110", "SW111", "SW601", "SW602", "SW603"),
    "vocabulary files (skillweave.vocab.sources, skillweave.vocab.store)": ("SW109",),
    "import (skillweave.importers)": ("SW112",),
    "vocab import (skillweave.vocab.esco_csv)": (
        "SW401", "SW402", "SW403", "SW404", "SW405", "SW406", "SW407", "SW408"),
}


def run(cur: Curriculum, vocab: Vocabulary, sink: DiagnosticSink, rules: tuple[Rule, ...] = RULES) -> Resolved:
    """Run ``rules`` over a loaded workspace; return the ESCO references they resolved."""
    ctx = RuleContext(cur, vocab, sink)
    for rule in rules:
        rule(ctx)
    return ctx.resolved
