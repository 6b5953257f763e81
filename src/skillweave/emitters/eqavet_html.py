"""The EQAVET dashboard: a view model of the quality report (tiles, inline SVG bar charts, the
table of every indicator, the providers' declarations), rendered by ``quality.html.j2``.

Charts are computed here as plain geometry so that the template only draws them; there are no
scripts, and a strict Content-Security-Policy in the page keeps it that way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from skillweave.analyses.eqavet import (
    AGE_BAND_LABELS,
    INDICATOR_TITLES,
    MIN_DENOMINATOR,
    Completion,
    Count,
    QualityReport,
    Rate,
    Satisfaction,
    Scope,
)
from skillweave.formats import numbers
from skillweave.model import STATUSES, TRACKING_POINTS

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.model import Project

STATUS_COLOURS = {"employed": "#1f6f5c", "self-employed": "#5fae94", "education": "#3b6fb0",
                  "unemployed": "#c0504d", "inactive": "#d79b2a", "unknown": "#b5bcc8"}
SERIES_COLOURS = ("#1f6f5c", "#3b6fb0", "#d79b2a", "#8e5ea2", "#c0504d", "#5fae94")

LABEL_W = 250  # room for the row labels
PLOT_W = 440
VALUE_W = 170  # room for the value after a bar
ROW_H = 26
LABEL_CHARS = 35
BAR_H = 16


def pct(value: float | None) -> str:
    return numbers.percent(value, missing="–")


@dataclass
class Cell:
    """One figure as the dashboard shows it."""

    text: str
    detail: str = ""
    suppressed: bool = False
    #: small lines under the value (breakdowns)
    lines: list[str] = field(default_factory=list)


def _of(n: int, noun: str) -> str:
    """``noun`` ("providers", "teachers and trainers") for n of them: "1 of 1 provider"."""
    if n == 1 and noun.endswith("s") and " " not in noun:
        return noun[:-1]
    return noun


def rate_cell(r: Rate, of: str = "") -> Cell:
    if r.suppressed:
        return Cell("suppressed", "disclosure control", True)
    if r.value is None:
        return Cell("–", "nothing declared" if not r.people else "")
    return Cell(pct(r.value), f"{r.numerator} of {r.denominator}{' ' + _of(r.denominator, of) if of else ''}")


def count_text(c: Count) -> str:
    return "suppressed" if c.suppressed else str(c.value)


def satisfaction_cell(s: Satisfaction) -> Cell:
    if s.rate.suppressed:
        return Cell("suppressed", "", True)
    return rate_cell(s.rate, "answers")


# --- charts -------------------------------------------------------------------------------------

@dataclass
class Bar:
    x: float
    y: float
    w: float
    h: float
    colour: str
    label: str = ""  # drawn inside the bar when it fits
    title: str = ""
    #: drawn after the plot, level with the bar (multi-series charts)
    value: str = ""
    value_suppressed: bool = False


@dataclass
class Row:
    label: str
    y: float
    bars: list[Bar] = field(default_factory=list)
    #: drawn after the bars
    value: str = ""
    value_x: float = 0
    value_y: float = 0
    suppressed: bool = False
    group: bool = False  # a group heading row (no bar)

    @property
    def short(self) -> str:
        """The label cut to fit left of the plot (about 7 px a character at 12 px)."""
        return self.label if len(self.label) <= LABEL_CHARS else self.label[:LABEL_CHARS - 1].rstrip() + "…"


@dataclass
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    rows: list[Row]
    ticks: list[tuple[float, str]]
    plot_x: int
    plot_top: int
    plot_bottom: int
    legend: list[tuple[str, str]] = field(default_factory=list)

    @property
    def value_x(self) -> int:
        return self.plot_x + PLOT_W + 8


def _ticks() -> list[tuple[float, str]]:
    return [(LABEL_W + PLOT_W * k / 4, f"{k * 25} %") for k in range(5)]


def bar_chart(chart_id: str, title: str, description: str,
              groups: list[tuple[str, list[tuple[str, Rate]]]], series: list[str] | None = None) -> Chart:
    """Horizontal bars of rates: ``groups`` of (heading, [(row label, rate)]); with ``series``, the
    rates of a row label are listed once per series, in order, as bars in one row."""
    rows: list[Row] = []
    y = 28.0
    n_series = len(series) if series else 1
    row_h = ROW_H if n_series == 1 else 8 + n_series * (BAR_H - 2)
    for heading, items in groups:
        if heading:
            rows.append(Row(heading, y + 12, group=True))
            y += 22
        # one row per scope: with series, each scope gives n_series consecutive rates (scopes are
        # not told apart by their labels: two programmes may share a title)
        rows_of = [(items[i][0], [r for _, r in items[i:i + n_series]]) for i in range(0, len(items), n_series)]
        for label, rates in rows_of:
            row = Row(label, y + row_h / 2 + 4)
            bh = BAR_H if n_series == 1 else BAR_H - 4
            values = []
            for k, r in enumerate(rates):
                by = y + (row_h - n_series * bh - (n_series - 1) * 2) / 2 + k * (bh + 2)
                colour = SERIES_COLOURS[k % len(SERIES_COLOURS)]
                name = series[k] if series else ""
                if r.suppressed or r.value is None:
                    text = "suppressed" if r.suppressed else "no data"
                    # hatched means suppressed (the legend says so); no data draws no bar
                    fill = "url(#hatch-" + chart_id + ")" if r.suppressed else "none"
                    row.bars.append(Bar(LABEL_W, by, PLOT_W, bh, fill,
                                        title=f"{name + ': ' if name else ''}suppressed by disclosure control"
                                        if r.suppressed else "no data",
                                        value=text, value_suppressed=True))
                    values.append(text)
                else:
                    w = max(PLOT_W * r.value, 1.5)
                    row.bars.append(Bar(LABEL_W, by, w, bh, colour,
                                        title=f"{name + ': ' if name else ''}{pct(r.value)} ({r.numerator} of "
                                              f"{r.denominator})", value=pct(r.value)))
                    values.append(pct(r.value))
            if n_series == 1:  # the row's value says it
                for b in row.bars:
                    b.value = ""
            row.value = "" if n_series > 1 else values[0]
            row.value_x = LABEL_W + PLOT_W + 8
            row.value_y = y + row_h / 2 + 4
            row.suppressed = all(r.suppressed for r in rates)
            rows.append(row)
            y += row_h
    height = int(y + 26)
    legend = [(SERIES_COLOURS[k], s) for k, s in enumerate(series)] if series else []
    return Chart(chart_id, title, description, LABEL_W + PLOT_W + VALUE_W, height, rows, _ticks(),
                 LABEL_W, 22, int(y) + 2, legend)


def stacked_chart(chart_id: str, title: str, description: str,
                  groups: list[tuple[str, list[tuple[str, tuple[dict[str, Rate], Count]]]]]) -> Chart:
    """100 % bars of the destinations (5a): one segment per status; a suppressed row is hatched and
    says so, a row with nobody tracked says that."""
    rows: list[Row] = []
    y = 28.0
    for heading, items in groups:
        if heading:
            rows.append(Row(heading, y + 12, group=True))
            y += 22
        for label, (shares, tracked) in items:
            row = Row(label, y + ROW_H / 2 + 4)
            by = y + (ROW_H - BAR_H) / 2
            suppressed = tracked.suppressed or any(r.suppressed for r in shares.values())
            if suppressed:
                row.bars.append(Bar(LABEL_W, by, PLOT_W, BAR_H, "url(#hatch-" + chart_id + ")",
                                    title="suppressed by disclosure control"))
                row.value = "suppressed" if tracked.suppressed else f"suppressed ({tracked.value} tracked)"
                row.suppressed = True
            elif tracked.value == 0:
                row.value = "nobody tracked"
                row.suppressed = True  # drawn muted, like a figure that is not there
            else:
                x = float(LABEL_W)
                for status in STATUSES:
                    r = shares[status]
                    w = PLOT_W * (r.value or 0)
                    if w <= 0:
                        continue
                    inside = f"{r.value * 100:.0f} %" if w >= 34 else ""  # type: ignore[operator]
                    row.bars.append(Bar(x, by, w, BAR_H, STATUS_COLOURS[status], inside,
                                        f"{status}: {pct(r.value)} ({r.numerator} of {r.denominator})"))
                    x += w
                row.value = f"{tracked.value} tracked"
            row.value_x = LABEL_W + PLOT_W + 8
            row.value_y = y + ROW_H / 2 + 4
            rows.append(row)
            y += ROW_H
    height = int(y + 26)
    legend = [(STATUS_COLOURS[s], s) for s in STATUSES]
    return Chart(chart_id, title, description, LABEL_W + PLOT_W + VALUE_W, height, rows, _ticks(),
                 LABEL_W, 22, int(y) + 2, legend)


# --- the page -----------------------------------------------------------------------------------

@dataclass
class TableRow:
    code: str
    title: str
    cells: list[Cell]


def _completion_cell(c: Completion) -> Cell:
    if not c.cohorts:
        return Cell("–", "no entry cohort has reached its nominal duration")
    cell = rate_cell(c.rate, "entrants")
    if not c.rate.suppressed:
        cell.detail = f"{count_text(c.completed)} completed of {count_text(c.entrants)} entrants"
        cell.lines = [f"left early: {count_text(c.left)}, still enrolled: {count_text(c.still_enrolled)}"]
    return cell


def _destinations_cell(d) -> Cell:
    if d.tracked.suppressed:
        return Cell("suppressed", "disclosure control", True)
    cell = Cell(f"{d.tracked.value} tracked")
    cell.lines = [f"{s} {'suppressed' if r.suppressed else pct(r.value)}" for s, r in d.shares.items()
                  if r.suppressed or r.value]
    return cell


def _breakdown_lines(b) -> list[str]:
    def v(r: Rate) -> str:
        return "suppressed" if r.suppressed else pct(r.value)

    return ["gender: " + ", ".join(f"{g} {v(r)}" for g, r in b.by_gender.items()),
            "age on entry: " + ", ".join(f"{AGE_BAND_LABELS[a]} {v(r)}" for a, r in b.by_age.items())]


def _table(report: QualityReport, lang: str, names: dict[tuple[str, str], str]) -> list[TableRow]:
    rows: list[TableRow] = []

    def add(code: str, title: str, cell) -> None:
        rows.append(TableRow(code, title, [cell(s) for s in report.scopes]))

    add("1a", INDICATOR_TITLES["1a"], lambda s: rate_cell(s.indicators.qa_internal, "providers"))
    add("1b", INDICATOR_TITLES["1b"], lambda s: rate_cell(s.indicators.qa_accredited, "providers"))
    add("2a", INDICATOR_TITLES["2a"], lambda s: rate_cell(s.indicators.staff_in_training, "teachers and trainers"))

    def investment(s: Scope) -> Cell:
        inv = s.indicators.investment
        if inv.total_eur is None:
            return Cell("–", "nothing declared")
        per = (f"{inv.per_teacher_eur:,.2f} EUR per teacher or trainer" if inv.per_teacher_eur is not None else
               "per teacher or trainer: suppressed" if inv.teachers.suppressed else "")
        return Cell(f"{inv.total_eur:,.0f} EUR", per)

    add("2b", INDICATOR_TITLES["2b"], investment)

    def participants(s: Scope) -> Cell:
        p = s.indicators.participants
        g, d, a = p.by_gender, p.by_disadvantaged, p.by_age
        return Cell(count_text(p.total), suppressed=p.total.suppressed, lines=[
            "gender: " + ", ".join(f"{k} {count_text(v)}" for k, v in g.items()),
            "disadvantaged: " + ", ".join(f"{k} {count_text(v)}" for k, v in d.items()),
            "age on entry: " + ", ".join(f"{AGE_BAND_LABELS[k]} {count_text(v)}" for k, v in a.items())])

    add("3", INDICATOR_TITLES["3"], participants)
    add("4", INDICATOR_TITLES["4"], lambda s: _completion_cell(s.indicators.completion))
    for m in TRACKING_POINTS:
        for group in ("completers", "leavers"):
            add(f"5a_{m}", f"{INDICATOR_TITLES[f'5a_{m}']}: {'completers' if group == 'completers' else 'early leavers'}",
                lambda s, m=m, group=group: _destinations_cell(s.indicators.destinations[(group, m)]))
    for m in TRACKING_POINTS:
        add(f"5b_{m}", INDICATOR_TITLES[f"5b_{m}"],
            lambda s, m=m: rate_cell(s.indicators.employment[m], "tracked"))
    for m in TRACKING_POINTS:
        add(f"6a_{m}", INDICATOR_TITLES[f"6a_{m}"], lambda s, m=m: rate_cell(s.indicators.job_related[m], "tracked"))
    for m in TRACKING_POINTS:
        add(f"6b1_{m}", INDICATOR_TITLES[f"6b1_{m}"],
            lambda s, m=m: satisfaction_cell(s.indicators.learner_satisfaction[m]))
    for m in TRACKING_POINTS:
        add(f"6b2_{m}", INDICATOR_TITLES[f"6b2_{m}"],
            lambda s, m=m: satisfaction_cell(s.indicators.employer_satisfaction[m]))

    def unemployment(s: Scope) -> Cell:
        u = s.indicators.unemployment
        if not u:
            return Cell("–", "nothing declared")
        if len(u) == 1:
            (pid, v), = u.items()
            return Cell(f"{v.value:g} %", f"{v.year}, {v.source.get(lang)}")
        return Cell("by provider", lines=[f"{names.get(('provider', pid), pid)}: {v.value:g} % ({v.year})"
                                          for pid, v in u.items()])

    add("7", INDICATOR_TITLES["7"], unemployment)
    def share8a(s: Scope) -> Cell:
        b = s.indicators.disadvantaged_share
        cell = rate_cell(b.total, "participants")
        cell.lines = _breakdown_lines(b)
        return cell

    def completion8b(s: Scope) -> Cell:
        if not s.indicators.completion.cohorts:
            return Cell("–", "no entry cohort has reached its nominal duration")
        b = s.indicators.disadvantaged_completion
        cell = rate_cell(b.total, "disadvantaged entrants")
        cell.lines = _breakdown_lines(b)
        return cell

    add("8a", INDICATOR_TITLES["8a"], share8a)
    add("8b", INDICATOR_TITLES["8b"], completion8b)

    def mechanisms(s: Scope) -> Cell:
        n = sum(len(v) for v in s.indicators.needs_mechanisms.values())
        return Cell(f"{n} mechanism{'s' if n != 1 else ''}", "declared")

    def evidence(s: Scope) -> Cell:
        ev = s.indicators.evidence
        declared = sum(1 for v in s.indicators.needs_mechanisms.values() for d in v if d.evidence is not None)
        cov = ev.essential_coverage
        appr = ev.employer_approval
        return Cell(f"{declared} with evidence", lines=[
            f"essential skills covered: {pct(cov.value)} ({cov.numerator} of {cov.denominator})",
            f"units approved by an employer: {pct(appr.value)} ({appr.numerator} of {appr.denominator})"])

    add("9a", INDICATOR_TITLES["9a"], mechanisms)
    add("9b", INDICATOR_TITLES["9b"], evidence)

    def schemes(s: Scope) -> Cell:
        n = sum(len(v) for v in s.indicators.access_schemes.values())
        return Cell(f"{n} scheme{'s' if n != 1 else ''}", "declared")

    def schemes_evidence(s: Scope) -> Cell:
        n = sum(1 for v in s.indicators.access_schemes.values() for d in v if d.evidence is not None)
        return Cell(f"{n} with evidence", "declared")

    add("10a", INDICATOR_TITLES["10a"], schemes)
    add("10b", INDICATOR_TITLES["10b"], schemes_evidence)
    return rows


@dataclass
class Tile:
    label: str
    cell: Cell
    code: str


@dataclass
class Declaration:
    id: str
    name: str
    qa: str
    framework: str
    staff: str
    unemployment: str
    mechanisms: list[str]
    schemes: list[str]


def render(report: QualityReport, project: "Project", lang: str) -> str:
    from skillweave.templates import render as render_template

    cur = project.curriculum
    alliance = cur.alliance
    fallback = project.default_language

    def scope_name(s: Scope) -> str:
        if s.kind == "alliance":
            return "Alliance (all providers)"
        return s.title.get(lang, fallback) if s.title is not None else s.id

    names = {(s.kind, s.id): scope_name(s) for s in report.scopes}
    alliance_scope = report.scopes[0]
    a = alliance_scope.indicators
    tiles = [
        Tile("Participants", Cell(count_text(a.participants.total),
                                  f"at {len(alliance_scope.providers)} VET providers",
                                  a.participants.total.suppressed), "3"),
        Tile("Completion rate", _completion_cell(a.completion), "4"),
        Tile("In employment after 6 months", rate_cell(a.employment[6], "tracked"), "5b_6"),
        Tile("In employment after 12 months", rate_cell(a.employment[12], "tracked"), "5b_12"),
        Tile("Job related to the training (12 months)", rate_cell(a.job_related[12], "tracked"), "6a_12"),
        Tile("Learners satisfied (12 months)", satisfaction_cell(a.learner_satisfaction[12]), "6b1_12"),
        Tile("Employers satisfied (12 months)", satisfaction_cell(a.employer_satisfaction[12]), "6b2_12"),
        Tile("Disadvantaged participants", rate_cell(a.disadvantaged_share.total, "participants"), "8a"),
    ]
    for t in tiles:
        t.cell.lines = []
    providers = [s for s in report.scopes if s.kind == "provider"]
    programmes = [s for s in report.scopes if s.kind == "programme"]

    def groups(pick) -> list[tuple[str, list]]:
        out = [("", [(names[("alliance", alliance_scope.id)], pick(alliance_scope))])]
        if providers:
            out.append(("VET providers", [(names[("provider", s.id)], pick(s)) for s in providers]))
        if programmes:
            out.append(("Programmes", [(names[("programme", s.id)], pick(s)) for s in programmes]))
        return out

    def flatten(gs):
        return [(h, [(label, r) for label, rates in items for r in rates]) for h, items in gs]

    charts = {
        "completion": bar_chart(
            "completion", "Completion rate (indicator 4)",
            "Completers ÷ entrants of the entry cohorts whose nominal duration has ended; learners still "
            "enrolled count as not completed.",
            groups(lambda s: s.indicators.completion.rate)),
        "employment": bar_chart(
            "employment", "Completers in employment (indicator 5b)",
            "Employed or self-employed ÷ completers tracked (unknown status included), 6 and 12 months after "
            "completion.",
            flatten(groups(lambda s: [s.indicators.employment[6], s.indicators.employment[12]])),
            series=["6 months", "12 months"]),
        "satisfaction": bar_chart(
            "satisfaction", "Satisfied with the skills acquired (indicators 6b1 and 6b2)",
            "Learners (6b1) and employers (6b2) answering 4 or 5 on the 1-5 scale ÷ those who answered, "
            "6 and 12 months after completion.",
            flatten(groups(lambda s: [s.indicators.learner_satisfaction[6].rate,
                                      s.indicators.learner_satisfaction[12].rate,
                                      s.indicators.employer_satisfaction[6].rate,
                                      s.indicators.employer_satisfaction[12].rate])),
            series=["learners, 6 months", "learners, 12 months", "employers, 6 months", "employers, 12 months"]),
        **{f"destinations_{group}_{m}": stacked_chart(
            f"destinations-{group}-{m}",
            (f"Destinations {m} months after completion (indicator 5a, completers)" if group == "completers"
             else f"Destinations {m} months after leaving early (indicator 5a, early leavers)"),
            f"Share of each status, unknown included, among the "
            f"{'completers' if group == 'completers' else 'early leavers'} tracked at {m} months.",
            groups(lambda s, group=group, m=m: (s.indicators.destinations[(group, m)].shares,
                                                s.indicators.destinations[(group, m)].tracked)))
           for group in ("completers", "leavers") for m in TRACKING_POINTS},
        "vulnerable": bar_chart(
            "vulnerable", "Disadvantaged learners by gender and age on entry (indicator 8)",
            "For the alliance: (a) disadvantaged ÷ participants; (b) disadvantaged completers ÷ disadvantaged "
            "entrants.",
            [("Gender", [(f"gender {g}", r) for g in a.disadvantaged_share.by_gender
                         for r in (a.disadvantaged_share.by_gender[g], a.disadvantaged_completion.by_gender[g])]),
             ("Age on entry", [(AGE_BAND_LABELS[b], r) for b in a.disadvantaged_share.by_age
                               for r in (a.disadvantaged_share.by_age[b], a.disadvantaged_completion.by_age[b])])],
            series=["8a participants", "8b completion"]),
        "evidence": bar_chart(
            "evidence", "Curriculum evidence for indicator 9b",
            "Essential ESCO skills of the target occupations that the learning outcomes cover, and units "
            "approved by an employer partner.",
            flatten(groups(lambda s: [s.indicators.evidence.essential_coverage,
                                      s.indicators.evidence.employer_approval])),
            series=["essential skills covered", "units approved by an employer"]),
    }
    trend = None
    if len(report.cohorts) > 1:
        by_cohort = [pr.scopes[0].indicators for pr in report.cohorts]
        # (code, short label that fits left of the plot, the rate of one cohort's alliance scope)
        rows = [("4", "completion",
                 lambda i: i.completion.rate if i.completion.cohorts else Rate(0, 0, declared=False)),
                ("5b_6", "in employment, 6 months", lambda i: i.employment[6]),
                ("5b_12", "in employment, 12 months", lambda i: i.employment[12]),
                ("6a_6", "related job, 6 months", lambda i: i.job_related[6]),
                ("6a_12", "related job, 12 months", lambda i: i.job_related[12]),
                ("6b1_6", "learners satisfied, 6 months", lambda i: i.learner_satisfaction[6].rate),
                ("6b1_12", "learners satisfied, 12 months", lambda i: i.learner_satisfaction[12].rate),
                ("6b2_6", "employers satisfied, 6 months", lambda i: i.employer_satisfaction[6].rate),
                ("6b2_12", "employers satisfied, 12 months", lambda i: i.employer_satisfaction[12].rate),
                ("8a", "disadvantaged share", lambda i: i.disadvantaged_share.total),
                ("8b", "disadvantaged completion", lambda i: i.disadvantaged_completion.total if i.completion.cohorts
                 else Rate(0, 0, declared=False))]
        trend = bar_chart(
            "trend", "Trend across entry cohorts (alliance)",
            "Each rate indicator for each entry cohort, oldest first; a cohort whose nominal duration has not "
            "ended has no completion rate yet, a cohort not yet tracked no placement or satisfaction figures.",
            [("", [(f"{code.split('_')[0]} {label}", pick(i)) for code, label, pick in rows
                   for i in by_cohort])],
            series=[pr.period.id.replace("-", "/") for pr in report.cohorts])
    declarations = []
    for s in providers:
        decl = cur.quality.providers.get(s.id)
        if decl is None:
            declarations.append(Declaration(s.id, names[("provider", s.id)], "not declared", "", "not declared",
                                            "not declared", [], []))
            continue
        qa = decl.qa_system
        staff = decl.staff
        un = decl.unemployment_rate
        declarations.append(Declaration(
            s.id, names[("provider", s.id)],
            ("not declared" if qa is None else
             f"internal QA system: {'yes' if qa.internal else 'no'}; accredited: {'yes' if qa.accredited else 'no'}"),
            qa.framework.get(lang, fallback) if qa is not None and qa.framework is not None else "",
            ("not declared" if staff is None else
             f"{staff.teachers_and_trainers} teachers and trainers, {staff.in_further_training} in further training; "
             f"{staff.training_investment_eur:,.0f} EUR invested in their training"),
            ("not declared" if un is None else f"{un.value:g} % in {un.year} ({un.source.get(lang, fallback)})"),
            [_declared(d, lang, fallback) for d in decl.needs_mechanisms],
            [_declared(d, lang, fallback) for d in decl.access_schemes]))

    title = alliance.name.get(lang, fallback) if alliance else report.alliance
    return render_template(
        "quality.html.j2", lang=lang, title=title, report=report, tiles=tiles, charts=charts, trend=trend,
        columns=[names[(s.kind, s.id)] for s in report.scopes], column_kinds=[s.kind for s in report.scopes],
        table=_table(report, lang, names), declarations=declarations, min_denominator=MIN_DENOMINATOR,
        titles=INDICATOR_TITLES, statuses=STATUSES, status_colours=STATUS_COLOURS,
        learners=count_text(alliance_scope.indicators.participants.total), n=numbers.coordinate, ink=_ink)


def _declared(d, lang: str, fallback: str) -> str:
    """A declared mechanism or scheme with its evidence (9b, 10b), as one line."""
    text = d.text.get(lang, fallback)
    ev = d.evidence
    if ev is None:
        return text
    if ev.value is not None:
        return f"{text} (evidence: {ev.value:g} {ev.description.get(lang, fallback)})"
    return f"{text} (evidence: {ev.text.get(lang, fallback)})"


def _ink(colour: str) -> str:
    """Dark text on light bars, white on dark ones."""
    if not colour.startswith("#") or len(colour) != 7:
        return "#1d2433"
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#1d2433" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#ffffff"
