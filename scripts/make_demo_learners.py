"""Write the demo's synthetic learner records and graduate tracking (clearly fictitious people).

    python scripts/make_demo_learners.py [WORKSPACE]

Writes learners/learners.csv, learners/results.csv, learners/mobilities.csv and
quality/tracking.csv for the demo alliance: four cohorts (2023 to 2026) of the programme
solar-heat-installer at the three VET providers, with completers, learners who left, learners
still enrolled, failed and re-sat units, mobilities to partners abroad (credited to the host, most
of them recognised by the home partner, two awaiting recognition) and a learner with no passed
unit yet. Grades are on the assessing partner's own scale (alliance.yaml): ROC Midden 1-10, BBS
Hannover and Wärmetechnik Nord 1-6 (lower is better), Campus Gent a percentage, SolarWerk four
workplace levels. Campus Gent's learner ids are as its student information system writes them
(``CG_2023.0101``). Everyone here is invented: the family names say so ("Fictief", "Beispiel",
"Exemple"), and all e-mail addresses are at example.org. Deterministic: the same run gives the
same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import sys
from pathlib import Path

ORDER = ["electrical-safety", "electrical-fundamentals", "technical-drawings", "site-materials",
         "pv-design", "pv-installation", "pipework-brazing", "refrigeration-fundamentals",
         "heat-pump-installation", "solar-thermal", "commissioning-maintenance", "customer-advice"]

PROVIDERS = {
    # id: (cohort sizes 2023..2026, given names, family name, grade style)
    "roc-midden": ((6, 6, 5, 3), ["Daan", "Sanne", "Luuk", "Fleur", "Bram", "Noor", "Jesse", "Lotte", "Sem", "Eva"],
                   "Fictief", "nl"),
    "bbs-hannover": ((5, 4, 4, 2), ["Lukas", "Mia", "Jonas", "Lea", "Felix", "Hanna", "Paul", "Emma"],
                     "Beispiel", "de"),
    "campus-gent": ((3, 3, 2, 1), ["Arne", "Lien", "Wout", "Febe", "Mats", "Ines"], "Exemple", "be"),
}

#: (provider, cohort year, index in cohort) -> (host, units, start, end)
MOBILITIES = {
    ("bbs-hannover", 2023, 1): ("roc-midden", ["commissioning-maintenance"], "2024-10-07", "2024-11-29"),
    ("roc-midden", 2024, 1): ("bbs-hannover", ["pv-design"], "2025-03-03", "2025-04-25"),
    ("roc-midden", 2024, 3): ("solarwerk", ["pv-installation"], "2025-05-05", "2025-06-27"),
    ("bbs-hannover", 2024, 2): ("campus-gent", ["refrigeration-fundamentals"], "2025-06-02", "2025-07-25"),
    ("campus-gent", 2024, 1): ("roc-midden", ["pv-installation"], "2025-05-05", "2025-06-27"),
    ("roc-midden", 2025, 2): ("waermetechnik-nord", ["pipework-brazing"], "2026-04-13", "2026-05-29"),
}

#: learners who left after passing this many units
LEAVERS = {("roc-midden", 2023, 5): 3, ("bbs-hannover", 2024, 3): 5, ("campus-gent", 2023, 2): 2,
           ("roc-midden", 2025, 4): 4}

#: mobilities the home partner has not recognised yet (recognised_on empty)
AWAITING_RECOGNITION = {("bbs-hannover", 2024, 2), ("roc-midden", 2025, 2)}

TODAY = dt.date(2026, 11, 29)
#: the grading style of each assessing partner (its scheme in alliance.yaml)
STYLE = {"roc-midden": "nl", "bbs-hannover": "de", "campus-gent": "be", "solarwerk": "levels",
         "waermetechnik-nord": "de", "klimaat-vlaanderen": "levels"}
FAILED = {"nl": "4.5", "de": "5", "be": "45", "levels": "insufficient"}


def learner_id(provider: str, year: int, k: int) -> str:
    """ROC Midden and BBS Hannover as before (``roc-2023-01``); Campus Gent as its student
    information system writes ids (``CG_2023.0101``)."""
    if provider == "campus-gent":
        return f"CG_{year}.{100 + k + 1:04d}"
    return f"{provider.split('-')[0]}-{year}-{k + 1:02d}"


def grade(style: str, rng: random.Random) -> str:
    """A passing grade drawn in the style of the learner's home partner (one draw, so that the
    records stay the same whoever assesses)."""
    if style == "nl":
        return f"{rng.choice([6, 6.5, 7, 7.5, 8, 8.5, 9])}".replace(".0", "")
    if style == "de":
        return str(rng.choice([1, 2, 2, 3, 3, 4]))
    return str(rng.randrange(60, 95))


def on_scale(drawn: str, drawn_style: str, style: str) -> str:
    """A passing grade ``drawn`` in one style, as the same performance on another partner's scale."""
    if drawn_style == style:
        return drawn
    value = float(drawn)
    share = {"nl": (value - 1) / 9, "de": (6 - value) / 5, "be": value / 100}[drawn_style]  # 0 worst, 1 best
    if style == "nl":
        return f"{max(6.0, min(10.0, round((1 + 9 * share) * 2) / 2)):g}"
    if style == "de":
        return str(max(1, min(4, round(6 - 5 * share))))
    if style == "be":
        return str(max(50, min(100, round(100 * share))))
    return "excellent" if share >= 0.85 else "good" if share >= 0.7 else "sufficient"


def unit_date(start: dt.date, index: int) -> dt.date:
    """The assessment date of the index-th unit in teaching order: 4 units a semester."""
    semester, within = divmod(index, 4)
    return start + dt.timedelta(days=semester * 182 + (within + 1) * 40)


def build(rng: random.Random):
    learners, results, mobilities, tracking = [], [], [], []
    for provider, (sizes, names, family, style) in PROVIDERS.items():
        for c, year in enumerate((2023, 2024, 2025, 2026)):
            start = dt.date(year, 9, 1 if year != 2024 else 2)
            for k in range(sizes[c]):
                lid = learner_id(provider, year, k)
                name_index = (c * 3 + k) % len(names)
                given = names[name_index]
                born = dt.date(year - 17 - rng.randrange(0, 3), rng.randrange(1, 13), rng.randrange(1, 28))
                leaver = LEAVERS.get((provider, year, k + 1))
                mobility = MOBILITIES.get((provider, year, k + 1))
                planned_end = start + dt.timedelta(days=18 * 30 + 3)
                passed_units = []
                for i, unit in enumerate(ORDER):
                    day = unit_date(start, i)
                    if day > TODAY or (leaver is not None and i >= leaver):
                        break
                    assessor = provider
                    if mobility and unit in mobility[1]:
                        assessor = mobility[0]
                        day = dt.date.fromisoformat(mobility[3])
                    if rng.random() < 0.12:  # failed first, passed on a re-sit
                        results.append([lid, unit, assessor, day.isoformat(), "failed", FAILED[STYLE[assessor]], ""])
                        day = day + dt.timedelta(days=21)
                        if day > TODAY:
                            break
                    results.append([lid, unit, assessor, day.isoformat(), "passed",
                                    on_scale(grade(style, rng), style, STYLE[assessor]), ""])
                    passed_units.append(unit)
                completed = len(passed_units) == len(ORDER)
                completed_on = max(planned_end, dt.date.fromisoformat(results[-1][3])) if completed else None
                left_on = None
                if leaver is not None:
                    left_on = unit_date(start, leaver) + dt.timedelta(days=10)
                # the name lists alternate male and female names; one learner is non-binary
                gender = "x" if (k == 2 and year == 2025) else ("f" if name_index % 2 else "m")
                disadvantaged = "" if k == 4 else ("yes" if (k + c) % 3 == 0 else "no")
                email = f"{given.lower()}.{family.lower()}@example.org" if k % 2 == 0 else ""
                learners.append([lid, given, family, born.isoformat(), provider, "solar-heat-installer",
                                 start.isoformat(), completed_on.isoformat() if completed_on else "",
                                 left_on.isoformat() if left_on else "", gender, disadvantaged, email])
                if mobility:
                    recognised = ""
                    if (provider, year, k + 1) not in AWAITING_RECOGNITION:
                        assessed = max(dt.date.fromisoformat(r[3]) for r in results
                                       if r[0] == lid and r[1] in mobility[1] and r[4] == "passed")
                        recognised = (assessed + dt.timedelta(days=14)).isoformat()
                    mobilities.append([f"m-{lid}", lid, provider, mobility[0], mobility[2], mobility[3],
                                       ";".join(mobility[1]), recognised])
                if completed_on:
                    for months in (6, 12):
                        if completed_on + dt.timedelta(days=months * 30) > TODAY:
                            continue
                        status = rng.choices(["employed", "self-employed", "education", "unemployed", "inactive",
                                              "unknown"], weights=[60, 8, 12, 8, 4, 8])[0]
                        job_related = ("yes" if rng.random() < 0.8 else "no") if status in ("employed", "self-employed") else ""
                        learner_sat = str(rng.choice([3, 4, 4, 5, 5])) if rng.random() < 0.8 else ""
                        employer_sat = str(rng.choice([3, 4, 4, 5])) if status == "employed" and rng.random() < 0.7 else ""
                        tracking.append([lid, str(months), status, job_related, learner_sat, employer_sat])
    # a learner of the newest cohort who failed the first unit and has passed nothing yet
    for row in results:
        if row[0] == "roc-2026-01":
            row[4], row[5] = "failed", "4.5"
    return learners, results, mobilities, tracking


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1])
    learners, results, mobilities, tracking = build(random.Random(2026))
    files = {
        "learners/learners.csv": csv_text(["learner_id", "given_names", "family_name", "date_of_birth", "home_partner",
                                           "programme", "enrolled_on", "completed_on", "left_on", "gender",
                                           "disadvantaged", "email"], learners),
        "learners/results.csv": csv_text(["learner_id", "unit", "assessed_by", "date", "result", "grade",
                                          "learning_outcomes"], results),
        "learners/mobilities.csv": csv_text(["mobility_id", "learner_id", "home_partner", "host_partner", "start",
                                             "end", "units", "recognised_on"], mobilities),
        "quality/tracking.csv": csv_text(["learner_id", "months_after_completion", "status", "job_related",
                                          "learner_satisfaction", "employer_satisfaction"], tracking),
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {rel} ({text.count(chr(10)) - 1} rows)")


if __name__ == "__main__":
    main()
