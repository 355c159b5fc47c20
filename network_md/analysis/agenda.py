"""The day's agenda (`today`, the dashboard, the report, the calendar's daily event): due plans,
coming birthdays, then each contact's most pressing flag as an action.

A large network raises tens of thousands of flags, and every caller shows the first few; so the
agenda ranks the flags as plain tuples and makes an item only when one is read (`Agenda`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from network_md.analysis.stats import Summary


class AgendaItem(NamedTuple):
    action: str
    contact: str
    path: str
    reason: str
    rule: str | None  # None for a plan
    since: int


# Which flag becomes which action, in the order of priority (an open plan comes first).
ACTIONS = {
    "thank": "thank",
    "close-the-loop": "close-the-loop",
    "reply": "reply",
    "unanswered-ask": "follow-up",
    "give-back": "give",
    "overdue": "reach-out",
    "one-way": "ask",
}
ACTION_ORDER = ["plan", *dict.fromkeys(ACTIONS.values())]
ACTION_RANK = {action: rank for rank, action in enumerate(ACTION_ORDER)}


def plan_reason(day: int, word: str, text: str, today: int) -> str:
    """`met: lunch in Lisbon (planned for today)`."""
    when = "today" if day == today else date.fromordinal(day).isoformat()
    what = f"{word}: {text}" if text else word
    return f"{what} (planned for {when})"


class Agenda(Sequence):
    """The agenda's items in order: the plans and birthdays as made, then the picked flags'
    actions, each made when it is read."""

    def __init__(self, first: list[AgendaItem], picked: list[tuple], flags: list):
        self._first, self._picked, self._flags = first, picked, flags

    def __len__(self) -> int:
        return len(self._first) + len(self._picked)

    def __getitem__(self, at):
        if isinstance(at, slice):
            return [self._item(i) for i in range(*at.indices(len(self)))]
        if not -len(self) <= at < len(self):
            raise IndexError(at)
        return self._item(at % len(self))

    def _item(self, i: int) -> AgendaItem:
        if i < len(self._first):
            return self._first[i]
        rank, since, path, place = self._picked[i - len(self._first)]
        f = self._flags[place]
        return AgendaItem(ACTION_ORDER[rank], f.contact, path, f.message, f.rule, since)


def agenda(summary: Summary, limit: int | None = None) -> Sequence[AgendaItem]:
    """The day's agenda, at most `limit` items: every due plan is its own item (first, oldest
    first), then the birthdays within the lead days (soonest first), then each contact's most
    pressing flag-based action (one per contact)."""
    plans = [
        AgendaItem("plan", name, path, plan_reason(day, word, text, summary.today), None, day)
        for day, name, path, word, text in summary.plans
    ]
    plans.sort(key=lambda i: (i.since, i.path))  # stable: one contact's plans keep their order
    plans += sorted(
        (
            AgendaItem("birthday", name, path, why, None, day)
            for day, name, path, why in summary.birthdays
        ),
        key=lambda i: (i.since, i.path),
    )
    flags, asked = summary.flags, summary.asked
    ranked = sorted(  # (rank, since, path, the flag's place: ties keep their order)
        (ACTION_RANK[a], fl.since, fl.path, place)
        for place, fl in enumerate(flags)
        if (a := ACTIONS.get(fl.rule)) is not None and not (a == "ask" and fl.path in asked)
    )
    seen, picked = set(), []
    for key in ranked:
        if key[2] not in seen:  # a plan does not hide the contact's thank or reach-out
            seen.add(key[2])
            picked.append(key)
    every = Agenda(plans, picked, flags)
    return every if limit is None else every[:limit]
