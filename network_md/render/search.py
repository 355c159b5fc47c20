"""`search`'s output: each contact that matched, best first, with its matching lines as
`path:line: text`. Returns strings and plain data; never prints."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from network_md.core.terminal import printable
from network_md.format.fields import company
from network_md.render.shapes import contact_json
from network_md.render.table import fit_line
from network_md.render.text import REL_STYLE, count, dim, fit, style

if TYPE_CHECKING:
    from network_md.analysis.stats import ContactStats

LINES_SHOWN = 5  # per contact in text; JSON has every one


class Line(NamedTuple):
    """One matching line of a file, as written (without its line end)."""

    path: str
    line: int
    text: str


class Found(NamedTuple):
    stats: ContactStats
    lines: list[Line]


def search_json(found: list[Found]) -> dict:
    return {
        "results": [
            {
                "contact": contact_json(f.stats),
                "hits": [{"path": h.path, "line": h.line, "text": h.text} for h in f.lines],
            }
            for f in found
        ]
    }


def search_json_text(found: list[Found]) -> str:
    """`search_json` as strict JSON text, one result a line: the C encoder does each line, where
    an indented dump of tens of thousands of results would take the pure-Python one."""
    from network_md.render.shapes import dumps

    results = search_json(found)["results"]
    if not results:
        return '{"results": []}'
    lines = ",\n".join("    " + dumps(r, indent=None) for r in results)
    return '{\n  "results": [\n' + lines + "\n  ]\n}"


def search_text(found: list[Found], limit: int | None = None, more: int = 0) -> str:
    if not found:
        return "No contact holds every term."
    lines = []
    for f in found:
        c = f.stats.contact
        about = [style(printable(c.name), bold=True)]
        if works_at := company(c.fields):
            about.append(printable(works_at))
        rel = f.stats.relationship
        about.append(style(rel, fg=REL_STYLE[rel]))
        lines.append(" · ".join(about) + "  " + dim(printable(c.path)))
        for h in f.lines[:LINES_SHOWN]:
            lines.append(fit_line(printable(f"  {h.path}:{h.line}: {h.text.strip()}"), limit))
        if len(f.lines) > LINES_SHOWN:
            rest = count(len(f.lines) - LINES_SHOWN, "more matching line")
            lines.append(dim(f"  … and {rest} (--json has them all)"))
    if more:
        lines.append(dim(f"… and {count(more, 'more contact')}: `--all` lists every one"))
    return "\n".join(fit(lines, limit))
