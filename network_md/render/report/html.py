"""The report's HTML from its values, through Jinja2 templates with autoescaping always on:
names, notes and messages are text a user wrote, never markup."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from network_md.core.dates import iso
from network_md.core.terminal import printable
from network_md.render.report.layout import COLOUR, SHAPE, shape_path
from network_md.render.report.view import CELL, LEVELS, MONTH_NAMES, WEEKDAYS, Report


def _count(n: int) -> str:
    return f"{n:,}"


def _signed(n: int) -> str:
    return f"{n:+d}" if n else "0"


def _plain(value):
    """Every value a template prints: user text loses control characters and bidi overrides
    (as on a terminal: they could hide or reorder what a name says); markup that a template
    made is left alone."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return printable(value)
    return value


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("network_md.render.report", "templates"),
        autoescape=True,  # every template, whatever its name: all of them hold user text
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_plain,
    )
    env.filters.update(count=_count, signed=_signed, day=iso)
    env.globals.update(
        shape_path=shape_path,
        CELL=CELL,
        COLOUR=COLOUR,
        LEVELS=LEVELS,
        MONTH_NAMES=MONTH_NAMES,
        SHAPE=SHAPE,
        WEEKDAYS=WEEKDAYS,
    )
    return env


def render(report: Report) -> str:
    return environment().get_template("report.html.j2").render(r=report)
