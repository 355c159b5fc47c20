"""Plans: `log` writes them, `today` leads with them once due, `done` ticks them; never counted."""

from __future__ import annotations

import json
import subprocess

import pytest
from helpers import TODAY, script_path, vault_bytes

ADA = (
    "---\nname: Ada Lovelace\n---\nNotes.\n\n## Log\n"
    "- 2026-11-01 got: a tip\n"
    "- [ ] 2026-11-20 met (30m): lunch in Lisbon\n"
    "- [-] 2026-11-21 met: dinner, called off\n"
    "- [ ] 2026-12-12 asked: an intro to Charles\n"
)


@pytest.fixture
def vault(make_vault):
    return make_vault({"people/ada.md": ADA, "people/bob.md": "---\nname: Bob\n---\n## Log\n"})


def as_json(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_an_open_plan_never_counts_as_a_touch_minutes_or_practice(vault, run):
    r = run(vault, "met", "bob", "lunch next week", "--date", "2026-12-03")  # a future date
    assert r.exit_code == 0, r.stderr
    on_the_day = as_json(run(vault, "list", "--json", today="2026-12-03"))["contacts"]
    assert [c["last_touch"] for c in on_the_day if c["name"] == "Bob"] == [None]
    (ada,) = [c for c in as_json(run(vault, "list", "--json"))["contacts"] if c["name"] != "Bob"]
    assert ada["last_touch"] == "2026-11-01" and ada["received"] == 1
    for day in ("2026-11-20", "2026-11-21", "2026-12-12"):
        status = as_json(run(vault, "status", "--json", today=day))
        assert status["practice"]["streak_days"] == 0
        assert status["practice"]["minutes_today"] == 0


@pytest.mark.parametrize("cached", [True, False])
def test_a_due_plan_leads_the_agenda_until_ticked(vault, run, cached):
    cache = [] if cached else ["--no-cache"]
    before = as_json(run(vault, *cache, "today", "--json", today="2026-11-19"))
    assert [i["action"] for i in before["items"]] == ["thank"]  # not due yet
    for day in ("2026-11-20", "2026-11-27"):
        items = as_json(run(vault, *cache, "today", "--json", today=day))["items"]
        assert items[0]["action"] == "plan" and items[0]["rule"] is None
        assert items[0]["path"] == "people/ada.md"
        assert "lunch in Lisbon" in items[0]["reason"]
        assert ("planned for today" if day == "2026-11-20" else "2026-11-20") in items[0]["reason"]
    text = run(vault, *cache, "today").stdout
    assert "Planned with" in text.splitlines()[1] and "lunch in Lisbon" in text
    r = run(vault, *cache, "done", "ada")
    assert r.exit_code == 0, r.stderr
    after = as_json(run(vault, *cache, "today", "--json"))["items"]
    assert "plan" not in [i["action"] for i in after]
    (ada,) = [c for c in as_json(run(vault, "list", "--json"))["contacts"] if c["name"] != "Bob"]
    assert ada["last_touch"] == "2026-11-20"  # a ticked plan is an entry of its day


def test_plans_come_first_then_by_day_then_path(make_vault, run):
    root = make_vault(
        {
            "people/a.md": "## Log\n- 2026-11-26 got: x\n",
            "people/b.md": "## Log\n- [ ] 2026-11-27 met: today\n",
            "people/c.md": "## Log\n- [ ] 2026-11-02 met: long ago\n- [ ] 2026-11-25 met: y\n",
        }
    )
    items = as_json(run(root, "today", "--json"))["items"]
    assert [(i["action"], i["path"]) for i in items] == [
        ("plan", "people/c.md"),
        ("plan", "people/c.md"),  # every due plan is its own item
        ("plan", "people/b.md"),
        ("thank", "people/a.md"),
    ]
    assert "long ago" in items[0]["reason"] and "met: y" in items[1]["reason"]
    assert "(planned for today)" in items[2]["reason"]


def pat_with_two_due_plans(make_vault, run):
    """The audit's vault: Pat has two due plans and is overdue on 2026-12-20."""
    root = make_vault({"people/pat.md": "---\nname: Pat\ncircle: inner\n---\n## Log\n"})
    assert run(root, "log", "pat", "asked", "--plan", "--date", "2026-11-20").exit_code == 0
    assert run(root, "met", "pat", "lunch next week", "--date", "2026-12-04").exit_code == 0
    assert run(root, "met", "pat", "old coffee", "--date", "2026-11-01").exit_code == 0
    return root


@pytest.mark.parametrize("cached", [True, False])
def test_every_due_plan_and_the_contacts_flag_action_are_on_the_agenda(make_vault, run, cached):
    root = pat_with_two_due_plans(make_vault, run)
    cache = [] if cached else ["--no-cache"]
    on = {"today": "2026-12-20"}
    got = as_json(run(root, *cache, "today", "--all", "--json", **on))
    assert [(i["action"], i["reason"][:9]) for i in got["items"]] == [
        ("plan", "asked (pl"),
        ("plan", "met: lunc"),
        ("reach-out", got["items"][2]["reason"][:9]),
    ]
    assert got["more"] == 0
    text = run(root, *cache, "today", "--all", **on).stdout
    assert text.count("Pat") == 3 and "lunch next week" in text
    markdown = run(root, *cache, "today", "--all", "--markdown", **on).stdout
    assert markdown.count("- [ ] ") == 3
    ticked = run(root, *cache, "done", "pat", **on)
    assert ticked.exit_code == 0 and "2026-11-20 asked" in ticked.stderr
    after = as_json(run(root, *cache, "today", "--json", **on))["items"]
    assert [i["action"] for i in after] == ["plan", "follow-up"]  # the ticked ask now counts


def test_more_counts_every_plan_left_out(make_vault, run):
    root = make_vault(
        {"people/pat.md": "---\nname: Pat\n---\n## Log\n"}, config="daily: {items: 2}\n"
    )
    for day in ("2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"):
        assert run(root, "met", "pat", "x", "--plan", "--date", day).exit_code == 0
    got = as_json(run(root, "today", "--json"))
    assert [i["reason"][-11:-1] for i in got["items"]] == ["2026-11-01", "2026-11-02"]
    assert got["more"] == 2
    assert "… and 2 more" in run(root, "today").stdout
    assert "… and 2 more" in run(root, "today", "--markdown").stdout


def test_show_lists_plans_apart_and_json_carries_state_time_and_path(vault, run):
    data = as_json(run(vault, "show", "ada", "--json"))
    assert [(p["date"], p["state"]) for p in data["plans"]] == [
        ("2026-11-20", "plan"),
        ("2026-12-12", "plan"),
    ]
    states = {e["date"]: (e["state"], e["path"], e["time"]) for e in data["log"]}
    assert states["2026-11-21"] == ("cancelled", "people/ada.md", None)
    assert states["2026-11-01"] == ("done", "people/ada.md", None)
    text = run(vault, "show", "ada").stdout
    plans, log = text.split("\nPlans")[1].split("\nLog")
    assert "lunch in Lisbon" in plans and "an intro" in plans and "a tip" not in plans
    assert "a tip" in log and "cancelled: dinner" in log and "lunch" not in log


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["log", "bob", "met", "lunch", "--date", "2026-12-01"], "- [ ] 2026-12-01 met: lunch"),
        (["met", "bob", "coffee", "--plan"], "- [ ] 2026-11-27 met: coffee"),
        (
            ["gave", "bob", "a review", "--plan", "--date", "2026-11-02", "--minutes", "20"],
            "- [ ] 2026-11-02 gave (20m): a review",
        ),  # fmt: skip
        (["asked", "bob", "an intro", "--date", "2026-11-27"], "- 2026-11-27 asked: an intro"),
    ],
)
def test_log_writes_an_open_plan_for_a_later_date_or_with_plan(vault, run, args, line):
    r = run(vault, *args)
    assert r.exit_code == 0, r.stderr
    assert (vault / "people/bob.md").read_text().splitlines()[-1] == line
    assert ("Planned" in r.stderr) == ("[ ]" in line)


def test_done_ticks_only_that_box_byte_for_byte(make_vault, run):
    text = (
        "\ufeff---\r\nname: Ada\r\n---\r\n## Log\r\n* [ ] 2026-11-25 met: b\r\n"
        "  - [ ] 2026-11-20 met: a [[Bob]]\r\n- [ ] 2026-11-20 gave: c"
    )
    root = make_vault({"people/ada.md": text.encode("utf-8")})
    before = (root / "people/ada.md").read_bytes()
    r = run(root, "done", "ada")
    assert r.exit_code == 0, r.stderr
    assert "people/ada.md:6" in r.stderr
    after = (root / "people/ada.md").read_bytes()
    assert after == before.replace(b"  - [ ] 2026-11-20", b"  - [x] 2026-11-20")
    assert run(root, "done", "ada", "--date", "2026-11-25").exit_code == 0
    assert b"* [x] 2026-11-25" in (root / "people/ada.md").read_bytes()
    assert run(root, "done", "ada").exit_code == 0
    assert (root / "people/ada.md").read_bytes().endswith(b"- [x] 2026-11-20 gave: c")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["done", "bob"], "no open plan"),
        (["done", "ada", "--date", "2026-11-21"], "no open plan on 2026-11-21"),  # cancelled
        (["done", "ada", "--date", "21-11-2026"], "--date"),
        (["done", "nobody"], "no contact matches"),
    ],
)
def test_done_without_such_a_plan_exits_2_and_writes_nothing(vault, run, args, says):
    before = vault_bytes(vault)
    r = run(vault, *args)
    assert r.exit_code == 2 and says in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert vault_bytes(vault) == before


@pytest.mark.parametrize("dates", [["9999-12-31"], ["2026-11-28", "2027-03-01"]])
def test_done_never_ticks_a_plan_still_ahead_unless_named_by_its_date(make_vault, run, dates):
    root = make_vault({"people/pat.md": "---\nname: Pat\n---\n## Log\n"})
    for day in dates:
        assert run(root, "log", "pat", "gave", "x", day[:4], "--date", day).exit_code == 0
    before = vault_bytes(root)
    r = run(root, "done", "pat")
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert all(f"{day} gave: x {day[:4]}" in r.stderr for day in dates)
    assert "--date D" in r.stderr and "people/pat.md" in r.stderr
    assert vault_bytes(root) == before
    r = run(root, "done", "pat", "--date", dates[-1])
    assert r.exit_code == 0 and f"Done: {dates[-1]} gave" in r.stderr
    assert f"- [x] {dates[-1]} gave" in (root / "people/pat.md").read_text()


def test_done_ticks_the_oldest_due_plan_before_a_plan_ahead_written_above_it(make_vault, run):
    text = "---\nname: Pat\n---\n## Log\n- [ ] 2026-12-25 met: ahead\n- [ ] 2026-11-27 met: due\n"
    root = make_vault({"people/pat.md": text})
    r = run(root, "done", "pat")
    assert r.exit_code == 0 and "Done: 2026-11-27 met: due" in r.stderr
    after = (root / "people/pat.md").read_text()
    assert "- [ ] 2026-12-25 met: ahead" in after and "- [x] 2026-11-27 met: due" in after
    assert run(root, "done", "pat").exit_code == 2  # what is left is still ahead


def test_done_through_the_installed_command_and_git_commit(vault):
    subprocess.run(["git", "init", "-q", str(vault)], check=True)
    subprocess.run(["git", "-C", str(vault), "add", "-A"], check=True)
    env_git = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", *env_git, "-C", str(vault), "commit", "-qm", "start"], check=True)
    import os

    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    r = subprocess.run(
        [
            script_path(),
            "--vault",
            str(vault),
            "--today",
            TODAY.isoformat(),
            "done",
            "ada",
            "--commit",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        env=env,
    )
    assert r.returncode == 0, r.stderr
    log = subprocess.run(
        ["git", "-C", str(vault), "show", "--stat", "--format=%s", "HEAD"],
        capture_output=True,
        text=True,
    ).stdout
    assert log.startswith("done: met → Ada Lovelace") and "people/ada.md" in log
    assert "bob.md" not in log
