"""`export`: JSON exactly as `list --json`, CSV rows as the analysis, vCards vobject reads back."""

from __future__ import annotations

import csv
import io
import json
import subprocess

import pytest
import vobject
from helpers import REAL_WORLD, REPO, script_path

from network_md.exchange.export import CSV_COLUMNS

ADA = """---
name: Ada Lovelace
aliases: [Ada, "Countess of Lovelace"]
tags: [mentor, engineering]
circle: close
company: Analytical Engines Ltd
role: Principal Engineer
email: ada@example.com
birthday: 1815-12-10
---
## Log
- 2026-10-02 asked: restaurant tip
- 2026-10-02 got: three places
- 2026-10-03 thanked: postcard
- 2026-11-20 gave: an article
"""
BOB = """---
name: "=HYPERLINK(\\"http://x\\")"
email: [bob@example.com, robert@example.org]
phone: "+1 555 0100"
tags: [mentor]
birthday: circa 1990
---
## Log
- 2026-11-01 gave: intro
- 2026-11-02 gave: review
- 2026-11-03 gave: lunch
"""
CAROL = "---\nname: Carol, the Connector\nlinkedin: https://www.linkedin.com/in/carol\ncircle: contact\n---\n"


@pytest.fixture
def vault(make_vault):
    return make_vault({"people/ada.md": ADA, "people/bob.md": BOB, "people/carol.md": CAROL})


def listed(run, root, *args) -> list[dict]:
    r = run(root, "list", "--json", *args)
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)["contacts"]


def exported(run, root, fmt, *args) -> str:
    r = run(root, "export", "--format", fmt, *args)
    assert r.exit_code == 0, r.stderr
    return r.stdout_bytes.decode("utf-8")  # `.stdout` would turn CRLF into LF


def csv_rows(text: str) -> list[dict]:
    assert text.startswith(",".join(CSV_COLUMNS) + "\r\n")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def cards(text: str) -> list:
    parsed = list(vobject.readComponents(text))
    assert all(c.version.value == "4.0" for c in parsed)
    return parsed


def emails(contact: dict) -> list[str]:
    found = contact["fields"].get("email") or []
    return [found] if isinstance(found, str) else found


@pytest.mark.parametrize("args", [(), ("--relationship", "network"), ("--tag", "#Mentor")])
def test_json_is_list_json(vault, run, args):
    r = run(vault, "export", "--format", "json", *args)
    assert r.stdout_bytes == run(vault, "list", "--json", *args).stdout_bytes


def test_csv_rows_match_the_analysis(vault, run):
    expected = listed(run, vault)
    rows = csv_rows(exported(run, vault, "csv"))
    assert len(rows) == len(expected) == 3
    for row, c in zip(rows, expected):
        assert row["name"] == ("'" + c["name"] if c["name"].startswith("=") else c["name"])
        assert row["path"] == c["path"] and row["relationship"] == c["relationship"]
        for key in ("given", "received", "balance", "familiarity", "trust", "thanks_given", "asks"):
            assert int(row[key]) == c[key], key
        assert row["last_touch"] == (c["last_touch"] or "")
        assert row["flags"] == ";".join(c["flags"])
        assert row["tags"] == ";".join(c["tags"])
        assert row["email"] == ";".join(emails(c))
    ada, carol, bob = rows  # by folded name: the "=" of "=HYPERLINK" does not count
    assert (ada["company"], ada["role"], ada["relationship"]) == (
        "Analytical Engines Ltd",
        "Principal Engineer",
        "network",
    )
    assert bob["relationship"] == "one-way" and bob["flags"] == "one-way" and bob["balance"] == "3"
    assert bob["name"] == '\'=HYPERLINK("http://x")'  # a spreadsheet must not run it
    assert bob["phone"] == "'+1 555 0100"  # a spreadsheet would compute 1 + 555 0100
    assert carol["linkedin"] == "https://www.linkedin.com/in/carol" and carol["last_touch"] == ""


def test_vcards_read_back_with_vobject(vault, run):
    expected = listed(run, vault)
    parsed = cards(exported(run, vault, "vcard"))
    assert [c.fn.value for c in parsed] == [c["name"] for c in expected]
    assert [[e.value for e in c.contents.get("email", [])] for c in parsed] == [
        emails(c) for c in expected
    ]
    ada, carol, bob = parsed
    assert "n" not in ada.contents  # no `n:` key: a structured name is never guessed
    assert [n.value for n in ada.contents["nickname"]] == ["Ada", "Countess of Lovelace"]
    assert ada.org.value == ["Analytical Engines Ltd"] and ada.title.value == "Principal Engineer"
    assert ada.categories.value == ["mentor", "engineering"] and ada.bday.value == "18151210"
    assert "bday" not in bob.contents  # `circa 1990` is not a date: check warns, no BDAY
    assert bob.tel.value == "+1 555 0100"
    assert (
        carol.fn.value == "Carol, the Connector"
        and carol.url.value == "https://www.linkedin.com/in/carol"
    )
    assert len({c.uid.value for c in parsed}) == 3


def test_filters_and_output_file(vault, run, tmp_path):
    out = tmp_path / "mentors.vcf"
    out.write_text("old export\n")
    r = run(vault, "export", "--format", "vcard", "--tag", "mentor", "--output", str(out))
    assert r.exit_code == 0 and r.stdout == "" and "Wrote 2 contact(s)" in r.stderr
    assert out.read_bytes().decode() == exported(run, vault, "vcard", "--tag", "mentor")
    assert [c.fn.value for c in cards(out.read_text())] == [
        "Ada Lovelace",
        '=HYPERLINK("http://x")',  # folded: "hyperlink http x"
    ]
    rows = csv_rows(exported(run, vault, "csv", "--relationship", "contact"))
    assert [r["name"] for r in rows] == ["Carol, the Connector"]
    missing = run(vault, "export", "--format", "csv", "--output", str(tmp_path / "no" / "x.csv"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


def test_the_example_vault(run):
    root = REPO / "example-vault"
    if not (root / "people").is_dir():
        pytest.skip("no example-vault here")

    def go(*cmd):
        r = run(None, "--vault", str(root), "--no-cache", *cmd)  # no cache written into it
        assert r.exit_code == 0, r.stderr
        return r.stdout_bytes.decode("utf-8")

    expected = json.loads(go("list", "--json"))["contacts"]
    assert go("export", "--format", "json") == go("list", "--json")
    rows = csv_rows(go("export", "--format", "csv"))
    assert [(r["name"], r["relationship"], r["flags"], int(r["balance"])) for r in rows] == [
        (c["name"], c["relationship"], ";".join(c["flags"]), c["balance"]) for c in expected
    ]
    parsed = cards(go("export", "--format", "vcard"))
    assert [c.fn.value for c in parsed] == [c["name"] for c in expected]
    assert [[e.value for e in c.contents.get("email", [])] for c in parsed] == [
        emails(c) for c in expected
    ]


def test_vcards_round_trip_through_an_import(make_vault, run, tmp_path):
    folder = REAL_WORLD / "vcards"
    if not folder.is_dir():
        pytest.skip("no real-world vCards here")
    first = make_vault()
    run(first, "import", "vcard", str(folder))
    out = tmp_path / "all.vcf"
    assert run(first, "export", "--format", "vcard", "--output", str(out)).exit_code == 0
    second = make_vault()
    r = run(second, "import", "vcard", str(out), "--json")
    assert r.exit_code == 0, r.stderr
    before, after = listed(run, first), listed(run, second)
    assert sorted(c["name"] for c in after) == sorted(c["name"] for c in before)
    assert sorted(sorted(emails(c)) for c in after) == sorted(sorted(emails(c)) for c in before)


def test_export_with_the_installed_script(vault):
    done = subprocess.run(
        [
            script_path(),
            "--vault",
            str(vault),
            "--today",
            "2026-11-27",
            "export",
            "--format",
            "csv",
        ],
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
    assert len(csv_rows(done.stdout.decode("utf-8"))) == 3


# --- vCard fidelity: nothing invented, nothing lost ---------------------------------------------

PEOPLE = {
    # an Obsidian-CRM note: Title-case keys, a link as the company, `Title` for the role
    "people/siobhan.md": (
        '---\nName: "O\'Brien, Siobhán"\nn: "O\'Brien;Siobhán;;;"\nCompany: "[[Acme Corp]]"\n'
        "Title: Head of Talent\nE-mail: siobhan@example.ie\nBirth Day: --03-22\n---\n"
        "Met at the Dublin meetup.\n\nLikes **short** notes; hates calls.\n\n## Log\n"
        "- 2026-11-20 gave: the JD\n"
    ),
    # no `n:`: export must not guess one from "Dr. Mark Schröder II"
    "people/mark.md": (
        "---\nname: Dr. Mark Schröder II\ncompany: Grünwerk\nposition: CTO\n"
        "email: [mark@gruenwerk.de, m@example.org]\nbirthday: 1975-06-01\n---\n"
        "# Dr. Mark Schröder II\n\nPrefers German.\n"
    ),
    "people/khai.md": (
        "---\nname: Nguyễn Thị Minh Khai\nrole: Engineer\nPhone Number: '+84 28 0000'\n---\n"
    ),
    "people/li.md": "---\nname: 伟 李\ncompany: 竹语科技\nbirthday: 12-10\n---\n## Log\n",
}


def test_vcard_export_writes_n_only_when_known_and_birthdays_as_dates(make_vault, run):
    root = make_vault(PEOPLE)
    by_name = {c.fn.value: c for c in cards(exported(run, root, "vcard"))}
    siobhan, mark, khai, li = (
        by_name[n]
        for n in ("O'Brien, Siobhán", "Dr. Mark Schröder II", "Nguyễn Thị Minh Khai", "伟 李")
    )
    assert (siobhan.n.value.family, siobhan.n.value.given) == ("O'Brien", "Siobhán")
    assert all("n" not in c.contents for c in (mark, khai, li))
    assert siobhan.org.value == ["Acme Corp"] and siobhan.title.value == "Head of Talent"
    assert siobhan.email.value == "siobhan@example.ie"
    assert siobhan.bday.value == "--0322" and "VALUE" not in siobhan.bday.params
    assert mark.bday.value == "19750601" and li.bday.value == "--1210"
    assert mark.title.value == "CTO" and khai.tel.value == "+84 28 0000"
    assert siobhan.note.value == "Met at the Dublin meetup.\n\nLikes **short** notes; hates calls."
    assert mark.note.value == "Prefers German."  # the title heading is the name, not a note
    assert "note" not in khai.contents


@pytest.mark.parametrize(
    ("value", "bday"),
    [
        ("1990-02-28", "19900228"),
        ("1992-02-29", "19920229"),  # a leap year
        ("--02-29", "--0229"),  # no year: 29 February is real
        ("02-29", "--0229"),
        ("1990-02-28T10:00:00Z", "19900228"),
        ("'[[1990-02-28]]'", "19900228"),
        ("1990-02-29", None),
        ("2026-13-45", None),
        ("--02-30", None),
        ("04-31", None),
        ("0000-01-01", None),
        (".nan", None),
        ("circa 1990", None),
        ("1990", None),
    ],
)
def test_only_a_real_birthday_is_exported_and_check_warns_about_the_rest(
    make_vault, run, value, bday
):
    root = make_vault({"people/pat.md": f"---\nname: Pat\nBirth-Day: {value}\n---\n"})
    (card,) = cards(exported(run, root, "vcard"))
    assert (card.bday.value if "bday" in card.contents else None) == bday
    (contact,) = json.loads(exported(run, root, "json"))["contacts"]
    assert (contact["birthday"] is None) == (bday is None)
    warned = [w for w in run(root, "check").stdout.splitlines() if "Birth-Day" in w]
    if bday:
        assert warned == []
    else:
        (line,) = warned
        assert (
            line.startswith("people/pat.md:3: warning: Birth-Day: '") and "not a real date" in line
        )


def test_vcard_export_imported_into_an_empty_vault_gives_the_same_people(make_vault, run, tmp_path):
    root = make_vault(PEOPLE)
    card_file = tmp_path / "out.vcf"
    assert run(root, "export", "--format", "vcard", "--output", str(card_file)).exit_code == 0
    empty = make_vault({})
    r = run(empty, "import", "vcard", str(card_file))
    assert r.exit_code == 0, r.stderr

    def people(vault):
        from network_md.format.parse import notes_of

        return sorted(
            (
                c["name"],
                c["company"],
                c["role"],
                c["email"],
                c["birthday"],
                notes_of((vault / c["path"]).read_bytes()),
            )
            for c in listed(run, vault)
        )

    assert people(empty) == people(root)
    assert [c["company"] for c in listed(run, root)] == ["Grünwerk", None, "Acme Corp", "竹语科技"]
    # a second export of what came in is the same cards (UIDs aside: they follow the paths)
    strip = lambda text: [line for line in text.splitlines() if not line.startswith("UID")]  # noqa: E731
    assert strip(exported(run, empty, "vcard")) == strip(exported(run, root, "vcard"))


# --- formula injection ---------------------------------------------------------------------------

COMPUTED = ["-2-3", "--1", "+1 555 0100", "+5", "=1+1", "@SUM(A1)", "-1e5", "-.5", "-", "+"]
PLAIN = ["42", "-3", "2.5", "-0.25", "Ada", "1+1", "x=1", "'quoted", "3-2"]


@pytest.mark.parametrize("value", COMPUTED + PLAIN)
def test_every_cell_a_spreadsheet_would_compute_is_prefixed(make_vault, run, value):
    front = "---\nname: {v}\ncompany: {v}\nrole: {v}\nphone: {v}\nemail: {v}\ntags: [{v}]\n---\n"
    quoted = json.dumps(value)  # every value as text, exactly
    root = make_vault({"people/x.md": front.format(v=quoted)})
    (row,) = csv_rows(exported(run, root, "csv"))
    expected = "'" + value if value in COMPUTED else value
    for key in ("name", "company", "role", "phone", "email", "tags"):
        assert row[key] == expected, key
    assert row["given"] == "0" and row["balance"] == "0"  # numbers of the analysis stay numbers


@pytest.mark.parametrize("value", ["\t=x", "\r=x", "\t42", "\r"])
def test_a_cell_starting_with_a_tab_or_cr_is_prefixed(value):
    from network_md.exchange.export import _cell

    assert _cell(value) == "'" + value
