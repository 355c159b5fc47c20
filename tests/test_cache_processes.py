"""The index cache with several network-md processes at once: never corrupt, never stale."""

from __future__ import annotations

import json
import random
import select
import subprocess
import time
from datetime import timedelta
from pathlib import Path

from cache_helpers import (
    CONFIG,
    FILES,
    T,
    assert_cache_intact,
    assert_same,
    leftovers,
    outcome,
    team,
)
from helpers import TODAY, age, script_path

# --- processes at once --------------------------------------------------------------------------


def _mutate(root: Path, round_no: int) -> None:
    """Files change between rounds: appended to (new sizes), deleted, created; the config too."""
    rng = random.Random(round_no)
    people = root / "people"
    for path in sorted(people.rglob("*.md"))[:: 2 + round_no % 2]:
        with open(path, "a") as fh:
            kind = rng.choice(["gave", "got", "asked", "met"])
            fh.write(
                f"- 2026-11-{rng.randint(10, 27)} {kind}: r{round_no}{'!' * rng.randint(0, 9)}\n"
            )
    victims = sorted(people.glob("*.md"))
    if round_no % 2 and victims:
        victims[rng.randrange(len(victims))].unlink()
    (people / f"new{round_no}.md").write_text(
        f"# New {round_no}\n- 2026-11-2{round_no % 8} got: hello\n"
    )
    if round_no % 3 == 2:  # a new config: every process reads every file and writes a cache
        (root / ".network-md.yaml").write_text(CONFIG + f"# round {round_no}\n")
    if round_no == 3:
        age(root)  # this round's processes trust what they read, and store it stamped


def test_processes_writing_the_cache_at_once(make_vault, run):
    """Several processes at once, each on another day (so each has its own summary to write):
    none fails, each answers right, and the cache left behind is whole and gives right answers."""
    # Enough files that a round changes more than a handful (so that every process writes), and
    # a cache big enough that its writes take a while.
    many = {
        f"people/team/p{i:02}.md": f"# P{i}\n"
        + "".join(
            f"- 2026-{9 + j % 3:02}-{1 + (i + j) % 27:02} {('gave', 'got', 'met')[(i + j) % 3]}: {'x' * i}\n"
            for j in range(15)
        )
        for i in range(60)
    }
    root = make_vault({**FILES, **many}, config=CONFIG)
    script = script_path()
    commands = [
        ("status", "--json"),
        ("today", "--json"),
        ("flags", "--json"),
        ("list", "--json"),
        ("check", "--json"),
    ]
    days = [(TODAY + timedelta(days=i)).isoformat() for i in range(-3, 5)]
    for round_no in range(8):
        _mutate(root, round_no)
        pairs = [(commands[(i + round_no) % len(commands)], day) for i, day in enumerate(days)]
        all_at_once(run, script, root, pairs)
        assert_cache_intact(root)
        assert leftovers(root) == []
        for day in days[::2]:
            assert_same(run, root, [("status", "--json"), ("list", "--json")], today=day)
    age(root)
    assert_same(run, root)
    assert_cache_intact(root)


def all_at_once(run, script, root, pairs) -> None:
    """Run the installed script once per (args, day), all at the same time; each answer must
    equal the `--no-cache` answer for that day."""
    jobs = [
        (args, day, subprocess.Popen(
            [script, "--vault", str(root), "--today", day, *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        ))
        for args, day in pairs
    ]  # fmt: skip
    for args, day, proc in jobs:
        out, err = proc.communicate(timeout=120)
        fresh = run(root, "--no-cache", *args, today=day)
        assert (proc.returncode, out, err) == outcome(fresh), (args, day)


def test_a_watch_and_commands_at_once(make_vault, run):
    """`watch` saves the cache when things are quiet while commands in other processes read and
    write it: every answer right, the cache whole after each round and after the watch stops."""
    root = make_vault({**FILES, **team(30)}, config=CONFIG)
    script = script_path()
    watch = subprocess.Popen(
        [script, "--vault", str(root), "--today", T, "watch", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        ready, _, _ = select.select([watch.stdout], [], [], 60)
        assert ready, "the watch did not start"
        assert json.loads(watch.stdout.readline())["event"] == "ready"
        for round_no in range(3):
            _mutate(root, round_no)
            commands = [
                ("status", "--json"),
                ("today", "--json"),
                ("list", "--json"),
                ("status", "--json"),
            ]
            all_at_once(
                run,
                script,
                root,
                [(args, [T, "2026-11-28"][i % 2]) for i, args in enumerate(commands)],
            )
            time.sleep(2.5)  # quiet: the watch writes the cache now
            assert watch.poll() is None
            assert_cache_intact(root)
            assert_same(run, root, [("status", "--json"), ("today", "--json"), ("list", "--json")])
    finally:
        watch.terminate()
        _, err = watch.communicate(timeout=30)
    assert "internal error" not in err and "Traceback" not in err
    assert_cache_intact(root)
    assert leftovers(root) == []
    assert_same(run, root)
