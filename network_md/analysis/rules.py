"""The rules of docs/rules.md's table, one small function each, over one contact's Facts.

Every rule is a pure function of (facts, config): it returns a Flag or None. `Facts` is gathered
in one pass over a contact's entries (see analysis.gather), so adding a rule costs no new pass.
"""

from __future__ import annotations

from network_md.core.dates import iso
from network_md.core.model import Flag
from network_md.format.config import Config


class Facts:
    """What the rules need to know about one contact on the evaluation day. Days are ordinals;
    `*_in_window` looks only at the config's `window_days`, `*_in_lookback` only at its
    `lookback_days`, the `last_*` at the whole window too."""

    __slots__ = (
        "contact",
        "today",
        "counts",
        "out",
        "into",
        "relationship",
        "cadence_days",
        "last_touch",
        "first_gave_in_window",
        "first_got_in_window",
        "last_decline_in_window",
        "last_got",
        "last_response",
        "last_thanked",
        "last_gave",
        "asks_in_window",
        "gots_in_lookback",
        "asked_me_in_lookback",
    )

    def flag(self, rule: str, severity: str, since: int, message: str) -> Flag:
        c = self.contact
        return Flag(rule, severity, c.name, c.path, since, message, ADVICE[rule])


ADVICE = {
    "one-way": "Ask for something small and see what happens.",
    "declined-ask": "If someone won't help with something small, look for new contacts.",
    "unanswered-ask": "Follow up once; if nothing comes, let it go with `withdrew`.",
    "thank": "Say thank you: a short, personal note.",
    # raised across contacts (on the introducer): see analysis/introductions.py
    "close-the-loop": "Tell the person who introduced you how it went, and thank them.",
    "reply": "Answer: help if you can, or say kindly that you can't.",
    "overdue": "Reach out: relationships take time, and a short note keeps one alive.",
    "give-back": "Give something of value back: information, an idea, an introduction.",
}


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def first_unanswered(days: list[int], last_answer: int | None) -> int | None:
    """The first of `days` (in date order) with no answer on or after it, given the day of the
    last answer (None: never answered); None when every day is answered."""
    for day in days:
        if last_answer is None or last_answer < day:
            return day
    return None


def one_way(f: Facts, cfg: Config) -> Flag | None:
    """Red: in the window I gave at least `one_way_gives` times and nothing came back."""
    given = f.counts["gave"]
    if given >= cfg.one_way_gives and f.into == 0:
        return f.flag(
            "one-way", "red", f.first_gave_in_window, f"gave {_times(given)}, nothing back yet"
        )
    return None


def declined_ask(f: Facts, cfg: Config) -> Flag | None:
    """Red: they declined an ask in the window and have given nothing since."""
    d = f.last_decline_in_window
    if d is not None and (f.last_got is None or f.last_got <= d):
        return f.flag(
            "declined-ask", "red", d, f"declined your ask on {iso(d)}; nothing given since"
        )
    return None


def unanswered_ask(f: Facts, cfg: Config) -> Flag | None:
    """Red: an ask in the window, `ask_unanswered_days` old or more, with no got, declined or
    withdrew on or after it."""
    day = first_unanswered(f.asks_in_window, f.last_response)
    # the oldest unanswered ask: when it is too young, every later one is younger still
    if day is None or f.today - day < cfg.ask_unanswered_days:
        return None
    age = f.today - day
    return f.flag(
        "unanswered-ask", "red", day, f"asked on {iso(day)}, {age} days ago; no answer yet"
    )


def thank(f: Facts, cfg: Config) -> Flag | None:
    """Nudge: they gave me something in the lookback and I have not thanked them since."""
    day = first_unanswered(f.gots_in_lookback, f.last_thanked)
    if day is None:
        return None
    return f.flag("thank", "nudge", day, f"gave you something on {iso(day)}; not thanked yet")


def reply(f: Facts, cfg: Config) -> Flag | None:
    """Nudge: they asked me for something in the lookback and I have not given since."""
    day = first_unanswered(f.asked_me_in_lookback, f.last_gave)
    if day is None:
        return None
    return f.flag("reply", "nudge", day, f"asked you for something on {iso(day)}; not answered yet")


def overdue(f: Facts, cfg: Config) -> Flag | None:
    """Nudge: a cadence is set and the last touch is more than `cadence_days` ago."""
    cadence, last = f.cadence_days, f.last_touch
    if cadence is None or last is None or f.today - last <= cadence:
        return None
    return f.flag(
        "overdue",
        "nudge",
        last + cadence + 1,
        f"last touch {iso(last)}, {f.today - last} days ago; cadence {cadence} days",
    )


def give_back(f: Facts, cfg: Config) -> Flag | None:
    """Nudge: a receiving relationship (they give, I don't) with at least two gots in the window."""
    received = f.counts["got"]
    if f.relationship == "receiving" and received >= 2:
        return f.flag(
            "give-back",
            "nudge",
            f.first_got_in_window,
            f"gave you {_times(received)}; nothing given back yet",
        )
    return None


# In docs/rules.md's order; each contact's flags come out in this order.
RULE_FUNCTIONS = {
    "one-way": one_way,
    "declined-ask": declined_ask,
    "unanswered-ask": unanswered_ask,
    "thank": thank,
    "reply": reply,
    "overdue": overdue,
    "give-back": give_back,
}
