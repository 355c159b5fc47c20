"""`watch --calendar FILE` and `watch --report FILE`: a real watchdog observer on tmp vaults,
the files parsed back (icalendar, an HTML parser), the installed script, and khal."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest
from calendar_helpers import khal, khal_config, khal_day, khal_or_skip
from helpers import REAL_WORLD, TODAY, script_path
from watch_helpers import TIMEOUT, installed_watch, kinds, read_line, stop_watch, watching

from network_md.core.errors import UsageError
from network_md.watch.loop import VaultWatcher

ADA = """---
name: Ada Lovelace
circle: close
birthday: 1815-12-10
---
Met at the conference.

## Log
- 2026-11-20 got: a table booked for me
"""
BO = """---
name: Bo Berg
---
## Log
- 2026-10-01 gave: a
- 2026-10-02 gave: b
"""
FILES = {"people/ada.md": ADA, "people/bo.md": BO}
PLAN = "- [ ] 2026-12-03 12:30 met: lunch in Lisbon\n"


def feed_of(path: Path) -> dict[str, icalendar.cal.Component]:
    """The feed's events and to-dos by summary."""
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(c["summary"]): c for c in [*cal.walk("VEVENT"), *cal.walk("VTODO")]}


class Page(HTMLParser):
    """What a browser would find in the page: its text, and every reference out of it."""

    def __init__(self, data: str):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.refs: list[str] = []
        self.feed(data)

    def handle_starttag(self, tag, attrs):
        self.refs += [v or "" for k, v in attrs if k in ("src", "href") and (v or "#")[0] != "#"]

    def handle_data(self, data):
        self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def page_of(path: Path) -> Page:
    return Page(path.read_text("utf-8"))


def script(vault: Path, command: str, *args: str, today: str = TODAY.isoformat()) -> bytes:
    """What the installed command writes to stdout (no cache: nothing shared with this process)."""
    cmd = [script_path(), "--vault", str(vault), "--today", today, "--no-cache", command, *args]
    return subprocess.run(cmd, capture_output=True, check=True).stdout


def stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_ino, st.st_mtime_ns


def change(root: Path, rel: str, text: str) -> None:
    (root / rel).write_text(text, encoding="utf-8")


@pytest.fixture
def kept(make_vault, tmp_path):
    """A vault, and where its feed and report go."""
    return make_vault(FILES), tmp_path / "network.ics", tmp_path / "network.html"


# --- they appear, and are what `calendar` and `report` write ------------------------------------


def test_the_feed_and_report_appear_as_the_commands_write_them(kept):
    root, ics, html = kept
    with watching(root, calendar=ics, report=html, use_cache=False):
        assert ics.read_bytes() == script(root, "calendar")
        assert html.read_bytes() == script(root, "report")
        found = feed_of(ics)
        assert {"Networking time", "Birthday: Ada Lovelace"} <= set(found)
        page = page_of(html)
        assert "Ada Lovelace" in page.words and "Bo Berg" in page.words
        assert page.refs == []  # nothing leaves the page
    assert not [p for p in ics.parent.iterdir() if p.name.endswith(".tmp")]


def test_without_the_options_nothing_is_written(kept):
    root, ics, html = kept
    with watching(root, calendar=ics) as w:
        change(root, "people/bo.md", BO + "- 2026-10-03 gave: c\n")
        w.batch_with("people/bo.md")
    assert ics.exists() and not html.exists()


# --- they change when what they show changes -----------------------------------------------------


def test_a_plan_added_reaches_the_feed_and_a_ticked_one_leaves_it(kept):
    root, ics, html = kept
    with watching(root, calendar=ics, report=html) as w:
        assert not [s for s in feed_of(ics) if "Lisbon" in s]
        change(root, "people/ada.md", ADA + PLAN)
        w.batch_with("people/ada.md")
        event = feed_of(ics)["Met Ada Lovelace: lunch in Lisbon"]
        assert event.decoded("dtstart").isoformat() == "2026-12-03T12:30:00"
        uid = str(event["uid"])
        change(root, "people/ada.md", ADA + PLAN.replace("12:30", "13:00"))
        w.batch_with("people/ada.md")
        moved = feed_of(ics)["Met Ada Lovelace: lunch in Lisbon"]
        assert (str(moved["uid"]), moved.decoded("dtstart").hour) == (uid, 13)
        change(root, "people/ada.md", ADA + PLAN.replace("[ ]", "[-]"))
        w.batch_with("people/ada.md")
        assert str(feed_of(ics)["Met Ada Lovelace: lunch in Lisbon"]["status"]) == "CANCELLED"
        change(root, "people/ada.md", ADA + PLAN.replace("[ ]", "[x]").replace("12-03", "11-26"))
        w.batch_with("people/ada.md")
        assert not [s for s in feed_of(ics) if "Lisbon" in s]


def test_a_birthday_edited_moves_in_the_feed_and_reaches_the_reports_agenda(kept):
    root, ics, html = kept
    with watching(root, calendar=ics, report=html) as w:
        assert feed_of(ics)["Birthday: Ada Lovelace"].decoded("dtstart") == date(1815, 12, 10)
        assert "birthday" not in page_of(html).words.lower()
        change(root, "people/ada.md", ADA.replace("1815-12-10", "1815-11-28"))  # tomorrow
        w.batch_with("people/ada.md")
        found = feed_of(ics)
        assert found["Birthday: Ada Lovelace"].decoded("dtstart") == date(1815, 11, 28)
        assert found["Congratulate Ada Lovelace"].decoded("due") == date(2026, 11, 28)
        assert "Ada Lovelace" in page_of(html).words.split("Today", 1)[1].split("map")[0]
        change(root, "people/ada.md", ADA.replace("birthday: 1815-12-10\n", ""))
        w.batch_with("people/ada.md")
        assert not [s for s in feed_of(ics) if "Ada" in s and "Birthday" in s]


def test_a_flag_raised_reaches_the_report_and_the_feeds_agenda(kept):
    root, ics, html = kept
    with watching(root, calendar=ics, report=html) as w:
        assert "nothing back yet" not in page_of(html).words
        change(root, "people/bo.md", BO + "- 2026-10-03 gave: c\n")
        w.batch_with("people/bo.md")
        words = page_of(html).words
        assert "gave 3 times, nothing back yet" in words
        assert "Ask for something small" in words  # the rule's advice
        daily = str(feed_of(ics)["Networking time"]["description"])
        assert "Bo Berg" in daily


def test_a_contact_with_user_text_that_is_markup_is_escaped_in_the_report(kept):
    root, ics, html = kept
    name = "<script>alert('x')</script> & \"Quotes\""
    with watching(root, report=html) as w:
        change(root, "people/evil.md", f"---\nname: '{name.replace(chr(39), chr(39) * 2)}'\n---\n")
        w.batch_with("people/evil.md")
        data = html.read_text("utf-8")
        assert "<script>alert" not in data
        assert name in page_of(html).words


# --- and stay as they are when nothing they show changed -------------------------------------------


def test_an_edit_nothing_shows_leaves_both_files_untouched(kept):
    root, ics, html = kept
    with watching(root, calendar=ics, report=html) as w:
        before = stamp(ics), stamp(html)
        change(root, "people/ada.md", ADA.replace("Met at the conference.", "Met in Paris."))
        w.batch_with("people/ada.md")
        (root / "notes").mkdir()
        change(root, "notes/todo.md", "- buy milk\n")  # not a contact folder
        change(root, "people/.ada.md.swp", "swap")
        change(root, "people/bo.md", BO)  # saved again, the same bytes
        w.batch_with("people/bo.md")
        assert (stamp(ics), stamp(html)) == before


def test_a_restart_on_an_unchanged_vault_rewrites_nothing(kept):
    root, ics, html = kept
    with watching(root, calendar=ics, report=html):
        pass
    before = stamp(ics), stamp(html)
    with watching(root, calendar=ics, report=html):
        pass
    assert (stamp(ics), stamp(html)) == before


# --- bad files and failed writes never stop the watcher ------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        "---\nname: [unclosed\n---\n## Log\n- 2026-11-20 got: x\n",  # front matter not YAML
        "---\nname: Cy\nbirthday: 1990-02-30\n---\n",  # no such day
        "---\nname: Cy\nbirthday: {month: 2}\n---\n",  # not a value at all
        "---\nname: Cy\n---\n## Log\n- [ ] 2026-13-45 met: no such day\n- [ ] 9999-12-31 23:59 met: last\n",
        b"\x00\xff\xfe binary \x00",
    ],
)
def test_a_bad_file_never_stops_the_feed_or_the_report(kept, bad):
    root, ics, html = kept
    with watching(root, calendar=ics, report=html) as w:
        path = root / "people/cy.md"
        path.write_bytes(bad if isinstance(bad, bytes) else bad.encode("utf-8"))
        w.batch_with("people/cy.md")
        change(root, "people/ada.md", ADA + PLAN)  # later changes still land
        w.batch_with("people/ada.md")
        assert "Met Ada Lovelace: lunch in Lisbon" in feed_of(ics)
        assert "Ada Lovelace" in page_of(html).words
        assert w.error is None


def test_a_fifo_named_md_never_hangs_the_feed(kept):
    root, ics, html = kept
    with watching(root, calendar=ics, report=html) as w:
        os.mkfifo(root / "people/pipe.md")
        w.sync()
        change(root, "people/ada.md", ADA + PLAN)
        w.batch_with("people/ada.md")
        assert "Met Ada Lovelace: lunch in Lisbon" in feed_of(ics)


def test_a_note_saved_over_the_report_is_one_problem_and_never_overwritten(kept):
    root, ics, html = kept
    with watching(root, calendar=ics, report=html) as w:
        html.write_text("My own page.\n", "utf-8")
        ics.write_text("not a calendar\n", "utf-8")
        change(root, "people/bo.md", BO + "- 2026-10-03 gave: c\n")
        events = w.batch_with("people/bo.md")
        problems = [e["problem"] for e in kinds(events, "problem")]
        assert sorted(p["path"] for p in problems) == sorted([str(ics), str(html)])
        assert all("not replaced" in p["message"] and "\n" not in p["message"] for p in problems)
        change(root, "people/bo.md", BO + "- 2026-10-03 gave: c\n- 2026-10-04 gave: d\n")
        w.batch_with("people/bo.md")  # goes on; and says it again only on new content
        assert html.read_text("utf-8") == "My own page.\n"
        assert ics.read_text("utf-8") == "not a calendar\n"
        html.unlink()  # once the way is clear, the next change writes it again
        change(root, "people/bo.md", BO + "- 2026-10-05 got: thanks\n")
        w.batch_with("people/bo.md")
        assert "Bo Berg" in page_of(html).words


def test_a_folder_gone_while_watching_is_one_problem_and_the_watcher_goes_on(make_vault, tmp_path):
    root = make_vault(FILES)
    out = tmp_path / "out"
    out.mkdir()
    with watching(root, calendar=out / "n.ics") as w:
        (out / "n.ics").unlink()
        out.rmdir()
        change(root, "people/ada.md", ADA + PLAN)
        events = w.batch_with("people/ada.md")
        [problem] = [e["problem"] for e in kinds(events, "problem")]
        assert problem["path"] == str(out / "n.ics") and "nothing written" in problem["message"]
        change(root, "people/ada.md", ADA.replace("Met at the", "Met at a") + PLAN)
        quiet = w.batch_with("people/ada.md")  # the same feed: not tried, not said again
        assert kinds(quiet, "problem") == []
        out.mkdir()
        change(root, "people/ada.md", ADA + PLAN.replace("12:30", "13:00"))
        w.batch_with("people/ada.md")
        assert "Met Ada Lovelace: lunch in Lisbon" in feed_of(out / "n.ics")


# --- paths that can never be written: exit 2 before anything starts ---------------------------------


def _fifo(p: Path):
    os.mkfifo(p)


def _folder(p: Path):
    p.mkdir()


def _link_to_fifo(p: Path):
    os.mkfifo(p.with_name("pipe"))
    p.symlink_to("pipe")


def _link_to_folder(p: Path):
    p.with_name("dir").mkdir()
    p.symlink_to("dir")


def _link_to_device(p: Path):
    p.symlink_to(os.devnull)


def _a_note(p: Path):
    p.write_text("# My notes\n", "utf-8")


def _missing_folder(p: Path):
    pass


@pytest.mark.parametrize("option", ["calendar", "report"])
@pytest.mark.parametrize(
    ("make", "said"),
    [
        (_fifo, "FIFO"),
        (_folder, "directory"),
        (_link_to_fifo, "FIFO"),
        (_link_to_folder, "directory"),
        (_link_to_device, "not a regular file"),
        (_a_note, "is not a"),
        (_missing_folder, "does not exist"),
    ],
)
def test_a_path_that_cannot_be_written_is_exit_2_with_one_line(
    make_vault, tmp_path, option, make, said
):
    root = make_vault(FILES)
    target = tmp_path / ("gone/out" if make is _missing_folder else "out")
    make(target)
    before = target.read_bytes() if target.is_file() else None
    cmd = [
        script_path(),
        "--vault",
        str(root),
        "--today",
        "2026-11-27",
        "watch",
        f"--{option}",
        str(target),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and said in lines[0] and f"--{option}" in lines[0], lines
    assert "Traceback" not in done.stderr and done.stdout == ""
    if before is not None:
        assert target.read_bytes() == before


@pytest.mark.parametrize("rel", ["people/feed.md", "people/sub/report.md"])
def test_a_path_the_vault_reads_as_a_contact_is_refused(make_vault, rel):
    root = make_vault(FILES)
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    watcher = VaultWatcher(root, lambda e: None, clock=lambda: TODAY, report=root / rel)
    with pytest.raises(UsageError, match="reads that file as a contact"):
        watcher.run(threading.Event())
    assert not (root / rel).exists()


def test_a_file_inside_the_vault_that_is_no_contact_is_kept_and_starts_no_batch(make_vault):
    root = make_vault(FILES)
    ics, html = root / "network.ics", root / "people/network.html"
    with watching(root, calendar=ics, report=html) as w:
        change(root, "people/bo.md", BO + "- 2026-10-03 gave: c\n")
        w.batch_with("people/bo.md")
        w.sync()
        paths = [p for e in kinds(w.seen, "batch") for p in e["paths"]]
        assert paths == ["people/bo.md", "people/zz-sync-1.md"]
        assert "gave 3 times, nothing back yet" in page_of(html).words


def test_a_symlink_to_a_file_is_written_through_and_stays_a_link(kept, tmp_path):
    root, ics, _ = kept
    real = tmp_path / "real.ics"
    ics.symlink_to(real.name)
    with watching(root, calendar=ics) as w:
        change(root, "people/ada.md", ADA + PLAN)
        w.batch_with("people/ada.md")
    assert ics.is_symlink() and "Met Ada Lovelace: lunch in Lisbon" in feed_of(real)


# --- the evaluation day ---------------------------------------------------------------------------


def test_midnight_rolls_the_feed_and_the_report_over(kept):
    root, ics, html = kept
    day = [TODAY]
    with watching(root, calendar=ics, report=html, clock=lambda: day[0]) as w:
        assert feed_of(ics)["Networking time"].decoded("dtstart").date() == TODAY
        day[0] = TODAY + timedelta(days=1)
        w.until(lambda e: e["event"] == "day")
        w.sync()  # the files are written before the next batch starts
        assert feed_of(ics)["Networking time"].decoded("dtstart").date() == day[0]
        assert "2026-11-28" in page_of(html).words
        assert ics.read_bytes() == script(root, "calendar", today="2026-11-28")


# --- start-up: the heavy libraries only when asked for ---------------------------------------------

PROBE = """
import sys, threading
from network_md.watch.loop import VaultWatcher
stop = threading.Event()
def on_event(e):
    if e["event"] == "ready":
        stop.set()
VaultWatcher(sys.argv[1], on_event, calendar=sys.argv[2] or None, report=sys.argv[3] or None).run(stop)
print(sorted(m for m in ("icalendar", "jinja2") if m in sys.modules))
"""


@pytest.mark.parametrize(
    ("calendar", "report", "loaded"),
    [(False, False, []), (True, False, ["icalendar"]), (False, True, ["jinja2"])],
)
def test_icalendar_and_jinja2_load_only_for_their_option(kept, calendar, report, loaded):
    root, ics, html = kept
    args = [str(root), str(ics) if calendar else "", str(html) if report else ""]
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == str(loaded)


# --- the installed script, and a real calendar client ------------------------------------------------


def wait_for(check, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def test_the_installed_watch_keeps_both_and_khal_sees_a_plan_added(kept, tmp_path):
    root, ics, html = kept
    with installed_watch(root, "--json", "--calendar", str(ics), "--report", str(html)) as proc:
        assert '"event": "ready"' in read_line(proc, time.monotonic() + 60)
        assert ics.exists() and html.exists()
        change(root, "people/ada.md", ADA + PLAN)
        wait_for(lambda: b"lunch in Lisbon" in ics.read_bytes())
        stop_watch(proc, signal.SIGTERM)
    khal_bin = khal_or_skip()
    config, _ = khal_config(tmp_path, "UTC")
    khal(khal_bin, config, "import", "--batch", str(ics))
    listed = khal_day(khal_bin, config, "2026-12-03")
    assert any("12:30" in line and "lunch in Lisbon" in line for line in listed), listed


# --- every kind of plan, read from the files that hold one -------------------------------------------

CANCELLED_ONLY = (
    "---\nname: Cy\n---\n## Log\n- 2026-11-01 met: coffee\n- [-] 2026-12-05 met: dropped\n"
)
AHEAD = (
    "---\nname: Dee\n---\n## Log\n- 2026-11-01 met: coffee\n- 2026-11-28 10:00 met: written ahead\n"
)


def test_every_kind_of_plan_reaches_the_feed_as_calendar_writes_it(make_vault, tmp_path):
    root = make_vault({**FILES, "people/cy.md": CANCELLED_ONLY, "people/dee.md": AHEAD})
    ics = tmp_path / "network.ics"
    day = [TODAY]
    with watching(root, calendar=ics, clock=lambda: day[0], use_cache=False) as w:
        found = feed_of(ics)
        assert str(found["Met Cy: dropped"]["status"]) == "CANCELLED"
        assert found["Met Dee: written ahead"].decoded("dtstart").hour == 10
        assert ics.read_bytes() == script(root, "calendar")
        change(root, "people/bo.md", BO + "- 2026-12-01 gave: a book, ahead\n")  # no box at all
        w.batch_with("people/bo.md")
        assert "Gave Bo Berg: a book, ahead" in feed_of(ics)
        change(root, "people/cy.md", CANCELLED_ONLY.replace("[-]", "[x]"))
        w.batch_with("people/cy.md")
        assert "Met Cy: dropped" in feed_of(ics)  # a ticked entry after today is still ahead
        day[0] = date(2026, 11, 29)  # Dee's entry is in the past now: no longer a plan
        w.until(lambda e: e["event"] == "day")
        w.sync()
        assert "Met Dee: written ahead" not in feed_of(ics)
        assert ics.read_bytes() == script(root, "calendar", today="2026-11-29")


@pytest.mark.parametrize("which", ["calendar and report", "config dashboard", "option dashboard"])
def test_two_kept_files_on_one_path_are_refused(make_vault, tmp_path, which):
    config = "contacts: [people]\n" + (
        "dashboard: kept.md\n" if which == "config dashboard" else ""
    )
    root = make_vault(FILES, config=config)
    target = root / "kept.md"
    options = {"report": target}
    if which == "calendar and report":
        options["calendar"] = tmp_path / "link.ics"
        (tmp_path / "link.ics").symlink_to(target)  # the same file by another name
    elif which == "option dashboard":
        options["dashboard"] = target
    watcher = VaultWatcher(root, lambda e: None, clock=lambda: TODAY, **options)
    with pytest.raises(UsageError, match="the same file as"):
        watcher.run(threading.Event())
    assert not target.exists()


def test_a_config_change_reaches_the_feed(kept):
    root, ics, _ = kept
    with watching(root, calendar=ics) as w:
        assert feed_of(ics)["Networking time"].decoded("dtstart").hour == 8
        (root / ".network-md.yaml").write_text(
            "contacts: [people]\nme: Pat\ndaily: {at: '17:45'}\n", "utf-8"
        )
        w.until(lambda e: e["event"] == "config")
        w.sync()
        cal = icalendar.Calendar.from_ical(ics.read_bytes())
        assert str(cal["x-wr-calname"]) == "Pat's network"
        assert feed_of(ics)["Networking time"].decoded("dtstart").time().isoformat() == "17:45:00"


def test_a_file_name_that_is_not_utf8_gives_the_same_bytes_as_the_commands(kept):
    root, ics, html = kept
    odd = os.fsencode(root / "people") + b"/caf\xe9-\xff.md"
    with open(odd, "wb") as fh:
        fh.write(
            b"---\nname: Caf\xc3\xa9\nbirthday: 1990-12-01\n---\n## Log\n- [ ] 2026-12-02 met: x\n"
        )
    with watching(root, calendar=ics, report=html, use_cache=False):
        assert ics.read_bytes() == script(root, "calendar")
        assert html.read_bytes() == script(root, "report")
    assert "caf\ufffd-\ufffd.md" in ics.read_text("utf-8").replace("\r\n ", "")  # unfolded


def test_the_installed_watch_says_a_failed_write_in_one_line_and_goes_on(kept):
    root, ics, html = kept
    # relative to the working directory
    with installed_watch(
        root, "--report", html.name, "--calendar", ics.name, cwd=html.parent
    ) as proc:
        deadline = time.monotonic() + 60
        lines = [read_line(proc, deadline)]
        while "Watching" not in lines[-1]:
            lines.append(read_line(proc, deadline))
        assert f"calendar: {ics}; report: {html}" in lines[-1]
        html.write_text("My own page.\n", "utf-8")
        change(root, "people/bo.md", BO + "- 2026-10-03 gave: c\n")
        line = read_line(proc, deadline)  # the flag raised, then the failed write
        while "not replaced" not in line:
            line = read_line(proc, deadline)
        assert line.rstrip("\n").endswith(
            f"! {html}: error: is not a network-md report "
            "(something else was saved there); not replaced"
        )
        change(root, "people/ada.md", ADA + PLAN)  # and it goes on
        wait_for(lambda: b"lunch in Lisbon" in ics.read_bytes())
        stop_watch(proc)
    assert html.read_text("utf-8") == "My own page.\n"


def test_a_kept_file_deleted_meanwhile_is_written_again_at_the_next_batch(kept):
    root, ics, html = kept
    with watching(root, calendar=ics, report=html) as w:
        first = ics.read_bytes(), html.read_bytes()
        ics.unlink()
        html.unlink()
        change(root, "people/ada.md", ADA.replace("Met at the conference.", "Met in Paris."))
        w.batch_with("people/ada.md")  # nothing shown changed, but the files are gone
        assert (ics.read_bytes(), html.read_bytes()) == first


@pytest.mark.skipif(not REAL_WORLD.is_dir(), reason="the real-world samples are not here")
def test_real_obsidian_vaults_and_front_matter_edge_cases_give_the_commands_bytes(tmp_path):
    root = tmp_path / "vault"
    for sample in ("obsidian-people", "frontmatter-edge"):
        shutil.copytree(REAL_WORLD / sample, root / sample, symlinks=True)
    ics, html = tmp_path / "n.ics", tmp_path / "n.html"
    with watching(root, calendar=ics, report=html, use_cache=False) as w:
        assert w.error is None
        assert ics.read_bytes() == script(root, "calendar")
        assert html.read_bytes() == script(root, "report")


def test_an_introduction_added_while_watching_reaches_the_reports_map(kept):
    root, _, html = kept
    with watching(root, report=html, use_cache=False) as w:
        before = html.read_bytes()
        change(
            root,
            "people/bo.md",
            BO.replace("name: Bo Berg\n", 'name: Bo Berg\nintroduced_by: "[[Ada Lovelace]]"\n'),
        )
        w.batch_with("people/bo.md")
        assert html.read_bytes() != before
        assert "a line joins two contacts when one introduced you" in page_of(html).words
        assert html.read_bytes() == script(root, "report")  # the map draws the line, as `report`
