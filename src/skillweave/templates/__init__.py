"""jinja2 templates for the HTML outputs (autoescape on, no external resources)."""

from __future__ import annotations

from functools import lru_cache

from skillweave.formats import numbers


@lru_cache(maxsize=1)
def environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("skillweave", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["pct"] = lambda r: numbers.percent(r, 0)
    env.filters["points"] = numbers.points
    return env


def render(name: str, **context) -> str:
    return environment().get_template(name).render(**context)
