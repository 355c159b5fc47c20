"""`watch`: a real watchdog observer on tmp vaults; every wait is for an event, with a timeout."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from datetime import date
from pathlib import Path

import click
import pytest
from helpers import PLANNED, PLANNED_AGENDA, TODAY, age
from watch_helpers import (
    Watching,
    flags_held,
    flags_of,
    flags_on_disk,
    installed_watch,
    kinds,
    read_line,
    stop_watch,
    watching,
)

from network_md.analysis.current import open_index
from network_md.analysis.stats import analyse
from network_md.cli.watch import event_text
from network_md.format.config import DEFAULT
from network_md.render.dashboard import render_dashboard, wikilink
from network_md.watch import loop as watch
from network_md.watch.loop import VaultGone


def contact(name: str, *entries: str, front: str = "") -> str:
    log = "".join(f"- {e}\n" for e in entries)
    return f"---\nname: {name}\n{front}---\n## Log\n{log}"


GAVE2 = ("2026-10-01 gave: a", "2026-10-02 gave: b")
GAVE3 = (*GAVE2, "2026-10-03 gave: c")


def test_edit_raises_then_clears_and_a_new_message_alone_is_silent(make_vault):
    root = make_vault({"people/bob.md": contact("Bob Builder", *GAVE2)})
    bob = root / "people/bob.md"
    with watching(root) as w:
        assert w.seen[0]["contacts"] == 1 and w.seen[0]["problems"] == []
        bob.write_text(contact("Bob Builder", *GAVE3), encoding="utf-8")
        events = w.until(lambda e: e["event"] == "raised")
        assert events[-1]["flag"]["rule"] == "one-way"
        assert events[-1]["flag"]["message"] == "gave 3 times, nothing back yet"
        w.batch_with("people/bob.md")

        bob.write_text(contact("Bob Builder", *GAVE3, "2026-10-04 gave: d"), encoding="utf-8")
        quiet = w.batch_with("people/bob.md")  # "gave 4 times" is the same flag: nothing to say
        assert kinds(quiet, "raised") == [] and kinds(quiet, "cleared") == []

        bob.write_text(contact("Bob Builder", *GAVE3, "2026-10-05 got: thanks"), encoding="utf-8")
        events = w.batch_with("people/bob.md")
        assert flags_of(events, "cleared") == [("people/bob.md", "one-way")]
        assert kinds(events, "relationships")[0]["changes"] == {"network": 1, "one-way": -1}


def test_create_and_delete(make_vault):
    root = make_vault({"people/bob.md": contact("Bob Builder")})
    with watching(root) as w:
        (root / "people/carol.md").write_text(contact("Carol", *GAVE3), encoding="utf-8")
        events = w.batch_with("people/carol.md")
        assert flags_of(events, "raised") == [("people/carol.md", "one-way")]
        assert kinds(events, "relationships")[-1]["contacts"] == 2
        (root / "people/carol.md").unlink()
        events = w.batch_with("people/carol.md")
        assert flags_of(events, "cleared") == [("people/carol.md", "one-way")]
        assert kinds(events, "relationships")[-1]["contacts"] == 1


def test_atomic_save_by_rename_is_one_change_of_the_same_file(make_vault):
    root = make_vault({"people/bob.md": contact("Bob Builder", *GAVE2)})
    with watching(root) as w:
        saves = {
            "people/.bob.md.swp": GAVE3,
            "people/bob.md.tmp-1234": (*GAVE3, "2026-10-04 gave: d"),
        }
        for tmp, entries in saves.items():  # a hidden temporary file, then a visible one
            (root / tmp).write_text(contact("Bob Builder", *entries), encoding="utf-8")
            os.replace(root / tmp, root / "people/bob.md")
            events = w.batch_with("people/bob.md")
            assert all(p == "people/bob.md" for e in kinds(events, "batch") for p in e["paths"])
        assert flags_of(w.seen, "raised") == [("people/bob.md", "one-way")]
        assert kinds(w.seen, "cleared") == []


def test_folder_moved_then_deleted(make_vault):
    files = {f"people/team/{n}.md": contact(n.title(), *GAVE3) for n in ("ann", "ben")}
    root = make_vault({**files, "people/solo.md": contact("Solo")})
    with watching(root) as w:
        (root / "people/team").rename(root / "people/crew")
        events = w.batch_with("people/crew/ben.md")
        events += w.sync()  # the old paths may settle in a batch of their own
        assert sorted(flags_of(events, "cleared")) == [
            ("people/team/ann.md", "one-way"),
            ("people/team/ben.md", "one-way"),
        ]
        assert sorted(flags_of(events, "raised")) == [
            ("people/crew/ann.md", "one-way"),
            ("people/crew/ben.md", "one-way"),
        ]
        shutil.rmtree(root / "people/crew")
        events = w.batch_with("people/crew/ann.md") + w.sync()
        assert sorted(flags_of(events, "cleared")) == [
            ("people/crew/ann.md", "one-way"),
            ("people/crew/ben.md", "one-way"),
        ]
        assert set(w.watcher.contacts) == {
            "people/solo.md",
            "people/zz-sync-1.md",
            "people/zz-sync-2.md",
        }


def test_a_broken_file_counts_what_can_be_read_like_every_other_command(make_vault):
    root = make_vault({"people/bob.md": contact("Bob Builder", *GAVE3)})
    bob = root / "people/bob.md"
    with watching(root) as w:
        # Half-typed: the front matter is broken and the log is cut short.
        bob.write_text(
            "---\nname: [Bob\n---\n## Log\n- 2026-10-01 gave: a\n- 2026-10-0", encoding="utf-8"
        )
        events = w.batch_with("people/bob.md")
        problem = kinds(events, "problem")[0]
        assert (
            problem["problem"]["severity"] == "error"
            and problem["problem"]["path"] == "people/bob.md"
        )
        assert problem["kept_last_good"] is False
        # one `gave` can be read: below one-way's three, as `flags --json` says too
        assert flags_of(events, "cleared") == [("people/bob.md", "one-way")]
        stats = {s.contact.path: s for s in w.watcher.analysis().contacts}
        assert stats["people/bob.md"].given == 1 and stats["people/bob.md"].contact.name == "bob"

        bob.write_text(contact("Bob Builder", *GAVE3), encoding="utf-8")
        events = w.batch_with("people/bob.md")
        assert kinds(events, "resolved")[0]["problem"]["path"] == "people/bob.md"
        assert flags_of(events, "raised") == [("people/bob.md", "one-way")]


def test_burst_of_200_new_files_each_reported_once(make_vault):
    root = make_vault({"people/bob.md": contact("Bob")})
    with watching(root) as w:
        for i in range(200):
            (root / f"people/p{i:03}.md").write_text(
                contact(f"Person {i}", *GAVE3), encoding="utf-8"
            )
        w.until(lambda e: len(flags_of(w.seen, "raised")) >= 200)
        events = w.sync()
        raised = flags_of(w.seen, "raised")
        assert len(raised) == 200 and len(set(raised)) == 200
        assert kinds(w.seen, "cleared") == []
        assert kinds(events, "relationships")[-1]["contacts"] == 202
        assert w.watcher.live.counts["one-way"] == 200


def test_config_change_reevaluates_and_a_broken_config_keeps_the_last_good(make_vault):
    root = make_vault(
        {"people/bob.md": contact("Bob", *GAVE2), "people/ann.md": contact("Ann", *GAVE2)}
    )
    config = root / ".network-md.yaml"
    with watching(root) as w:
        config.write_text("contacts: [people]\none_way_gives: 2\n", encoding="utf-8")
        events = w.until(lambda e: e["event"] == "config")
        events += w.until(lambda e: e["event"] == "batch")
        assert sorted(flags_of(events, "raised")) == [
            ("people/ann.md", "one-way"),
            ("people/bob.md", "one-way"),
        ]

        config.write_text("contacts: [people]\none_way_gives: [2\n", encoding="utf-8")
        events = w.until(lambda e: e["event"] == "problem")
        assert (
            events[-1]["problem"]["path"] == ".network-md.yaml"
            and events[-1]["kept_last_good"] is True
        )
        events += w.until(lambda e: e["event"] == "batch")
        assert kinds(events, "cleared") == [] and w.watcher.index.vault.config.one_way_gives == 2

        config.write_text("contacts: [people]\n", encoding="utf-8")
        events = w.until(lambda e: e["event"] == "config")
        events += w.until(lambda e: e["event"] == "batch")
        assert kinds(events, "resolved")[0]["problem"]["path"] == ".network-md.yaml"
        assert sorted(flags_of(events, "cleared")) == [
            ("people/ann.md", "one-way"),
            ("people/bob.md", "one-way"),
        ]


def test_swap_files_hidden_folders_and_the_cache_are_ignored(make_vault):
    root = make_vault({"people/bob.md": contact("Bob", *GAVE2)})
    with watching(root) as w:
        for rel in ("people/.bob.md.swp", "people/.bob.md.swx", "people/bob.md~", "people/.#bob.md", "people/4913",
                    ".git/people.md", "people/.hidden/x.md", ".network-md/index", ".obsidian/x.md"):  # fmt: skip
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(contact("Ghost", *GAVE3), encoding="utf-8")
        w.sync()
        assert [e["paths"] for e in kinds(w.seen, "batch")] == [["people/zz-sync-1.md"]]
        assert kinds(w.seen, "raised") == []


def test_dashboard_is_kept_current_and_does_not_trigger_itself(make_vault):
    # The whole vault is contacts here, so only the guard keeps the dashboard from being read.
    root = make_vault({"people/bob.md": contact("Bob Builder", *GAVE2)}, config="me: Pat\n")
    board = root / "NETWORK.md"
    with watching(root, dashboard=board) as w:
        text = board.read_text(encoding="utf-8")
        assert text.startswith("---\nnetwork-md: dashboard\n") and "**1 contact**" in text
        (root / "people/bob.md").write_text(contact("Bob Builder", *GAVE3), encoding="utf-8")
        w.batch_with("people/bob.md")
        text = board.read_text(encoding="utf-8")  # written before the batch event returned
        assert "[[people/bob|Bob Builder]]" in text and "**one-way**" in text
        before = board.stat()
        (root / "people/bob.md").write_text(
            contact("Bob Builder", *GAVE3) + "A note, no new entry.\n", encoding="utf-8"
        )
        w.batch_with("people/bob.md")
        after = board.stat()
        assert (after.st_ino, after.st_mtime_ns) == (
            before.st_ino,
            before.st_mtime_ns,
        )  # same content: not rewritten
        batches = [e["paths"] for e in kinds(w.seen, "batch")]
        assert batches == [["people/bob.md"], ["people/bob.md"]]
        assert not [p for p in root.iterdir() if p.name.startswith(".NETWORK.md")]


def test_the_day_changing_raises_what_falls_due(make_vault):
    root = make_vault({"people/bob.md": contact("Bob", "2026-11-20 asked: an intro")})
    day = [TODAY]
    with watching(root, clock=lambda: day[0]) as w:
        day[0] = date(2026, 12, 4)  # 14 days after the ask
        events = w.until(lambda e: e["event"] == "raised")
        assert kinds(events, "day")[0]["today"] == "2026-12-04"
        assert flags_of(events, "raised") == [("people/bob.md", "unanswered-ask")]


def test_incremental_analysis_equals_a_fresh_one(make_vault):
    files = {
        f"people/p{i}.md": contact(
            f"P{i}", *GAVE2[: i % 3], "2026-11-01 got: x" if i % 2 else "2026-11-02 met: y"
        )
        for i in range(12)
    }
    root = make_vault(files)
    with watching(root) as w:
        for i in range(0, 12, 3):
            (root / f"people/p{i}.md").write_text(contact(f"P{i}", *GAVE3), encoding="utf-8")
        (root / "people/p1.md").unlink()
        w.until(lambda e: e["event"] == "batch" and "people/p1.md" in e["paths"])
        w.sync()
        fresh = open_index(root, use_cache=False).index
        expected = analyse(fresh.contacts(), fresh.vault.config, TODAY)
        assert w.watcher.analysis() == expected
        assert {p: s.flags for p, s in w.watcher.live.stats.items()} == {
            s.contact.path: s.flags for s in expected.contacts
        }


def test_changes_inotify_dropped_are_found_by_the_quiet_time_rescan(make_vault, monkeypatch):
    monkeypatch.setattr(watch, "IDLE_SECONDS", 0.0)
    monkeypatch.setattr(watch, "RESCAN_SECONDS", 0.2)
    root = make_vault({"people/bob.md": contact("Bob", *GAVE2)})
    with watching(root) as w:
        w.watcher.enqueue = lambda event: None  # every event lost, as in a queue overflow
        (root / "people/bob.md").write_text(contact("Bob", *GAVE3), encoding="utf-8")
        (root / "people/ann.md").write_text(contact("Ann", *GAVE3), encoding="utf-8")
        events = w.until(lambda e: e["event"] == "batch")
        assert sorted(flags_of(events, "raised")) == [
            ("people/ann.md", "one-way"),
            ("people/bob.md", "one-way"),
        ]


def test_the_vault_folder_disappearing_is_an_error(make_vault):
    root = make_vault({"people/bob.md": contact("Bob")})
    w = Watching(root)
    w.thread.start()
    w.until(lambda e: e["event"] == "ready")
    shutil.rmtree(root)
    events = w.until(lambda e: e["event"] == "_died")
    assert kinds(events, "error") and "is gone" in kinds(events, "error")[0]["message"]
    assert isinstance(w.error, VaultGone) and w.error.exit_code == 1
    w.thread.join(timeout=10)


def test_event_text_and_dashboard_rendering():
    flag = {"rule": "one-way", "severity": "red", "contact": "Bob Builder", "path": "people/bob.md",
            "since": "2026-10-01", "message": "gave 3 times, nothing back yet", "advice": "Ask."}  # fmt: skip
    assert (
        click.unstyle(event_text({"event": "raised", "flag": flag}))
        == "+ red one-way  Bob Builder — gave 3 times, nothing back yet"
    )
    assert (
        click.unstyle(
            event_text({"event": "cleared", "flag": {**flag, "severity": "nudge", "rule": "thank"}})
        )
        == "- nudge thank  Bob Builder"
    )
    problem = {"path": "people/bob.md", "line": 2, "severity": "error", "message": "bad"}
    assert "keeping the last good state" in event_text(
        {"event": "problem", "problem": problem, "kept_last_good": True}
    )
    forged = {**problem, "path": "people/a\nforged: error: x.md", "message": "m\x1b[2Jn"}
    line = click.unstyle(event_text({"event": "problem", "problem": forged}))
    assert "\n" not in line and "\x1b" not in line
    assert event_text({"event": "batch", "paths": [], "seconds": 0}) is None
    assert wikilink("people/a|b.md", "A [x] | y") == "[[people/a|b|A (x) / y]]"
    text = render_dashboard(analyse([], DEFAULT, TODAY).summary(), DEFAULT, [])
    assert text.startswith("---\nnetwork-md: dashboard\ntoday: 2026-11-27\n---\n")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_installed_script_json_then_signal(make_vault, sig):
    root = make_vault({"people/bob.md": contact("Bob Builder", *GAVE2)})
    with installed_watch(root, "--json") as proc:
        deadline = time.monotonic() + 20
        ready = json.loads(read_line(proc, deadline))
        assert ready["event"] == "ready" and ready["contacts"] == 1 and ready["problems"] == []
        (root / "people/bob.md").write_text(contact("Bob Builder", *GAVE3), encoding="utf-8")
        while (event := json.loads(read_line(proc, deadline)))["event"] != "raised":
            pass
        assert event["flag"]["rule"] == "one-way" and event["flag"]["path"] == "people/bob.md"
        stop_watch(proc, sig)


def test_installed_script_text_mode(make_vault, tmp_path):
    root = make_vault({"people/bob.md": contact("Bob Builder", *GAVE2)})
    with installed_watch(root, "--dashboard", "board.md", cwd=tmp_path) as proc:
        deadline = time.monotonic() + 20
        lines = [read_line(proc, deadline)]
        while "Watching" not in lines[-1]:
            lines.append(read_line(proc, deadline))
        assert "Your network" in lines[0] and "1 contact ·" in "".join(lines)
        assert (
            (tmp_path / "board.md")
            .read_text(encoding="utf-8")
            .startswith("---\nnetwork-md: dashboard\n")
        )
        (root / "people/bob.md").write_text(contact("Bob Builder", *GAVE3), encoding="utf-8")
        while "one-way" not in (line := read_line(proc, deadline)):
            pass
        assert line.rstrip("\n").endswith(
            "+ red one-way  Bob Builder — gave 3 times, nothing back yet"
        )
        assert "\x1b[" not in line  # no colours into a pipe
        stop_watch(proc)


# --- watch agrees with `flags --json`, whatever errors the files hold ---------------------------


SAVES = [
    # a new `declined` beside a YAML typo: declined-ask is raised all the same
    ("people/ann.md", "---\nname: [Ann\n---\n## Log\n- 2026-11-01 asked: intro\n"
     "- 2026-11-02 declined: no time\n"),
    # a good `got` beside an impossible date: the got counts (a thank nudge)
    ("people/bob.md", contact("Bob", "2026-02-30 gave: typo", "2026-11-20 got: the intro")),
    # three gives and a line that looks like an entry but is not one
    ("people/cy.md", contact("Cy", *GAVE3, "2026-10-04 gave")),
    # the YAML typo fixed, the decline answered
    ("people/ann.md", contact("Ann", "2026-11-01 asked: intro", "2026-11-02 declined: no",
                              "2026-11-10 got: yes after all")),
    # not valid UTF-8, with an unknown kind: read with replacement characters
    ("people/bob.md", b"## Log\n- 2026-11-21 asked-me: \xff\xfe help?\n- 2026-11-22 wave: hi\n"),
    # front matter never closed, an unanswered ask in the log
    ("people/cy.md", "---\nname: Cy\n## Log\n- 2026-10-01 asked: a favour\n"),
]  # fmt: skip


def test_after_every_batch_watch_holds_exactly_the_flags_of_flags_json(make_vault):
    root = make_vault({"people/ann.md": contact("Ann"), "people/bob.md": contact("Bob")})
    with watching(root) as w:
        assert flags_held(w) == flags_on_disk(root)
        for rel, content in SAVES:
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            (root / rel).write_bytes(data)
            w.batch_with(rel)
            assert flags_held(w) == flags_on_disk(root), rel
        rules = {(f["path"], f["rule"]) for f in flags_held(w)}
        assert ("people/cy.md", "unanswered-ask") in rules


# --- odd files: FIFOs, names that are not UTF-8 ------------------------------------------------


def test_a_fifo_named_md_never_hangs_the_watcher(make_vault):
    root = make_vault({"people/bob.md": contact("Bob", *GAVE2)})
    os.mkfifo(root / "people/before.md")  # there before the index
    with watching(root) as w:
        assert "people/before.md" not in w.watcher.contacts
        os.mkfifo(root / "people/during.md")  # and one made while watching
        (root / "people/bob.md").write_text(contact("Bob", *GAVE3), encoding="utf-8")
        events = w.batch_with("people/bob.md")
        assert ("people/bob.md", "one-way") in flags_of(w.seen, "raised"), events
        w.sync()
        assert not any(p.endswith(("before.md", "during.md")) for p in w.watcher.contacts)


def test_the_installed_watch_survives_names_that_are_not_utf8_on_a_strict_stdout(make_vault):
    root = make_vault({"people/bob.md": contact("Bob", *GAVE2)})
    (root / os.fsdecode(b"people/caf\xe9.md")).write_bytes(b"## Log\n- 2026-02-30 got: x\n")
    env = {**os.environ, "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8"}
    env["PYTHONIOENCODING"] = "utf-8:strict"  # what Python uses in a UTF-8 locale
    with installed_watch(root, "--json", env=env) as proc:
        deadline = time.monotonic() + 20
        ready = json.loads(read_line(proc, deadline))
        assert [p["path"] for p in ready["problems"]] == ["people/caf\ufffd.md"]
        (root / os.fsdecode(b"people/\xff\xfe.md")).write_bytes(b"## Log\n- 2026-02-31 got: y\n")
        while (event := json.loads(read_line(proc, deadline)))["event"] != "problem":
            pass
        assert event["problem"]["path"] == "people/\ufffd\ufffd.md"
        (root / "people/bob.md").write_text(contact("Bob", *GAVE3), encoding="utf-8")
        while (event := json.loads(read_line(proc, deadline)))["event"] != "raised":
            pass
        stop_watch(proc)


# --- the dashboard never overwrites what is not a dashboard ---------------------------------------


@pytest.mark.parametrize("how", ["config", "option"])
def test_a_dashboard_path_naming_a_note_never_overwrites_it(make_vault, how):
    note = "---\nname: Ada\n---\nMy own notes.\n## Log\n- 2026-10-01 gave: a\n"
    config = "contacts: [people]\n" + ("dashboard: people/ada.md\n" if how == "config" else "")
    root = make_vault({"people/ada.md": note, "notes/todo.md": "- buy milk\n"}, config=config)
    target = root / ("people/ada.md" if how == "config" else "notes/todo.md")
    before = target.read_bytes()
    options = {} if how == "config" else {"dashboard": target}
    with watching(root, **options) as w:
        problems = [e for e in w.seen if e["event"] == "problem"]
        assert any("not a network-md dashboard" in e["problem"]["message"] for e in problems)
        assert target.read_bytes() == before


@pytest.mark.parametrize(("items", "more"), [(5, 0), (2, 2)])
def test_the_dashboards_today_lists_every_due_plan_and_how_many_more(
    make_vault, tmp_path, items, more
):
    root = make_vault(PLANNED, config=f"daily: {{items: {items}}}\n")
    board = tmp_path / "board.md"
    with watching(root, dashboard=board):
        pass
    text = board.read_text("utf-8")
    today = text.split("## Today\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    shown = [line for line in today if not line.startswith("- … and")]
    assert len(shown) == min(items, 4)
    assert all(want in line for want, line in zip(PLANNED_AGENDA, shown))
    assert [line for line in today if line.startswith("- … and")] == (
        [f"- … and {more} more: `network-md today --all`"] if more else []
    )


@pytest.mark.parametrize(
    "existing", [None, "", "---\nnetwork-md: dashboard\ntoday: 2026-01-01\n---\nold\n"]
)
def test_a_missing_empty_or_old_dashboard_is_written(make_vault, tmp_path, existing):
    root = make_vault({"people/bob.md": contact("Bob", *GAVE2)})
    board = tmp_path / "board.md"
    if existing is not None:
        board.write_text(existing, "utf-8")
    with watching(root, dashboard=board):
        pass
    assert board.read_text("utf-8").startswith("---\nnetwork-md: dashboard\ntoday: 2026-11-27\n")


def test_a_dashboard_that_is_a_fifo_is_a_problem_not_a_hang(make_vault, tmp_path):
    root = make_vault({"people/bob.md": contact("Bob", *GAVE2)})
    board = tmp_path / "board.md"
    os.mkfifo(board)
    with watching(root, dashboard=board) as w:
        problems = [e["problem"]["message"] for e in w.seen if e["event"] == "problem"]
        assert any("not a regular file" in m for m in problems), w.seen
    assert board.is_fifo()


# --- a warm start, from the summary `status` left -----------------------------------------------


def _warm_vs_cold_files() -> dict:
    return {
        f"people/p{i}.md": contact(
            f"P{i}",
            *GAVE3[: i % 4],
            "2026-11-20 asked: an intro" if i % 5 == 0 else "2026-11-01 met: y",
        )
        for i in range(15)
    }


WARM_EDITS = [
    ("people/p3.md", contact("P3", *GAVE3, "2026-11-25 got: thanks")),  # clears a summary flag
    ("people/p4.md", contact("P4", *GAVE3)),  # raises one
    ("people/p0.md", None),  # a flagged contact deleted
    ("people/new.md", contact("New", *GAVE3)),  # a new file, in no summary
    ("people/p7.md", contact("P7", "2026-11-24 got: x", front="archived: true\n")),
    ("people/p1.md", contact("P1", "2026-10-20 got: an intro to [[P2]]")),  # across contacts
    ("people/p4.md", contact("P4", "2026-11-26 met: lunch")),  # edited twice: cleared again
]


def _events_of_edits(w: Watching, root: Path, edits=WARM_EDITS) -> list:
    said = []
    for rel, content in edits:
        if content is None:
            (root / rel).unlink()
        else:
            (root / rel).write_text(content, encoding="utf-8")
        for e in w.batch_with(rel):
            if e["event"] in ("raised", "cleared"):
                said.append((e["event"], e["flag"]["path"], e["flag"]["rule"]))
            elif e["event"] == "relationships":
                said.append((e["event"], e["relationships"], e["changes"]))
    return said


def test_a_warm_start_reports_exactly_what_a_cold_one_does(make_vault, run):
    cold_root, warm_root = make_vault(_warm_vs_cold_files()), make_vault(_warm_vs_cold_files())
    assert run(warm_root, "status").exit_code == 0  # leaves the summary in the cache
    for root in (cold_root, warm_root):  # changed since the summary: touched at the start
        (root / "people/p10.md").write_text(contact("P10", *GAVE3), encoding="utf-8")
    with watching(cold_root, use_cache=False) as cold:
        assert len(cold.watcher.contacts) == 15
        cold_said = _events_of_edits(cold, cold_root)
        cold_ready = cold.seen[0]
    with watching(warm_root) as warm:
        assert len(warm.watcher.contacts) <= 1  # nobody decoded but the file changed since
        warm_said = _events_of_edits(warm, warm_root)
        warm_ready = warm.seen[0]
        assert flags_held(warm) == flags_on_disk(warm_root)
        assert warm.watcher.analysis().contacts == cold.watcher.analysis().contacts
    assert warm_said == cold_said and any(s[0] == "cleared" for s in warm_said)
    assert ("raised", "people/p1.md", "close-the-loop") in warm_said
    assert warm_ready["contacts"] == cold_ready["contacts"] == 15


INTRO = "2026-10-20 got: an intro to [[P2]]"
INTRO_EDITS = [
    ("people/p1.md", contact("P1", INTRO, "2026-11-25 thanked: it went well")),  # loop closed
    ("people/p3.md", contact("P3", *GAVE3, "2026-11-25 got: thanks")),
    ("people/p1.md", contact("P1", INTRO)),  # open again
    ("people/p2.md", contact("P2", "2026-10-01 met: before the intro")),  # no meeting after it
    ("people/p5.md", contact("P5", "2026-10-22 got: an intro to [[P6]]")),  # a second introducer
    ("people/p0.md", None),
]


def test_a_warm_start_in_a_vault_with_introductions_reports_what_a_cold_one_does(make_vault, run):
    """The summary's close-the-loop nudges serve the start; the first batch decodes everyone."""
    files = {**_warm_vs_cold_files(), "people/p1.md": contact("P1", INTRO)}
    cold_root, warm_root = make_vault(files), make_vault(files)
    age(warm_root)  # no racy file: none touched, so the kept nudges still hold
    assert run(warm_root, "status").exit_code == 0  # leaves the summary and its nudges
    said = []
    for root, use_cache in ((cold_root, False), (warm_root, True)):
        with watching(root, use_cache=use_cache) as w:
            if use_cache:
                assert w.watcher.contacts == {}  # nobody decoded to start
            assert ("people/p1.md", "close-the-loop") in {
                (f["path"], f["rule"]) for f in flags_held(w)
            }
            events = _events_of_edits(w, root, INTRO_EDITS)
            assert flags_held(w) == flags_on_disk(root)
            said.append(events)
    assert said[0] == said[1]
    assert ("cleared", "people/p1.md", "close-the-loop") in said[1]
    assert ("raised", "people/p1.md", "close-the-loop") in said[1]


def test_a_warm_start_moves_to_a_new_day_like_a_cold_one(make_vault, run):
    said = []
    for use_cache in (False, True):
        root = make_vault(_warm_vs_cold_files())
        assert run(root, "status").exit_code == 0
        day = [TODAY]
        with watching(root, clock=lambda: day[0], use_cache=use_cache) as w:  # noqa: B023
            day[0] = date(2026, 12, 4)  # 14 days after the asks
            events = w.until(lambda e: e["event"] == "day")
            events += w.sync()
            said.append(sorted(flags_of(events, "raised")) + sorted(flags_of(events, "cleared")))
    assert said[0] == said[1] and said[0]
