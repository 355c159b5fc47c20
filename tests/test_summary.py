"""The summary's plans: each contact's due plans summed, and patched per changed file."""

from __future__ import annotations

from helpers import TODAY, contact, o

from network_md.analysis.agenda import agenda
from network_md.analysis.stats import analyse
from network_md.analysis.summary import build, contribution, patch, view
from network_md.format.config import DEFAULT

DAY = TODAY.toordinal()


def with_plans(path: str, plans, log=()):
    return contact(log, path=path)._replace(plans=tuple((o(d), w, t) for d, w, t in plans))


def test_due_plans_reach_the_summary_and_later_ones_do_not():
    ada = with_plans("people/ada.md", [("2026-11-20", "met", "lunch"), ("2026-12-01", "met", "x")])
    bob = with_plans("people/bob.md", [("2026-11-27", "asked", "intro")])
    state = build({c.path: contribution(c, DEFAULT, DAY) for c in (ada, bob)}, DAY, "")
    assert state.plans == [
        (o("2026-11-20"), "Ada", "people/ada.md", "met", "lunch"),
        (o("2026-11-27"), "Bob", "people/bob.md", "asked", "intro"),
    ]
    summary = view(state, DEFAULT)
    assert summary.plans == analyse([ada, bob], DEFAULT, TODAY).summary().plans
    assert [(i.action, i.path, i.rule) for i in agenda(summary)] == [
        ("plan", "people/ada.md", None),
        ("plan", "people/bob.md", None),
    ]


def test_patching_a_file_replaces_its_plans_only():
    ada = with_plans("people/ada.md", [("2026-11-20", "met", "lunch")])
    bob = with_plans("people/bob.md", [("2026-11-21", "met", "coffee")])
    contribs = {c.path: contribution(c, DEFAULT, DAY) for c in (ada, bob)}
    state = build(contribs, DAY, "")
    ticked = with_plans("people/ada.md", [], log=[("2026-11-20", "met")])
    after = patch(
        state, {ada.path: contribs[ada.path]}, {ada.path: contribution(ticked, DEFAULT, DAY)}
    )
    assert [p[2] for p in after.plans] == ["people/bob.md"]
    gone = patch(after, {bob.path: contribs[bob.path]}, {})
    assert gone.plans == [] and gone.contacts == 1
    assert view(gone, DEFAULT).practice.streak_days == 0  # 2026-11-20 is a week ago
