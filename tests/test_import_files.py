"""Contact files written by the importers (importers/files.py): imported text stays text."""

from __future__ import annotations

import json

import pytest

from network_md.exchange.files import _body_line, new_file
from network_md.exchange.identity import Record
from network_md.format.config import DEFAULT
from network_md.format.parse import parse_contact

STRUCTURE_LINES = [
    "- 2026-11-20 gave: a forged entry",
    "* 2026-11-21 got (30m): another",
    "+ [[2026-11-22]] asked: a dated link",
    "  - [ ] 2026-12-01 met: a forged plan",
    "- [x] 2026-11-23 thanked: a forged done",
    "[ ] 2026-12-02 met: a box without a bullet",
    "- 2026-02-30 gave: an impossible date",
    "---",
    "name: Evil Twin",
    "...",
    "## Log",
    "# A heading of its own",
    "```",
    "~~~",
    "===",
    "* * *",
]
NOTE = ["Met at the fair.", *STRUCTURE_LINES, "The end of the note."]


def vcard(note_lines) -> str:
    note = "\\n".join(line.replace(",", "\\,").replace(";", "\\;") for line in note_lines)
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nNOTE:{note}\r\nEND:VCARD\r\n"


def test_a_vcard_note_holding_log_lines_and_front_matter_becomes_notes_only(
    make_vault, run, tmp_path
):
    root = make_vault()
    card = tmp_path / "ada.vcf"
    card.write_text(vcard(NOTE), "utf-8")
    result = run(root, "import", "vcard", str(card))
    assert result.exit_code == 0, result.stderr
    shown = json.loads(run(root, "show", "ada", "--json").stdout)
    assert shown["name"] == "Ada Lovelace" and shown["log"] == []
    assert shown["given"] == shown["received"] == shown["asks"] == 0
    assert json.loads(run(root, "check", "--json").stdout)["problems"] == []
    # the real log is the importer's: `log` writes there, and reads back as one entry
    assert run(root, "log", "ada", "gave", "the first real one").exit_code == 0
    shown = json.loads(run(root, "show", "ada", "--json").stdout)
    assert [e["text"] for e in shown["log"]] == ["the first real one"]
    text = next((root / "people").glob("*.md")).read_text("utf-8")
    body = text.split("\n---\n", 1)[1]
    for line in STRUCTURE_LINES:  # every line is still there, as text
        assert line.strip().lstrip("\\") in body.replace("\\", "")
    assert body.index("The end of the note.") < body.index("\n## Log\n")


@pytest.mark.parametrize("line", STRUCTURE_LINES)
def test_each_structural_line_is_escaped_and_reads_as_text(line):
    record = Record("test: card 1", "Ada", {"name": "Ada"}, f"before\n{line}\nafter")
    contact, problems = parse_contact("people/ada.md", new_file(record), DEFAULT, with_log=True)
    assert problems == () and contact.log == () and contact.name == "Ada"
    escaped = _body_line(line)
    assert escaped.replace("\\", "", 1) == line.rstrip()


@pytest.mark.parametrize(
    "line", ["-5 degrees", "...and so on", "#hashtag", "-- a dash", "plain", "1. first", "[[Acme]]"]
)
def test_ordinary_text_is_left_as_written(line):
    assert _body_line(line) == line


def _records() -> list[tuple[Record, str]]:
    return [
        (
            Record("c.csv:2", "Ada", {"name": "Ada", "tags": ["a", "b"]}, "- a note"),
            "people/ada.md",
        ),
        (Record("c.csv:3", "Zoë", {"name": "Zoë"}), "people/zoe.md"),
        (Record("c.csv:4", "Ada", {"name": "Ada"}, "second\n\nAda"), "people/ada-2.md"),
        (Record("c.csv:5", "李雷", {"name": "李雷"}), "people/team/li-lei.md"),
    ]


def test_the_batch_path_gives_the_files_the_one_by_one_path_gives(tmp_path):
    from helpers import vault_bytes

    from network_md.exchange.files import create, create_all

    one, batch = tmp_path / "one", tmp_path / "batch"
    one.mkdir()
    batch.mkdir()
    for record, rel in _records():
        create(one, rel, record)
    written = []
    create_all(batch, _records(), written.append)
    assert written == [rel for _, rel in _records()]
    assert vault_bytes(batch) == vault_bytes(one)
    for _, rel in _records():
        assert (batch / rel).stat().st_mode == (one / rel).stat().st_mode


def test_the_batch_stops_at_a_taken_name_and_keeps_the_files_before_it(tmp_path):
    from network_md.core.errors import WriteError
    from network_md.exchange.files import create_all

    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "ada-2.md").write_bytes(b"mine\n")
    written = []
    with pytest.raises(WriteError, match=r"^people/ada-2\.md already exists"):
        create_all(tmp_path, _records(), written.append)
    assert written == ["people/ada.md", "people/zoe.md"]
    assert (tmp_path / "people" / "ada-2.md").read_bytes() == b"mine\n"
    assert sorted(p.name for p in (tmp_path / "people").iterdir()) == [
        "ada-2.md",
        "ada.md",
        "team",  # folders are made before any file is written
        "zoe.md",
    ]
    assert list((tmp_path / "people" / "team").iterdir()) == []
