"""The Markdown dashboard `watch --dashboard` keeps: `render_dashboard` is pure; DashboardFile writes it.

It links every contact as an Obsidian wikilink `[[path-without-.md|Name]]`, so it is live in a vault,
and its front matter says `network-md: dashboard`, so it is never read as a contact.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from network_md.analysis.agenda import agenda
from network_md.analysis.stats import Summary
from network_md.core.dates import iso
from network_md.core.errors import WriteError
from network_md.core.model import RELATIONSHIPS, Flag, Problem
from network_md.format.config import Config
from network_md.render.owned import replaceable
from network_md.render.text import ACTION_LABEL, streak_text
from network_md.store.atomic import edit_file, write_file
from network_md.store.safeopen import read_regular_text

MAX_ROWS = 50  # per section: a dashboard of thousands of lines helps no one


def wikilink(path: str, name: str) -> str:
    """`[[people/ada|Ada Lovelace]]`; characters that would end the link are replaced in the name."""
    target = path[:-3] if path.endswith(".md") else path
    label = name.replace("|", "/").replace("[", "(").replace("]", ")")
    return f"[[{target}|{label}]]"


def _more(total: int, shown: int, command: str) -> list[str]:
    return [f"- … and {total - shown} more: `{command}`"] if total > shown else []


def _flag_rows(flags: list[Flag], command: str) -> list[str]:
    rows = [
        f"- **{f.rule}** {wikilink(f.path, f.contact)} — {f.message} (since {iso(f.since)}). {f.advice}"
        for f in flags[:MAX_ROWS]
    ]
    return rows + _more(len(flags), len(rows), command)


def render_dashboard(a: Summary, config: Config, problems: list[Problem]) -> str:
    """The whole dashboard for one day's summary (Analysis.summary()); never reads the clock."""
    today = iso(a.today)
    red = [f for f in a.flags if f.severity == "red"]
    nudges = [f for f in a.flags if f.severity == "nudge"]
    title = f"{config.me}'s network" if config.me else "Network"
    lines = ["---", "network-md: dashboard", f"today: {today}", "---", f"# {title} — {today}", ""]
    lines += ["_Kept current by `network-md watch`; edits here are overwritten._", ""]
    rels = " · ".join(f"{a.relationships[r]} {r}" for r in RELATIONSHIPS if a.relationships[r])
    counts = f"**{a.contacts} contact{'s' * (a.contacts != 1)}**" + (f" · {rels}" if rels else "")
    if a.snoozed:
        counts += f" · {a.snoozed} snoozed"
    if a.archived:
        counts += f" · {a.archived} archived"
    lines += [counts, ""]
    lines.append(
        f"**{len(red)} red flag{'s' * (len(red) != 1)}** · {len(nudges)} nudge{'s' * (len(nudges) != 1)}"
    )
    p = a.practice
    lines += [
        "",
        f"Practice: {streak_text(p.streak_days)} · {p.minutes_today} of {p.goal_minutes} minutes today",
        "",
    ]

    lines += ["## Today", ""]
    every = agenda(a)
    items = every[: config.daily_items]
    for i in items:
        lines.append(f"- {ACTION_LABEL[i.action]} {wikilink(i.path, i.contact)} — {i.reason}")
    if not items:
        lines.append("- Nothing due: give something to someone you value.")
    lines += _more(len(every), len(items), "network-md today --all")
    lines.append("")

    lines += [f"## Red flags ({len(red)})", ""]
    lines += _flag_rows(red, "network-md flags --severity red") or [
        "None: no one-way, declined or unanswered asks."
    ]
    lines += ["", f"## Nudges ({len(nudges)})", ""]
    lines += _flag_rows(nudges, "network-md flags --severity nudge") or ["None."]

    if problems:
        lines += ["", f"## Problems in the files ({len(problems)})", ""]
        lines += [f"- `{p.format()}`" for p in problems[:MAX_ROWS]]
        lines += _more(len(problems), min(len(problems), MAX_ROWS), "network-md check")
    return "\n".join(lines) + "\n"


class DashboardFile:
    """The dashboard on disk: rewritten atomically, and only when its text changes.

    `root`: the vault it must stay inside (a `dashboard:` from the config); None for a file the
    user named on the command line, which is theirs to place."""

    def __init__(self, path: Path, root: Path | None = None):
        self.path = path
        self.root = root
        self.text: str | None = None  # what the file holds, as far as we know

    def update(self, text: str) -> bool:
        """Write `text` unless the file already holds it; True when written. WriteError when
        it cannot be (nothing written), or when the file there is not a dashboard: a mistyped
        `dashboard:` must never overwrite a contact or any other note."""
        if self.text is None:
            try:  # never open what is not a regular file: a FIFO would block
                self.text = read_regular_text(self.path) if self.path.is_file() else ""
            except (OSError, UnicodeDecodeError):
                self.text = ""
        if text == self.text:
            return False
        self.text = text  # set first: a failed write is reported once, not after every batch
        data = text.encode("utf-8")
        # A hidden temporary name: `watch` ignores hidden files, so writing it triggers nothing.
        if not os.path.lexists(self.path):
            write_file(self.path, data, None, self.root)
        else:
            edit_file(self.path, lambda before: _replacing_a_dashboard(before, data), self.root)
        return True


DASHBOARD_MARK = re.compile(
    rb"\A(?:\xef\xbb\xbf)?---\r?\n(?:(?!---)[^\n]*\n)*?network-md:[ \t]*dashboard[ \t]*\r?\n"
)


def _replacing_a_dashboard(before: bytes, data: bytes) -> bytes:
    """`data`, when the file it replaces is empty or a dashboard itself (its front matter says
    `network-md: dashboard`); WriteError otherwise."""
    if not replaceable(before, lambda b: DASHBOARD_MARK.match(b[:4096]) is not None):
        raise WriteError(
            "is not a network-md dashboard (its front matter has no `network-md: dashboard`); "
            "not overwritten: name another file for the dashboard"
        )
    return data
