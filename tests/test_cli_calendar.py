"""`calendar`: the installed command on real vaults, its feed parsed back, and a real calendar
client (khal) importing it."""

from __future__ import annotations

import os
import subprocess
from datetime import date, datetime
from pathlib import Path

import icalendar
import pytest
from calendar_helpers import khal, khal_config, khal_day, khal_or_skip
from helpers import REAL_WORLD, TODAY, as_unprivileged, contact, open_copy, script_path, vault_bytes

ADA = """---
name: Ada Lovelace
circle: close
birthday: 1815-11-29
---
## Log
- 2026-11-20 got: three places and a table booked for me
- 2026-12-12 met: lunch in Lisbon
- 2026-12-12 met: lunch in Lisbon
"""
BO = """---
name: Bo Berg
Birth Day: --11-27
cadence: 10
---
## Log
- 2026-11-20 gave: an intro
"""
CY = """---
name: Cy Chen
bday: 02-29
---
"""
DEE = """---
name: Dee Dahl
Birthday: 1990-12-09
---
"""
ARCHIVED = """---
name: Old Friend
birthday: 1980-11-27
archived: 2026-01-01
---
## Log
- 2026-11-20 got: something
- 2026-12-01 met: a plan that is gone
"""
SNOOZED = """---
name: Sleepy
birthday: 1980-11-27
snooze_until: 2027-01-01
---
## Log
- 2026-11-20 got: something
"""
BAD = """---
name: Bad Date
circle: wide
birthday: 1990-02-30
---
"""
FILES = {
    "people/ada.md": ADA,
    "people/bo.md": BO,
    "people/cy.md": CY,
    "people/dee.md": DEE,
    "people/old.md": ARCHIVED,
    "people/sleepy.md": SNOOZED,
    "people/bad.md": BAD,
}


def calendar(vault: Path, *args: str, today: str = TODAY.isoformat(), cwd=None):
    return subprocess.run(
        [script_path(), "--vault", str(vault), "--today", today, "calendar", *args],
        capture_output=True,
        cwd=cwd,
    )


def components(data: bytes):
    cal = icalendar.Calendar.from_ical(data)
    found = {str(c["summary"]): c for c in [*cal.walk("VEVENT"), *cal.walk("VTODO")]}
    return found, {str(c["summary"]): str(c["uid"]) for c in found.values()}


@pytest.fixture
def vault(make_vault):
    return make_vault(FILES)


def test_the_feed_holds_the_vault(vault):
    done = calendar(vault)
    assert done.returncode == 0, done.stderr
    found, _ = components(done.stdout)
    daily = found["Networking time"]
    assert daily.decoded("dtstart") == datetime(2026, 11, 27, 8, 30)
    assert daily["rrule"].to_ical() == b"FREQ=DAILY"
    assert str(daily["description"]).splitlines() == [
        "Your networking time, Friday 27 November 2026:",
        "1. Congratulate Bo Berg: birthday today",  # `Birth Day:` is the birthday key
        "2. Congratulate Ada Lovelace: turns 211 on Sunday 29 November",
        "3. Thank Ada Lovelace: gave you something on 2026-11-20; not thanked yet",  # as `today`
    ]
    birthdays = {s for s in found if s.startswith("Birthday: ")}
    assert birthdays == {
        "Birthday: Ada Lovelace",
        "Birthday: Bo Berg",
        "Birthday: Cy Chen",
        "Birthday: Dee Dahl",
    }
    assert found["Birthday: Ada Lovelace"].decoded("dtstart") == date(1815, 11, 29)
    assert found["Birthday: Bo Berg"].decoded("dtstart") == date(2026, 11, 27)
    assert found["Birthday: Cy Chen"]["rrule"]["bymonthday"] == [-1]
    plans = [s for s in found if s.startswith("Met Ada")]
    assert plans == ["Met Ada Lovelace: lunch in Lisbon"]  # twice, with two UIDs
    lunches = [
        c
        for c in icalendar.Calendar.from_ical(done.stdout).walk("VEVENT")
        if str(c["summary"]).startswith("Met Ada")
    ]
    assert len({str(c["uid"]) for c in lunches}) == 2
    assert lunches[0].decoded("dtstart") == date(2026, 12, 12)


def test_archived_snoozed_and_bad_birthdays_are_left_out_with_one_warning(vault):
    done = calendar(vault)
    text = done.stdout.decode()
    for gone in ("Old Friend", "Sleepy", "Bad Date", "a plan that is gone"):
        assert gone not in text
    assert "1 warning" in done.stderr.decode()  # the bad birthday, as every command says
    checked = subprocess.run(
        [script_path(), "--vault", str(vault), "check"], capture_output=True, text=True
    )
    assert [line for line in checked.stdout.splitlines() if "birthday" in line] == [
        "people/bad.md:4: warning: birthday: '1990-02-30' is not a real date like 1815-12-10, "
        "or --12-10 without the year; left out of exports and the agenda"
    ]
    assert b"Traceback" not in done.stderr


def test_todos_today_and_what_comes_due_in_the_next_days(vault):
    found, _ = components(calendar(vault).stdout)
    todos = {s: c for s, c in found.items() if c.name == "VTODO"}
    due = {s: c.decoded("due") for s, c in todos.items()}
    assert due["Congratulate Bo Berg"] == TODAY
    assert due["Congratulate Ada Lovelace"] == date(2026, 11, 29)  # on its own day
    assert due["Congratulate Dee Dahl"] == date(2026, 12, 9)  # past the lead days, within 14
    assert due["Reach out to Bo Berg"] == date(2026, 12, 1)  # 2026-11-20 + cadence 10 + 1
    assert due["Thank Ada Lovelace"] == TODAY  # a birthday does not hide her thank
    assert "Congratulate Cy Chen" not in due  # 28 February is months away
    assert "last touch 2026-11-20; cadence 10 days" in str(
        todos["Reach out to Bo Berg"]["description"]
    )


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, {"Congratulate Bo Berg", "Congratulate Ada Lovelace", "Thank Ada Lovelace"}),
        (3, {"Congratulate Bo Berg", "Congratulate Ada Lovelace", "Thank Ada Lovelace"}),
        (
            4,
            {
                "Congratulate Bo Berg",
                "Congratulate Ada Lovelace",
                "Thank Ada Lovelace",
                "Reach out to Bo Berg",
            },
        ),
        (
            11,
            {
                "Congratulate Bo Berg",
                "Congratulate Ada Lovelace",
                "Thank Ada Lovelace",
                "Reach out to Bo Berg",
            },
        ),
        (
            12,
            {
                "Congratulate Bo Berg",
                "Congratulate Ada Lovelace",
                "Thank Ada Lovelace",
                "Reach out to Bo Berg",
                "Congratulate Dee Dahl",
            },
        ),
    ],
)
def test_days_bounds_the_coming_todos(vault, days, expected):
    found, _ = components(calendar(vault, "--days", str(days)).stdout)
    assert {s for s, c in found.items() if c.name == "VTODO"} == expected


@pytest.mark.parametrize(
    ("lead", "on_agenda"),
    [
        (0, ["Bo Berg"]),
        (1, ["Bo Berg"]),
        (2, ["Bo Berg", "Ada Lovelace"]),
        (12, ["Bo Berg", "Ada Lovelace", "Dee Dahl"]),
    ],
)
def test_lead_days_decides_which_birthdays_reach_the_days_agenda(make_vault, lead, on_agenda):
    vault = make_vault(FILES, config=f"contacts: [people]\ndates: {{lead_days: {lead}}}\n")
    found, _ = components(calendar(vault).stdout)
    lines = str(found["Networking time"]["description"]).splitlines()
    assert [
        line.split(": ")[0].split("Congratulate ")[1] for line in lines if "Congratulate" in line
    ] == on_agenda


def test_same_day_same_bytes_and_later_days_keep_the_uids(vault, tmp_path):
    first, again = calendar(vault), calendar(vault)
    assert first.stdout == again.stdout
    _, today = components(first.stdout)
    _, later = components(calendar(vault, today="2026-11-28").stdout)
    for summary in (
        "Networking time",
        "Birthday: Ada Lovelace",
        "Birthday: Dee Dahl",
        "Congratulate Dee Dahl",
        "Reach out to Bo Berg",
        "Congratulate Ada Lovelace",
    ):
        assert later[summary] == today[summary], summary
    # an edit elsewhere in the file (a new line above the plan) moves no UID
    path = vault / "people/ada.md"
    path.write_text(ADA.replace("## Log\n", "## Log\n- 2026-11-21 met: coffee\n"), encoding="utf-8")
    _, edited = components(calendar(vault).stdout)
    assert edited["Met Ada Lovelace: lunch in Lisbon"] == today["Met Ada Lovelace: lunch in Lisbon"]


def test_daily_at_and_minutes_come_from_the_config(make_vault):
    vault = make_vault(FILES, config="contacts: [people]\ndaily: {at: 7:05, minutes: 40}\n")
    found, _ = components(calendar(vault).stdout)
    daily = found["Networking time"]
    assert daily.decoded("dtstart") == datetime(2026, 11, 27, 7, 5)
    assert daily.decoded("dtend") == datetime(2026, 11, 27, 7, 45)


@pytest.mark.parametrize(
    ("config", "key"),
    [("daily: {at: '25:00'}\n", "daily.at"), ("dates: {lead_days: -2}\n", "dates.lead_days")],
)
def test_a_wrong_calendar_setting_is_exit_2_naming_the_key(make_vault, config, key):
    vault = make_vault(FILES, config=config)
    done = calendar(vault)
    assert done.returncode == 2 and done.stdout == b""
    (line,) = done.stderr.decode().splitlines()
    assert line.startswith(f".network-md.yaml:1: error: {key}: ")


def test_output_writes_the_same_bytes_atomically(vault, tmp_path):
    out = tmp_path / "feeds" / "network.ics"
    out.parent.mkdir()
    done = calendar(vault, "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == b""
    assert out.read_bytes() == calendar(vault).stdout
    assert "Wrote " in done.stderr.decode() and "to-do(s)" in done.stderr.decode()
    assert sorted(p.name for p in out.parent.iterdir()) == ["network.ics"]  # no temporary left
    later = calendar(vault, "--output", str(out), today="2026-11-28")
    assert later.returncode == 0 and out.read_bytes() == calendar(vault, today="2026-11-28").stdout


def test_output_relative_to_the_working_directory_inside_the_vault(vault):
    before = vault_bytes(vault)
    done = calendar(vault, "--output", "network.ics", cwd=vault)
    assert done.returncode == 0, done.stderr
    after = vault_bytes(vault)
    assert set(after) - set(before) == {"network.ics"}
    assert all(after[k] == v for k, v in before.items())  # no contact file touched


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["--output", "missing/feed.ics"], 2, "does not exist; nothing written"),
        (["--output", "."], 2, "is a directory"),
        (["--days", "-1"], 2, "--days"),
        (["--days", "367"], 2, "--days"),
        (["--days", "many"], 2, "--days"),
    ],
)
def test_bad_options_are_one_line_and_nothing_written(vault, tmp_path, args, code, says):
    work = tmp_path / "work"
    work.mkdir()
    before = vault_bytes(vault)
    done = calendar(vault, *args, cwd=work)
    assert done.returncode == code
    assert done.stdout == b""
    (line,) = [x for x in done.stderr.decode().splitlines() if "warning" not in x]
    assert says in line and "Traceback" not in line
    assert list(work.iterdir()) == [] and vault_bytes(vault) == before


def test_an_output_folder_that_cannot_be_written_is_exit_1(vault, run, open_dir):
    # root may write anywhere: the attempt runs in a child that drops to `nobody`, in folders
    # anyone may read, so that only the output folder's own permission stops the write
    root = open_copy(vault, open_dir)
    locked = root / "locked"
    locked.mkdir(mode=0o555)
    assert run(root, "calendar").exit_code == 0  # every module the child needs is imported now

    def attempt():
        r = run(root, "--no-cache", "calendar", "--output", str(locked / "feed.ics"))
        return [r.exit_code, r.stderr]

    code, stderr = as_unprivileged(attempt)
    assert code == 1, stderr
    (line,) = [x for x in stderr.splitlines() if "warning" not in x]
    assert "nothing written" in line and "Traceback" not in stderr
    assert list(locked.iterdir()) == []


def test_an_empty_vault_gives_a_feed_with_the_daily_time_only(make_vault):
    done = calendar(make_vault({}))
    assert done.returncode == 0
    found, _ = components(done.stdout)
    assert list(found) == ["Networking time"]
    assert "Nothing due" in str(found["Networking time"]["description"])


# --- a real calendar client --------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tokyo"])
def test_khal_lists_the_daily_time_birthdays_and_plans(vault, tmp_path, zone):
    khal_bin = khal_or_skip()
    feed = tmp_path / "network.ics"
    assert calendar(vault, "--output", str(feed)).returncode == 0
    config, _ = khal_config(tmp_path, zone)
    khal(khal_bin, config, "import", "--batch", str(feed))

    def day(iso: str) -> list[str]:
        return khal_day(khal_bin, config, iso)

    # floating time: 08:30 in whatever zone the calendar is in
    assert "08:30-08:45 Networking time ⟳" in day("2026-11-27")
    assert "08:30-08:45 Networking time ⟳" in day("2027-06-01")
    assert "Birthday: Bo Berg ⟳" in day("2026-11-27")
    assert "Birthday: Ada Lovelace ⟳" in day("2026-11-29")
    assert "Birthday: Ada Lovelace ⟳" in day("2030-11-29")
    assert day("2026-12-12").count("Met Ada Lovelace: lunch in Lisbon") == 2
    # 29 February: on the 28th in years without one, on the 29th in leap years, never twice
    assert "Birthday: Cy Chen ⟳" in day("2027-02-28")
    assert "Birthday: Cy Chen ⟳" not in day("2027-03-01")
    assert "Birthday: Cy Chen ⟳" in day("2028-02-29")
    assert "Birthday: Cy Chen ⟳" not in day("2028-02-28")
    assert not any("Birthday" in line for line in day("2026-11-28"))


def test_khal_reimport_updates_rather_than_duplicates(vault, tmp_path):
    khal_bin = khal_or_skip()
    config, cal = khal_config(tmp_path, "UTC")
    for today in ("2026-11-27", "2026-11-28"):
        feed = tmp_path / f"{today}.ics"
        assert calendar(vault, "--output", str(feed), today=today).returncode == 0
        khal(khal_bin, config, "import", "--batch", str(feed))
    listed = khal_day(khal_bin, config, "2026-11-29")
    assert listed.count("Birthday: Ada Lovelace ⟳") == 1
    assert listed.count("08:30-08:45 Networking time ⟳") == 1
    assert len(list(cal.iterdir())) == len({p.name for p in cal.iterdir()})


# --- the pieces the command is made of ---------------------------------------------------------


def test_plans_of_boxes_and_days(make_vault):
    from network_md.core.model import Entry
    from network_md.render.calendar_items import plans_of

    person = contact(path="people/ada.md", name="Ada")
    o = TODAY.toordinal()
    log = [
        Entry(o - 1, "met", "coffee", None, "yesterday", 5),
        Entry(o, "met", "coffee", None, "today", 6),
        Entry(o + 1, "met", "coffee", 45, "tomorrow", 7),
        Entry(o - 3, "met", "met", None, "open, its day has come", 1, "plan", "09:15"),
        Entry(o - 2, "met", "met", None, "cancelled", 2, "cancelled"),
        Entry(o - 1, "met", "met", None, "ticked", 3, "done"),
        Entry(o + 2, "gave", "gave", None, "ticked ahead", 4, "done"),
    ]
    found = [
        (p.day, p.kind, p.text, p.minutes, p.time, p.state) for p in plans_of(person, log, TODAY)
    ]
    assert found == [
        (date(2026, 11, 28), "coffee", "tomorrow", 45, None, "plan"),
        (date(2026, 11, 24), "met", "open, its day has come", None, "09:15", "plan"),
        (date(2026, 11, 25), "met", "cancelled", None, None, "cancelled"),
        (date(2026, 11, 29), "gave", "ticked ahead", None, None, "plan"),
    ]


def test_boxed_plans_from_the_files(make_vault):
    """Open boxes, times, durations and cancelled boxes as the log reader reads them."""
    person = (
        "---\nname: Ada Lovelace\n---\n## Log\n"
        "- [ ] 2026-12-12 12:30 met (1h30m): lunch in Lisbon\n"
        "- [ ] 2026-11-20 met: an open plan whose day has come\n"
        "- [-] 2026-12-04 09:00 met: cancelled call\n"
        "- [x] 2026-11-21 met: ticked\n"
        "- [ ] [[2026-12-20]] gave: a daily-link date\n"
    )
    done = calendar(make_vault({"people/ada.md": person}))
    assert done.returncode == 0, done.stderr
    found, _ = components(done.stdout)
    lunch = found["Met Ada Lovelace: lunch in Lisbon"]
    assert lunch.decoded("dtstart") == datetime(2026, 12, 12, 12, 30)
    assert lunch.decoded("dtend") == datetime(2026, 12, 12, 14, 0)
    assert found["Met Ada Lovelace: an open plan whose day has come"].decoded("dtstart") == date(
        2026, 11, 20
    )
    cancelled = found["Met Ada Lovelace: cancelled call"]
    assert str(cancelled["status"]) == "CANCELLED"
    assert cancelled.decoded("dtstart") == datetime(2026, 12, 4, 9, 0)
    assert found["Gave Ada Lovelace: a daily-link date"].decoded("dtstart") == date(2026, 12, 20)
    assert "Met Ada Lovelace: ticked" not in found
    # the open plan whose day has come leads the day's agenda, and is a to-do for today
    lines = str(found["Networking time"]["description"]).splitlines()
    assert lines[1].startswith("1. Planned with Ada Lovelace: met: an open plan whose day has come")
    todo = [c for c in found.values() if c.name == "VTODO"][0]
    assert str(todo["summary"]) == "Planned with Ada Lovelace" and todo.decoded("due") == TODAY


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("name: X\nbirthday: 31-31\n", 3),
        ("name: X\nBirthday: 31-31\n", 3),
        ("name: X\ncircle: wide\nBirth Day: 31-31\n", 4),
        ("name: X\nbirth_day: 31-31\n", 3),
        ('"Birth-Day": 31-31\n', 2),
        ("name: X\nbday: 31-31\n", 3),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_every_birthday_key_spelling_is_read_and_a_bad_value_names_its_line(
    make_vault, front, line, newline, bom
):
    text = bom + ("---\n" + front + "---\n").replace("\n", newline)
    good = text.replace("31-31", "--11-28")
    vault = make_vault({"people/x.md": text, "people/y.md": good.replace("X", "Y")})
    done = calendar(vault)
    assert done.returncode == 0
    assert "1 warning" in done.stderr.decode()  # the vault's problems, as every command says
    checked = subprocess.run(
        [script_path(), "--vault", str(vault), "check"], capture_output=True, text=True
    )
    assert f"people/x.md:{line}: warning: " in checked.stdout
    assert "'31-31' is not a real date" in checked.stdout
    found, _ = components(done.stdout)
    assert [s for s in found if s.startswith("Birthday")] == [
        f"Birthday: {'Y' if 'name' in front else 'y'}"
    ]


def test_a_birthday_from_a_yaml_date_and_templates_left_in(make_vault):
    vault = make_vault(
        {
            "people/a.md": "---\nname: A\nbirthday: 1990-11-28\n---\n",  # a YAML date
            "people/b.md": "---\nname: B\nbirthday: '{{birthday}}'\n---\n",
            "people/c.md": "---\nname: C\nbirthday:\n---\n",
            "people/d.md": "---\nname: D\nbirthday: ''\n---\n",
        }
    )
    done = calendar(vault)
    assert done.returncode == 0 and done.stderr == b""
    found, _ = components(done.stdout)
    assert [s for s in found if s.startswith("Birthday")] == ["Birthday: A"]
    assert found["Birthday: A"].decoded("dtstart") == date(1990, 11, 28)


def test_control_characters_in_names_never_reach_the_feed(make_vault):
    name = "Eve\\x1b]52;c;aGk=\\x07 \\x1b[31mRed\\x1b[0m"
    vault = make_vault({"people/eve.md": f'---\nname: "{name}"\nbirthday: --11-27\n---\n'})
    data = calendar(vault).stdout
    assert b"\x1b" not in data and b"\x07" not in data
    found, _ = components(data)
    assert "Birthday: Eve Red" in found


def test_real_world_obsidian_people_feed_without_a_crash(make_vault):
    folder = REAL_WORLD / "obsidian-people"
    if not folder.is_dir():
        pytest.skip("real-world samples absent")
    files = {f"people/{p.parent.name}-{p.name}": p.read_bytes() for p in folder.rglob("*.md")}
    done = calendar(make_vault(files))
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr
    found, _ = components(done.stdout)
    # `birthday: 1999-05-05` as a YAML date, and `BDAY:` as the vCard-contacts plugin writes it
    expected = {"Birthday: AB1908", "Birthday: Elias", "Birthday: vcf-contacts-demo-伟 李"}
    assert expected <= set(found)
    assert found["Birthday: vcf-contacts-demo-Bruce Wayne"].decoded("dtstart") == date(1939, 5, 27)


@pytest.mark.parametrize(
    ("value", "left_out"),
    [("true", True), ("2026-11-27", True), ("2027-01-01", False), ("false", False), ("''", False)],
)
def test_archived_today_or_before_is_left_out(make_vault, value, left_out):
    person = f"---\nname: Arch\nbirthday: --11-27\narchived: {value}\n---\n## Log\n- 2026-11-20 got: x\n- 2026-12-01 met: y\n"
    found, _ = components(calendar(make_vault({"people/arch.md": person})).stdout)
    assert ("Birthday: Arch" not in found) is left_out
    assert ("Met Arch: y" not in found) is left_out


def test_the_end_of_the_calendar_is_no_crash(make_vault):
    files = {
        "people/far.md": "---\nname: Far\nbirthday: --12-31\ncadence: 1\n---\n## Log\n"
        "- 9999-12-30 met: x\n- 9999-12-31 met: the last plan\n"
    }
    for today in ("9999-12-30", "9999-12-31"):
        done = calendar(make_vault(files), "--days", "366", today=today)
        assert done.returncode == 0, done.stderr
        found, _ = components(done.stdout)
        assert "Birthday: Far" in found


@pytest.mark.parametrize(
    "existing",
    [b"", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", b"\xef\xbb\xbf\r\nbegin:vcalendar\nold"],
)
def test_output_replaces_an_empty_file_or_a_calendar(vault, tmp_path, existing):
    out = tmp_path / "network.ics"
    out.write_bytes(existing)
    assert calendar(vault, "--output", str(out)).returncode == 0
    assert out.read_bytes() == calendar(vault).stdout


@pytest.mark.parametrize("target", ["people/ada.md", "notes.txt"])
def test_output_never_replaces_a_file_that_is_not_a_calendar(vault, target):
    (vault / "notes.txt").write_text("my notes\n", encoding="utf-8")
    before = vault_bytes(vault)
    done = calendar(vault, "--output", str(vault / target))
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode().splitlines() == [
        f"network-md: error: --output {vault / target}: the file is there and is not a calendar; nothing written"
    ]
    assert vault_bytes(vault) == before


def test_output_to_a_fifo_is_refused_without_a_hang(vault, tmp_path):
    fifo = tmp_path / "feed.ics"
    os.mkfifo(fifo)
    done = subprocess.run(
        [script_path(), "--vault", str(vault), "--today", "2026-11-27", "calendar",
         "--output", str(fifo)],
        capture_output=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        f"network-md: error: --output {fifo}: not a regular file; nothing written"
        " (without --output: stdout)"
    ]


def test_a_file_name_that_is_not_utf8_shows_replaced_and_keeps_a_stable_uid(make_vault):
    vault = make_vault({})
    person = b"---\nname: Cafe\nbirthday: --11-28\n---\n## Log\n- 2026-12-01 met: plan\n"
    (vault / "people").mkdir()
    (vault / os.fsdecode(b"people/caf\xe9.md")).write_bytes(person)
    first, again = calendar(vault), calendar(vault)
    assert first.returncode == 0, first.stderr
    assert first.stdout == again.stdout
    found, _ = components(first.stdout)
    assert str(found["Birthday: Cafe"]["description"]).endswith("people/caf\ufffd.md")
    assert str(found["Met Cafe: plan"]["description"]) == "people/caf\ufffd.md"


def test_the_daily_description_is_the_agenda_that_today_shows(run):
    """Without birthdays, the feed's agenda is `today`'s: the same people, actions and reasons."""
    import json

    from network_md.render.calendar import LABELS

    example = Path(__file__).resolve().parent.parent / "example-vault"
    items = json.loads(run(example, "today", "--json").stdout)["items"]
    done = calendar(example)
    assert done.returncode == 0, done.stderr
    found, _ = components(done.stdout)
    lines = str(found["Networking time"]["description"]).splitlines()[1 : len(items) + 1]
    expected = [
        f"{n}. {LABELS[i['action']]} {i['contact']}: {i['reason']}" for n, i in enumerate(items, 1)
    ]
    assert len(items) >= 3 and lines == expected


def test_every_file_that_holds_a_plan_gives_it_and_no_other_is_parsed_for_one(make_vault):
    """Only files with a box or an entry after today are read for plans: each form still
    reaches the feed (a cancelled box alone, a ticked entry ahead, an entry ahead with a time)."""
    vault = make_vault(
        {
            "people/cy.md": "---\nname: Cy\n---\n## Log\n- 2026-11-01 met: a\n- [-] 2026-12-05 met: dropped\n",
            "people/dee.md": "---\nname: Dee\n---\n## Log\n- 2026-11-28 10:00 met: written ahead\n",
            "people/eve.md": "---\nname: Eve\n---\n## Log\n- [x] 2026-12-02 gave: ticked ahead\n",
            "people/fay.md": "---\nname: Fay\n---\n## Log\n- [ ] 2026-11-01 asked: overdue plan\n",
            "people/gus.md": "---\nname: Gus\n---\n## Log\n- 2026-11-01 met: only the past\n",
        }
    )
    found, _ = components(calendar(vault).stdout)
    events = {s: c for s, c in found.items() if c.name == "VEVENT"}
    assert set(events) == {
        "Networking time",
        "Met Cy: dropped",
        "Met Dee: written ahead",
        "Gave Eve: ticked ahead",
        "Asked Fay: overdue plan",
    }
    assert str(events["Met Cy: dropped"]["status"]) == "CANCELLED"
    assert events["Met Dee: written ahead"].decoded("dtstart") == datetime(2026, 11, 28, 10, 0)
