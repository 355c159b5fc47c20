"""`archive` / `unarchive`: the keys they write, and an archived contact out of every count,
flag, agenda item and the practice, still listed with `--archived` and known to the importers."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers import TODAY, ago, script_path, vault_bytes

CONFIG = "contacts: [people]\n"
ADA = (
    "---\nname: Ada Lovelace\ncircle: inner\nlinkedin: https://www.linkedin.com/in/ada\n"
    "company: Engines\n---\nNotes.\n\n## Log\n"
    f"- {ago(40)} gave: a\n- {ago(39)} gave: b\n- {ago(38)} gave: c\n- {ago(20)} asked: intro\n"
    f"- {ago(3)} met: lunch\n- {ago(0)} met (30m): coffee\n"
)
GRACE = f"---\nname: Grace Hopper\n---\n## Log\n- {ago(1)} gave: notes\n"


def nmd(root: Path, *args: str, today: str = TODAY.isoformat()) -> subprocess.CompletedProcess:
    return subprocess.run(
        [script_path(), "--vault", str(root), "--today", today, *args],
        capture_output=True,
        text=True,
    )


def json_of(root: Path, *args: str, **kw) -> dict:
    done = nmd(root, *args, "--json", **kw)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def vault(make_vault):
    return make_vault({"people/ada.md": ADA, "people/grace.md": GRACE}, CONFIG)


# --- what the commands write --------------------------------------------------------------------


@pytest.mark.parametrize(
    "original",
    [
        ADA,
        ADA.replace("\n", "\r\n"),  # CRLF kept on the new lines too
        "\ufeff" + ADA,  # a BOM
        ADA.replace("name: Ada", "Name: Ada") + "no final newline",
    ],
)
def test_archive_adds_only_its_lines_and_unarchive_gives_the_bytes_back(vault, original):
    path = vault / "people/ada.md"
    path.write_bytes(original.encode())
    done = nmd(vault, "archive", "ada", "--why", "moved to Mars: for good")
    assert done.returncode == 0, done.stderr
    assert "Archived Ada Lovelace" in done.stderr
    nl = "\r\n" if "\r\n" in original else "\n"
    added = f"archived: {TODAY.isoformat()}{nl}archived_why: " + '"moved to Mars: for good"' + nl
    fm_end = original.index(f"---{nl}", 4)
    assert path.read_bytes() == (original[:fm_end] + added + original[fm_end:]).encode()
    done = nmd(vault, "unarchive", "Ada Lovelace")
    assert done.returncode == 0, done.stderr
    assert path.read_bytes() == original.encode()


def test_archive_keeps_the_spelling_and_day_it_has_and_why_can_change(vault):
    path = vault / "people/grace.md"
    path.write_text(GRACE.replace("---\n## Log", "Archived: true\n---\n## Log"))
    before = vault_bytes(vault)
    done = nmd(vault, "archive", "grace")
    assert done.returncode == 0 and "already archived" in done.stderr
    assert vault_bytes(vault) == before
    done = nmd(vault, "archive", "grace", "--why", "retired")
    assert done.returncode == 0, done.stderr
    assert "Archived: true\narchived_why: retired\n" in path.read_text()
    done = nmd(vault, "unarchive", "grace")
    assert done.returncode == 0
    assert path.read_text() == GRACE
    done = nmd(vault, "unarchive", "grace")
    assert "not archived; nothing changed" in done.stderr and path.read_text() == GRACE


def test_a_file_without_front_matter_gets_one(make_vault):
    root = make_vault({"people/x.md": "# Xu Wei\n\n## Log\n"}, CONFIG)
    assert nmd(root, "archive", "xu").returncode == 0
    assert (root / "people/x.md").read_text() == (
        f"---\narchived: {TODAY.isoformat()}\n---\n# Xu Wei\n\n## Log\n"
    )


def test_unknown_or_ambiguous_name_exits_2_and_writes_nothing(vault, make_vault):
    before = vault_bytes(vault)
    for args in (["archive", "nobody"], ["unarchive", "nobody"], ["archive", ""]):
        done = nmd(vault, *args)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
    two = make_vault({"people/a.md": "# Ada One\n", "people/b.md": "# Ada Two\n"}, CONFIG)
    done = nmd(two, "archive", "ada")
    assert done.returncode == 2 and "people/a.md" in done.stderr and "people/b.md" in done.stderr
    assert vault_bytes(vault) == before


def test_archive_with_bad_front_matter_exits_1_and_writes_nothing(make_vault):
    root = make_vault({"people/a.md": "---\nname: [Ada\n---\n"}, CONFIG)
    before = vault_bytes(root)
    done = nmd(root, "archive", "a")
    assert done.returncode == 1 and "people/a.md" in done.stderr
    assert vault_bytes(root) == before


# --- what the analysis does with it ----------------------------------------------------------------


def test_archived_is_out_of_every_count_flag_agenda_and_the_practice(vault):
    before = json_of(vault, "status")
    assert before["contacts"] == 2 and before["flags"]["red"] >= 1
    assert before["practice"]["minutes_today"] == 30
    assert any(i["path"] == "people/ada.md" for i in json_of(vault, "today", "--all")["items"])
    assert nmd(vault, "archive", "ada").returncode == 0
    for cached in ((), ("--no-cache",)):  # the cached summary, patched, and the plain path agree
        after = json_of(vault, *cached, "status")
        assert after["contacts"] == 1 and after["archived"] == 1
        assert sum(after["relationships"].values()) == 1
        assert after["flags"] == {"red": 0, "nudge": 0}
        assert after["practice"]["minutes_today"] == 0 and after["practice"]["streak_days"] == 1
        assert json_of(vault, *cached, "flags")["flags"] == []
        items = json_of(vault, *cached, "today", "--all")["items"]
        assert [i["path"] for i in items if i["path"] == "people/ada.md"] == []
    text = nmd(vault, "status").stdout
    assert "1 archived" in text


def test_list_leaves_archived_out_and_list_archived_shows_only_them(vault):
    assert nmd(vault, "archive", "grace").returncode == 0
    names = [c["name"] for c in json_of(vault, "list")["contacts"]]
    assert names == ["Ada Lovelace"]
    archived = json_of(vault, "list", "--archived")["contacts"]
    assert [(c["name"], c["archived"]) for c in archived] == [("Grace Hopper", True)]
    shown = json_of(vault, "show", "grace")
    assert shown["archived"] is True and shown["flags"] == []
    assert "archived" in nmd(vault, "show", "grace").stdout


def test_archived_on_a_later_day_counts_until_that_day(vault):
    path = vault / "people/grace.md"
    path.write_text(GRACE.replace("---\n## Log", "archived: 2026-12-01\n---\n## Log"))
    assert json_of(vault, "status")["archived"] == 0
    assert json_of(vault, "status", today="2026-12-01")["archived"] == 1


def test_snoozed_and_archived_counts_once_as_archived(vault):
    path = vault / "people/ada.md"
    path.write_text(ADA.replace("circle: inner", "circle: inner\nsnooze_until: 2027-01-01"))
    assert json_of(vault, "status")["snoozed"] == 1
    assert nmd(vault, "archive", "ada").returncode == 0
    status = json_of(vault, "status")
    assert (status["snoozed"], status["archived"]) == (0, 1)


def test_log_to_an_archived_contact_writes_and_says_so(vault):
    assert nmd(vault, "archive", "grace").returncode == 0
    done = nmd(vault, "gave", "grace", "a", "link")
    assert done.returncode == 0, done.stderr
    assert "archived" in done.stderr and "unarchive" in done.stderr
    assert f"- {TODAY.isoformat()} gave: a link" in (vault / "people/grace.md").read_text()
    done = nmd(vault, "gave", "ada", "a", "link")
    assert "archived" not in done.stderr


def test_archive_commit_commits_that_file(vault, git_identity):
    from helpers import git

    git(vault, "init", "-q")
    git(vault, "add", "-A")
    git(vault, "commit", "-qm", "start")
    done = nmd(vault, "archive", "ada", "--commit")
    assert done.returncode == 0, done.stderr
    assert git(vault, "log", "-1", "--format=%s").strip() == "archive: Ada Lovelace"
    assert git(vault, "status", "--porcelain", "people").strip() == ""


# --- the importers know archived contacts -----------------------------------------------------------


def test_reimporting_an_archived_contact_creates_nothing(vault, tmp_path):
    csv = tmp_path / "Connections.csv"
    csv.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada,,Engines,,01 Jan 2024\n"
        "Grace,Hopper,,,,,01 Jan 2024\n"
    )
    vcf = tmp_path / "grace.vcf"
    vcf.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEND:VCARD\r\n")
    assert nmd(vault, "archive", "ada").returncode == 0
    assert nmd(vault, "archive", "grace").returncode == 0
    before = vault_bytes(vault)
    for args in (["import", "linkedin", str(csv)], ["import", "vcard", str(vcf)]):
        done = nmd(vault, *args)
        assert done.returncode == 0, done.stderr
    assert vault_bytes(vault) == before


def test_export_leaves_archived_out_as_list_does(vault):
    assert nmd(vault, "archive", "grace").returncode == 0
    done = nmd(vault, "export", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert done.stdout == nmd(vault, "list", "--json").stdout
    assert [c["name"] for c in json.loads(done.stdout)["contacts"]] == ["Ada Lovelace"]


def test_watchs_live_counts_leave_archived_out(make_vault):
    from network_md.format.config import DEFAULT
    from network_md.format.parse import parse_contact
    from network_md.watch.live import LiveAnalysis

    def parsed(text: str):
        return parse_contact("people/grace.md", text.encode(), DEFAULT)[0]

    live = LiveAnalysis(DEFAULT, TODAY, {"people/grace.md": parsed(GRACE)})
    assert sum(live.counts.values()) == 1
    archived = GRACE.replace("---\n## Log", f"archived: {TODAY.isoformat()}\n---\n## Log")
    live.set("people/grace.md", parsed(archived))
    assert sum(live.counts.values()) == 0
    live.set("people/grace.md", parsed(GRACE))
    assert sum(live.counts.values()) == 1
    assert live.analysis().archived == 0


def test_status_with_everyone_archived_says_so(vault):
    for name in ("ada", "grace"):
        assert nmd(vault, "archive", name).returncode == 0
    text = nmd(vault, "status").stdout
    assert "0 contacts · 2 archived" in text and "Everyone is archived" in text
    assert "Nobody here yet" not in text
