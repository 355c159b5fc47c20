"""The cached summary: the same day again and again, another day, and other commands between."""

from __future__ import annotations

import os
import shutil

import pytest
from cache_helpers import (
    ADA,
    BOB,
    CYD,
    FILES,
    T,
    assert_cache_intact,
    assert_same,
    built,
    rewrite_same_size,
    team,
)
from helpers import age

# --- the same day again and again; another day --------------------------------------------------


def test_repeated_runs_after_changes_do_not_double_count(make_vault, run):
    root = built(make_vault, run)
    ada, bob = root / "people/ada.md", root / "people/bob.md"
    status = [("status", "--json")]
    for step in range(3):
        ada.write_text(ada.read_text() + f"- 2026-11-2{step + 5} got ({step + 1}m): more {step}\n")
        first = assert_same(run, root, status)
        for _ in range(3):  # the racy files are read again each time: the summary must not drift
            assert assert_same(run, root, status) == first
        assert_same(run, root, [("today", "--json"), ("flags", "--json"), ("status", "--json")])
    bob.unlink()
    (root / "people/kim.md").write_text("# Kim\n- 2026-11-27 asked-me (7m): help\n")
    for _ in range(3):
        assert_same(run, root, [("status", "--json"), ("today", "--json")])
    age(root)  # no longer racy: trusted from now on
    for _ in range(3):
        assert_same(run, root, [("status", "--json"), ("flags", "--json"), ("today", "--json")])
    assert_cache_intact(root)
    # a file that stays racy across runs (written just before each one)
    for i in range(4):
        ada.write_text(ADA + f"- 2026-11-27 gave ({i}m): {'x' * i}\n")
        for _ in range(2):
            assert_same(run, root, [("status", "--json"), ("today", "--json")])


def test_the_summary_survives_other_commands_in_between(make_vault, run):
    """status, then a command that does not need the summary (list, check, show) after a change,
    then status again: the summary must be rebuilt or patched, never reused stale."""
    root = built(make_vault, run)
    for i, between in enumerate(
        [("list", "--json"), ("check", "--json"), ("show", "ada", "--json")]
    ):
        assert_same(run, root, [("status", "--json")])
        (root / "people/cyd.md").write_text(CYD + f"- 2026-11-2{i} got: answer {i}\n")
        assert_same(run, root, [between])
        age(root)
        assert_same(run, root, [("status", "--json"), ("flags", "--json"), ("today", "--json")])


@pytest.mark.parametrize(
    "between", [("list", "--json"), ("check", "--json"), ("show", "ada", "--json")]
)
@pytest.mark.parametrize("day", [T, "2026-11-28"])
def test_many_changes_then_a_command_that_needs_no_summary(make_vault, run, between, day):
    """Many files change at once and the next command (on the summary's day or another) does
    not need the summary: whatever it writes, the next status must not see a stale summary."""
    root = built(make_vault, run, files={**FILES, **team()})
    assert_same(run, root, [("status", "--json")])
    for i, path in enumerate(sorted((root / "people/team").glob("*.md"))[:30]):
        with open(path, "a") as fh:
            fh.write(
                f"- 2026-11-2{i % 8} {('got', 'declined', 'asked-me')[i % 3]}: more {'z' * i}\n"
            )
    (root / "people/ada.md").unlink()
    (root / "people/zed.md").write_text("# Zed\n- 2026-11-26 got: a lead\n")
    assert_same(run, root, [between], today=day)
    for _ in range(2):
        assert_same(run, root, [("status", "--json"), ("flags", "--json"), ("today", "--json")])
        assert_same(run, root, [("status", "--json")], today=day)
    age(root)
    assert_same(run, root, [between, ("status", "--json"), ("today", "--json")])
    assert_same(run, root)


@pytest.mark.parametrize("how", ["moved", "copied-with-times"])
def test_vault_moved_or_copied_with_its_cache(make_vault, run, how):
    root = built(make_vault, run)
    before = assert_same(run, root)
    other = root.with_name(root.name + "-elsewhere")
    if how == "moved":
        os.rename(root, other)  # same inodes, stamps and cache: the paths inside are relative
    else:
        shutil.copytree(root, other, copy_function=shutil.copy2)  # times kept, new inodes
        rewrite_same_size(
            other / "people/ada.md", "2026-11-20 got", "2026-11-20 met", keep_mtime=True
        )
    after = assert_same(run, other)
    if how == "moved":  # the same answers, but for status, which names the vault
        assert {k: v for k, v in after.items() if k[0] != "status"} == {
            k: v for k, v in before.items() if k[0] != "status"
        }
    else:
        assert after[("show", "ada", "--json")] != before[("show", "ada", "--json")]


DAYS = [
    "2026-11-27",
    "2026-11-28",
    "2026-12-20",
    "2026-11-27",
    "2026-11-02",
    "2027-02-01",
    "2026-11-27",
]


def test_change_of_today_between_runs_and_back(make_vault, run):
    root = built(make_vault, run)
    seen = {}
    for day in DAYS:
        for _ in range(2):
            out = assert_same(run, root, today=day)
            assert seen.setdefault(day, out) == out
    assert len({v[("status", "--json")] for v in seen.values()}) == len(set(DAYS))
    # a change while another day is cached
    (root / "people/bob.md").write_text(BOB + "- 2026-11-27 got: at last\n")
    for day in DAYS:
        assert_same(
            run, root, [("status", "--json"), ("today", "--json"), ("flags", "--json")], today=day
        )
