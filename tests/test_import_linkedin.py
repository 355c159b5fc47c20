"""`import linkedin`: real exports, identity, job changes, byte-stable re-runs, options, exits."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from helpers import REAL_WORLD, script_path, vault_bytes

from network_md.exchange import identity, linkedin
from network_md.exchange.identity import Record, norm_url
from network_md.format.config import DEFAULT
from network_md.format.parse import parse_contact

LINKEDIN = REAL_WORLD / "linkedin"
SIX_HOPS = LINKEDIN / "six-hops-Connections.csv"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email '
    'addresses are missing."\n\n'
)


def real(name: str) -> Path:
    path = LINKEDIN / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return path


def write_csv(tmp_path: Path, text: str | bytes, name: str = "Connections.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def report(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def front(path: Path) -> dict:
    contact, problems = parse_contact(path.name, path.read_bytes(), DEFAULT)
    assert not [p for p in problems if p.severity == "error"], problems
    return {
        "name": contact.name,
        "tags": list(contact.tags),
        "circle": contact.circle,
        **contact.fields,
    }


# --- reading the CSV -------------------------------------------------------------------------


def test_preamble_of_any_wording_and_blank_lines_before_the_header():
    text = (
        "Notes:\nSomething else entirely, in a new wording\n\n\n\n"
        + HEADER
        + "\nAda,Lovelace,,,,,\n"
    )
    export = linkedin.read(text.encode(), "c.csv")
    assert [r.name for r in export.records] == ["Ada Lovelace"]
    assert export.header_line == 6 and export.rows == 1


def test_bom_crlf_no_final_newline_quoted_commas_and_trailing_spaces():
    text = (
        "\ufeff" + PREAMBLE.replace("\n", "\r\n") + HEADER + "\r\n"
        'Ada ,Lovelace  ,https://www.linkedin.com/in/ada,ada@example.com,"Engines, Analytical",'
        '"Founder, CEO",27 Nov 2026\r\n'
        "Grace,Hopper,https://www.linkedin.com/in/grace,,Navy,Rear Admiral,02 Feb 2025"
    )
    records = linkedin.read(text.encode("utf-8"), "c.csv").records
    ada, grace = records
    assert ada.name == "Ada Lovelace"
    assert ada.keys == {
        "name": "Ada Lovelace",
        "company": "Engines, Analytical",
        "role": "Founder, CEO",
        "email": "ada@example.com",
        "linkedin": "https://www.linkedin.com/in/ada",
        "connected": date(2026, 11, 27),
        "circle": "contact",
        "tags": ["linkedin"],
    }
    assert grace.keys["connected"] == date(2025, 2, 2) and grace.where == "c.csv:6"


def test_older_exports_without_url_position_or_connected_on():
    text = "First Name,Last Name,Email Address,Company\nAda,Lovelace,ada@example.com,Engines\n"
    export = linkedin.read(text.encode(), "old.csv")
    assert export.missing == ("url", "role", "connected")
    assert export.records[0].keys == {
        "name": "Ada Lovelace", "company": "Engines", "email": "ada@example.com",
        "circle": "contact", "tags": ["linkedin"],
    }  # fmt: skip


def test_a_file_without_the_header_is_not_an_export():
    with pytest.raises(linkedin.NotAnExport):
        linkedin.read(b"name,email\nAda,ada@example.com\n", "x.csv")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("27 Nov 2026", date(2026, 11, 27)),
        ("7 Nov 2026", date(2026, 11, 7)),
        ("27 November 2026", date(2026, 11, 27)),
        ("2026-11-27", date(2026, 11, 27)),
        ("11/27/2026", date(2026, 11, 27)),
        ("", None),
    ],
)
def test_connected_on(text, expected):
    assert linkedin.parse_connected(text) == expected


def test_a_bad_connected_on_is_a_problem_not_a_failure():
    text = HEADER + "\nAda,Lovelace,,,,,31 Feb 2026\nBob,Lee,,,,,someday\n"
    export = linkedin.read(text.encode(), "c.csv")
    assert [r.name for r in export.records] == ["Ada Lovelace", "Bob Lee"]
    assert "connected" not in export.records[0].keys
    assert [w for w, _ in export.problems] == ["c.csv:2", "c.csv:3"]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/j%C3%BCrgen-m%C3%BCller/",
        "http://linkedin.com/in/Jürgen-Müller",
        "linkedin.com/in/jürgen-müller?trk=public_profile",
        " https://de.linkedin.com/in/J%C3%9CRGEN-M%C3%9CLLER// ",
    ],
)
def test_urls_are_normalised(url):
    assert norm_url(url) == "linkedin.com/in/jürgen-müller"


# --- identity (pure) -------------------------------------------------------------------------


def rec(name, **keys) -> Record:
    return Record(f"c.csv:{name}", name, {"name": name, **keys})


def contact(path, text):
    return parse_contact(path, text.encode(), DEFAULT)[0]


def places():
    made = []

    def place(name):
        made.append(f"people/{name.lower().replace(' ', '-')}-{len(made)}.md")
        return made[-1]

    return place


def test_the_url_alone_decides_when_both_have_one():
    known = [
        contact(
            "people/a.md",
            "---\nname: Ada Lovelace\nlinkedin: https://linkedin.com/in/ada\nemail: x@y.z\n---\n",
        ),
    ]
    plan = identity.plan(
        [
            rec(
                "Ada King", linkedin="https://www.linkedin.com/in/ADA/"
            ),  # same URL, other name: her
            rec(
                "Ada Lovelace", linkedin="https://linkedin.com/in/ada-2", email="x@y.z"
            ),  # other URL
        ],
        known,
        places(),
    )
    assert [(r.name, p) for r, p in plan.existing] == [("Ada King", "people/a.md")]
    assert [r.name for r, _ in plan.created] == ["Ada Lovelace"]
    assert "by LinkedIn URL https://www.linkedin.com/in/ADA/;" in plan.problems[0][1]
    assert "Ada King" in plan.problems[0][1] and "Ada Lovelace" in plan.problems[0][1]


def test_email_then_name_and_company_decide_when_one_side_lacks_a_url():
    known = [
        contact("people/a.md", "---\nname: Ada\nemail: ADA@example.com\n---\n"),
        contact("people/g.md", "---\nname: Grace Hopper\ncompany: Navy\n---\n"),
        contact("people/g2.md", "---\nname: Grace Hopper\ncompany: Yale\n---\n"),
    ]
    plan = identity.plan(
        [
            rec("Ada Lovelace", linkedin="https://linkedin.com/in/ada", email="ada@example.com"),
            rec("Grace Hopper", linkedin="https://linkedin.com/in/grace", company="navy"),
            rec("Grace Hopper", company="Harvard"),
        ],
        known,
        places(),
    )
    assert [p for _, p in plan.existing] == ["people/a.md", "people/g.md"]
    assert [r.company for r, _ in plan.created] == ["Harvard"]


def test_two_people_with_one_name_get_two_files_and_a_shared_url_is_reported():
    plan = identity.plan(
        [
            rec("Priya Sharma", linkedin="https://linkedin.com/in/priya-1"),
            rec("Priya Sharma", linkedin="https://linkedin.com/in/priya-2"),
            rec("Lily Robinson", linkedin="https://linkedin.com/in/priya-1"),
            rec("Priya Sharma", linkedin="https://linkedin.com/in/priya-1/"),  # a repeated row
        ],
        [],
        places(),
    )
    assert len(plan.created) == 2 and len(plan.existing) == 1
    assert [(r.name, why) for r, why in plan.skipped] == [
        ("Lily Robinson", "same LinkedIn URL as another row")
    ]
    # both people and the URL: the user can find the rows
    assert plan.problems[0][1].startswith(
        "Lily Robinson has the LinkedIn URL of Priya Sharma (c.csv:Priya Sharma): "
        "https://linkedin.com/in/priya-1; "
    )


# --- the real files --------------------------------------------------------------------------

# (file, rows, created, already there (repeated rows), skipped). Counted by reading the files:
# linked-knowledge has 1,869 rows, 63 URLs on more than one row: 25 repeats of the same name,
# 48 rows with another name (reported, not merged); six-hops has one row with no name.
REAL_COUNTS = [
    ("linked-knowledge-Connections.csv", 1869, 1796, 25, 48),
    ("linkedin-connections-toolkit-sample_connections.csv", 7, 7, 0, 0),
    ("network-jobs-Connections.csv", 10, 10, 0, 0),
    ("six-hops-Connections.csv", 5, 4, 0, 1),
]


@pytest.mark.parametrize("name, rows, created, existing, skipped", REAL_COUNTS)
def test_real_exports_import_and_reimport_changes_no_byte(
    make_vault, run, name, rows, created, existing, skipped
):
    path = real(name)
    root = make_vault()
    first = report(run(root, "import", "linkedin", str(path), "--json"))
    n = first["counts"]
    assert (n["read"], n["created"], n["existing"], n["changed"], n["skipped"]) == (
        rows,
        created,
        existing,
        0,
        skipped,
    )
    assert len(list((root / "people").glob("*.md"))) == created
    before = vault_bytes(root)
    again = report(run(root, "import", "linkedin", str(path), "--json"))["counts"]
    assert (again["created"], again["existing"], again["changed"], again["skipped"]) == (
        0,
        created + existing,
        0,
        skipped,
    )
    assert vault_bytes(root) == before
    listed = json.loads(run(root, "list", "--json").stdout)["contacts"]
    assert len(listed) == created and {c["relationship"] for c in listed} == {"contact"}


def test_six_hops_files(make_vault, run):
    root = make_vault()
    r = run(root, "import", "linkedin", str(real("six-hops-Connections.csv")))
    assert r.exit_code == 0 and r.stdout == ""
    assert (
        "4 created" in r.stderr
        and "six-hops-Connections.csv:9" in r.stderr
        and "no name" in r.stderr
    )
    people = root / "people"
    assert sorted(p.name for p in people.iterdir()) == [
        "anita-rao.md", "priya-sharma-2.md", "priya-sharma.md", "rahul-iyer.md",
    ]  # fmt: skip
    assert (people / "rahul-iyer.md").read_text() == (
        "---\nname: Rahul Iyer\ncompany: Flipkart\nrole: Senior SDE\nemail: rahul@example.com\n"
        "linkedin: https://www.linkedin.com/in/rahul-iyer\nconnected: 2020-01-05\n"
        "circle: contact\ntags: [linkedin]\n---\n\n## Log\n"
    )
    assert front(people / "priya-sharma-2.md")["company"] == "Razorpay Software Pvt Ltd"
    assert "company" not in front(people / "anita-rao.md")


def test_toolkit_sample_row_without_connected_on(make_vault, run):
    root = make_vault()
    report(
        run(
            root,
            "import",
            "linkedin",
            str(real("linkedin-connections-toolkit-sample_connections.csv")),
            "--json",
        )
    )
    tim = front(root / "people" / "tim-berners-lee.md")
    assert tim["role"] == "Head of Standards" and "connected" not in tim
    assert front(root / "people" / "ada-lovelace.md")["connected"] == "2026-05-14"


# --- job changes, --update, --dry-run, --commit ----------------------------------------------


@pytest.fixture
def six_hops_vault(make_vault, run, tmp_path):
    root = make_vault()
    report(run(root, "import", "linkedin", str(real("six-hops-Connections.csv")), "--json"))
    moved = SIX_HOPS.read_text("utf-8").replace("Flipkart,Senior SDE", "Stripe,Staff Engineer")
    return root, write_csv(tmp_path, moved)


def test_a_job_change_is_reported_and_not_written(six_hops_vault, run):
    root, csv = six_hops_vault
    before = vault_bytes(root)
    r = run(root, "import", "linkedin", str(csv))
    assert r.exit_code == 0
    assert "Rahul Iyer: Flipkart, Senior SDE → Stripe, Staff Engineer" in r.stderr
    assert "--update" in r.stderr
    assert vault_bytes(root) == before


def test_update_writes_only_those_keys_and_keeps_the_old_job(six_hops_vault, run):
    root, csv = six_hops_vault
    before = vault_bytes(root)
    data = report(run(root, "import", "linkedin", str(csv), "--update", "--json"))
    assert data["counts"]["updated"] == 1 and data["changed"][0]["written"] is True
    assert (
        data["changed"][0]["change"] == "Rahul Iyer: Flipkart, Senior SDE → Stripe, Staff Engineer"
    )
    after = vault_bytes(root)
    assert {k for k in after if after[k] != before.get(k)} == {"people/rahul-iyer.md"}
    old = before["people/rahul-iyer.md"].decode().splitlines()
    new = after["people/rahul-iyer.md"].decode().splitlines()
    assert [line for line in old if line not in new] == ["company: Flipkart", "role: Senior SDE"]
    assert [line for line in new if line not in old] == [
        "company: Stripe",
        "role: Staff Engineer",
        'previously: ["Flipkart, Senior SDE (until 2026-11-27)"]',
    ]
    assert front(root / "people/rahul-iyer.md")["previously"] == [
        "Flipkart, Senior SDE (until 2026-11-27)"
    ]
    # run again: nothing left to change
    again = report(run(root, "import", "linkedin", str(csv), "--update", "--json"))["counts"]
    assert again["changed"] == 0 and vault_bytes(root) == after


def test_update_keeps_crlf_bom_and_every_other_byte_of_a_hand_written_file(
    make_vault, run, tmp_path
):
    text = (
        '\ufeff---\r\nname: Rahul Iyer\r\ncompany: "[[Flipkart]]"\r\nrole: Senior SDE\r\n'
        "linkedin: linkedin.com/in/Rahul-Iyer/\r\npreviously: [Myntra]\r\n---\r\nNotes.\r\n\r\n"
        "## Log\r\n- 2026-01-02 met: coffee\r\n"
    )
    root = make_vault({"people/rahul.md": text})
    csv = write_csv(
        tmp_path,
        HEADER + "\nRahul,Iyer,https://www.linkedin.com/in/rahul-iyer,,Flipkart,Staff SDE,\n",
    )
    data = report(run(root, "import", "linkedin", str(csv), "--update", "--json"))
    assert data["changed"][0]["change"] == "Rahul Iyer: Flipkart, Senior SDE → Flipkart, Staff SDE"
    assert (root / "people/rahul.md").read_bytes().decode("utf-8") == text.replace(
        "role: Senior SDE\r\n", "role: Staff SDE\r\n"
    ).replace(
        "previously: [Myntra]", 'previously: [Myntra, "Flipkart, Senior SDE (until 2026-11-27)"]'
    )


def test_dry_run_writes_nothing(six_hops_vault, run):
    root, csv = six_hops_vault
    before = vault_bytes(root)
    data = report(run(root, "import", "linkedin", str(csv), "--update", "--dry-run", "--json"))
    assert data["dry_run"] and data["counts"]["changed"] == 1 and data["counts"]["updated"] == 0
    assert vault_bytes(root) == before


def test_dry_run_in_an_empty_vault_plans_paths_but_writes_none(make_vault, run):
    root = make_vault()
    data = report(
        run(
            root, "import", "linkedin", str(real("six-hops-Connections.csv")), "--dry-run", "--json"
        )
    )
    assert [c["path"] for c in data["created"]] == [
        "people/priya-sharma.md", "people/rahul-iyer.md", "people/priya-sharma-2.md", "people/anita-rao.md",
    ]  # fmt: skip
    assert not (root / "people").exists() and data["written"] == []


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    ).stdout


def test_commit_commits_the_imported_files_and_nothing_else(make_vault, run):
    root = make_vault({"people/old.md": "---\nname: Old Friend\n---\n"})
    git(root, "init", "-q")
    git(
        root,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "start",
    )
    (root / "notes.txt").write_text("not mine to commit\n")
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    r = run(root, "import", "linkedin", str(real("six-hops-Connections.csv")), "--commit", env=env)
    assert r.exit_code == 0, r.stderr
    assert (
        git(root, "log", "--format=%s", "-1").strip()
        == "import linkedin: 4 created (six-hops-Connections.csv)"
    )
    assert sorted(git(root, "show", "--name-only", "--format=", "HEAD").split()) == [
        "people/anita-rao.md", "people/priya-sharma-2.md", "people/priya-sharma.md", "people/rahul-iyer.md",
    ]  # fmt: skip
    assert "notes.txt" in git(root, "status", "--porcelain") and "old.md" in git(
        root, "status", "--porcelain"
    )


def test_commit_outside_a_work_tree_is_refused_before_writing(make_vault, run):
    root = make_vault()
    r = run(root, "import", "linkedin", str(real("six-hops-Connections.csv")), "--commit")
    assert r.exit_code == 2 and "git work tree" in r.stderr
    assert not (root / "people").exists()


# --- exit codes ------------------------------------------------------------------------------


def test_an_unreadable_or_foreign_file_exits_2_and_writes_nothing(make_vault, run, tmp_path):
    root = make_vault()
    missing = run(root, "import", "linkedin", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    foreign = run(root, "import", "linkedin", str(write_csv(tmp_path, "a,b\n1,2\n", "other.csv")))
    assert foreign.exit_code == 2 and "First Name" in foreign.stderr
    assert vault_bytes(root) == {".network-md.yaml": b"contacts: [people]\n"}


def test_a_file_that_cannot_be_written_exits_1(make_vault, run):
    root = make_vault({"people": "a file where the contacts folder should be\n"})
    r = run(root, "import", "linkedin", str(real("six-hops-Connections.csv")))
    assert r.exit_code == 1, r.stderr
    assert "cannot make its folder" in r.stderr and "0 file(s) had been written" in r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr


def test_the_installed_script(make_vault, tmp_path):
    root = make_vault()
    csv = write_csv(
        tmp_path,
        "\ufeff" + PREAMBLE + HEADER + "\nAda,Lovelace,https://linkedin.com/in/ada,,,,27 Nov 2026",
    )
    done = subprocess.run(
        [script_path(), "--vault", str(root), "import", "linkedin", str(csv), "--json"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["created"] == [
        {"name": "Ada Lovelace", "path": "people/ada-lovelace.md", "from": "Connections.csv:5"}
    ]
    assert done.stderr == ""


def test_a_percent_encoded_url_finds_the_contact_written_without_it(make_vault, run, tmp_path):
    root = make_vault(
        {"people/j.md": "---\nname: Jürgen Müller\nlinkedin: linkedin.com/in/jürgen-müller\n---\n"}
    )
    csv = write_csv(
        tmp_path,
        HEADER + "\nJürgen ,Müller,https://www.linkedin.com/in/j%C3%BCrgen-m%C3%BCller/,,,,\n",
    )
    data = report(run(root, "import", "linkedin", str(csv), "--json"))
    assert [e["path"] for e in data["existing"]] == ["people/j.md"] and data["counts"][
        "created"
    ] == 0


def test_an_old_export_without_urls_and_in_windows_1252(make_vault, run, tmp_path):
    root = make_vault()
    text = "First Name,Last Name,Email Address,Company,Position\r\nJos\xe9,Garc\xeda,,Acme,CTO\r\n"
    csv = write_csv(tmp_path, text.encode("cp1252"))
    data = report(run(root, "import", "linkedin", str(csv), "--json"))
    assert [c["name"] for c in data["created"]] == ["José García"]
    messages = " ".join(p["message"] for p in data["problems"])
    assert "Windows-1252" in messages and "no URL column" in messages
    assert report(run(root, "import", "linkedin", str(csv), "--json"))["counts"]["existing"] == 1


def test_a_progress_line_on_a_terminal_only(monkeypatch):
    from network_md.cli import exchange as cli_io

    class Terminal:
        def __init__(self):
            self.text = ""

        def isatty(self):
            return True

        def write(self, s):
            self.text += s

        def flush(self):
            pass

    terminal = Terminal()
    monkeypatch.setattr(cli_io.sys, "stderr", terminal)
    progress = cli_io._Progress(400)
    for i in range(1, 401):
        progress(i)
    assert (
        terminal.text.endswith("\rwriting 400/400 files…\n")
        and "\rwriting 50/400 files…" in terminal.text
    )
    small = cli_io._Progress(10)
    assert not small.on


@pytest.mark.parametrize(
    "keys",
    [
        "LinkedIn: https://www.linkedin.com/in/rahul-iyer\n",
        'Linked In: "https://linkedin.com/in/rahul-iyer/"\n',
        "E-mail: rahul@example.com\n",
        'Name: Rahul Iyer\nCompany: "[[Flipkart]]"\n',
    ],
)
def test_title_case_identity_keys_of_a_hand_written_note_match(make_vault, run, tmp_path, keys):
    root = make_vault({"people/Rahul.md": f"---\nName: Rahul Iyer\n{keys}---\n## Log\n"})
    csv_file = write_csv(
        tmp_path,
        f"{HEADER}\nRahul,Iyer,https://www.linkedin.com/in/rahul-iyer,rahul@example.com,"
        "Flipkart,,27 Nov 2026\n",
    )
    r = report(run(root, "import", "linkedin", str(csv_file), "--json"))
    assert r["counts"]["created"] == 0 and [e["path"] for e in r["existing"] + r["changed"]] == [
        "people/Rahul.md"
    ]


@pytest.mark.parametrize(
    "name",
    [
        "linked-knowledge-Connections.csv",
        "six-hops-Connections.csv",
        "network-jobs-Connections.csv",
    ],
)
def test_the_report_counts_add_up_and_agree_with_status(make_vault, run, name):
    import re

    root = make_vault({})
    r = run(root, "import", "linkedin", str(real(name)))
    assert r.exit_code == 0, r.stderr
    counts = {
        what: int(n.replace(",", ""))
        for n, what in re.findall(
            r"^ +([\d,]+) (created|already there|changed|skipped)", r.stderr, re.M
        )
    }
    rows, people = re.search(r"= ([\d,]+) rows, naming ([\d,]+) different", r.stderr).groups()
    assert sum(counts.values()) == int(rows.replace(",", ""))
    status = json.loads(run(root, "status", "--json").stdout)
    assert status["contacts"] == int(people.replace(",", "")) == counts["created"]
    again = report(run(root, "import", "linkedin", str(real(name)), "--json"))
    assert again["counts"]["people"] == status["contacts"]
    text = run(root, "status").stdout
    assert f"{status['contacts']:,} contact" in text  # the same digit grouping as the report


def test_the_url_conflict_report_names_both_people_and_the_url(make_vault, run, tmp_path):
    csv = tmp_path / "Connections.csv"
    csv.write_text(
        f"{HEADER}\n"
        "Priya,Sharma,https://www.linkedin.com/in/priya-1,,Acme,CTO,01 Jan 2024\n"
        "Lily,Robinson,https://www.linkedin.com/in/priya-1,,Acme,CEO,01 Jan 2024\n",
        encoding="utf-8",
    )
    root = make_vault()
    r = run(root, "import", "linkedin", str(csv))
    assert r.exit_code == 0, r.stderr
    (line,) = [x for x in r.stderr.splitlines() if "Lily Robinson" in x]
    assert "Priya Sharma" in line and "https://www.linkedin.com/in/priya-1" in line
    # a known contact found by URL under another name: that URL is named too
    again = tmp_path / "again.csv"
    again.write_text(f"{HEADER}\nPriya,Kapoor,https://linkedin.com/in/priya-1/,,Acme,CTO,\n")
    r = run(root, "import", "linkedin", str(again))
    (line,) = [x for x in r.stderr.splitlines() if "Priya Kapoor" in x]
    assert "priya-sharma.md (Priya Sharma)" in line and "https://linkedin.com/in/priya-1/" in line


def test_the_dry_run_text_report_includes_the_paths(make_vault, run, tmp_path):
    csv = tmp_path / "Connections.csv"
    csv.write_text(f"{HEADER}\nGrace,Hopper,,,Navy,,\nAda,Lovelace,,,,,\n", encoding="utf-8")
    root = make_vault()
    r = run(root, "import", "linkedin", str(csv), "--dry-run")
    assert r.exit_code == 0, r.stderr
    assert "Grace Hopper → people/grace-hopper.md" in r.stderr
    assert "Ada Lovelace → people/ada-lovelace.md" in r.stderr
    assert not (root / "people").exists()
    done = run(root, "import", "linkedin", str(csv))
    assert "→ people/" not in done.stderr  # written: the count says it, no list of what was
