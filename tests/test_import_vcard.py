"""`import vcard`: real 2.1/3.0/4.0 files, malformed cards, names, byte-stable re-runs, exits."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from helpers import REAL_WORLD, script_path, vault_bytes

from network_md.exchange import vcard
from network_md.format.config import DEFAULT
from network_md.format.parse import parse_contact

VCARDS = REAL_WORLD / "vcards"
MALFORMED = {"android-v21_invalid_comment_line.vcf", "khard-unparsable.vcf"}

# file -> (cards, names of the contacts made from it, in card order). Read from the files:
# nest holds two cards nested in a third (2.1 allows it: three contacts); the two malformed
# files each hold one card that is skipped.
REAL = {
    "android-v21_backslash.vcf": (1, ["A;B\\C;D:E\\"]),
    "android-v21_invalid_comment_line.vcf": (1, []),
    "android-v21_japanese_2.vcf": (1, ["安藤 ロイド 1"]),
    "android-v21_nest.vcf": (3, ["parent", "nest1", "nest2"]),
    "android-v30_ios_613_multiline.vcf": (1, ["Bob Smith"]),
    "android-v40_sort_as.vcf": (1, ["安藤 ロイド"]),
    "ezvcard-John_Doe_ANDROID.vcf": (6, [
        "john.doe@company.com", "jane.doe@company.com", "Ñ Ñ Ñ Ñ Ñ", "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ", "Ñ Ñ Ñ Ñ", "ÑÑÑÑ",
    ]),
    "ezvcard-John_Doe_EVOLUTION.vcf": (1, ["Mr. John Richter, James Doe Sr."]),
    "ezvcard-John_Doe_GMAIL.vcf": (1, ["Mr. John Richter, James Doe Sr."]),
    "ezvcard-John_Doe_IPHONE.vcf": (1, ["Mr. John Richter James Doe Sr."]),
    "ezvcard-John_Doe_MS_OUTLOOK.vcf": (1, ["Mr. John Richter James Doe Sr."]),
    "ezvcard-fullcontact.vcf": (1, ["Prefix FirstName MiddleName LastName Suffix"]),
    "ezvcard-gmail-list.vcf": (3, ["Arnold Smith", "Chris Beatle", "Doug White"]),
    "ezvcard-outlook-2003.vcf": (1, ["John Doe III"]),
    "ezvcard-rfc6350-example.vcf": (1, ["Simon Perreault"]),
    "ezvcard-thunderbird-MoreFunctionsForAddressBook-extension.vcf": (1, ["John Doe"]),
    "khard-altid.vcf": (1, ["altid"]),
    "khard-contact_with_multiple_values.vcf": (1, ["Dr. Mark Schröder II"]),
    "khard-korean-c.vcf": (1, ["최유림"]),
    "khard-nickname.vcf": (1, ["Michael Smith"]),
    "khard-photov3.vcf": (1, ["with photo v3"]),
    "khard-photov4.vcf": (1, ["with photo v4"]),
    "khard-text-bday.vcf": (1, ["text birthday"]),
    "khard-unparsable.vcf": (1, []),
    "vcfcontacts-encoding-win1251.vcf": (1, ["Иванов Иван Иванович"]),
    "vcfcontacts-hasDifferentDates.vcf": (1, ["Huntelaar Jan"]),
    "vcfcontacts-organizationNoFN.vcf": (1, ["Tech Solutions Inc"]),
    "vobject-quoted-printable.vcf": (1, ["黄世勇"]),
    "vobject-simple_3_0_test.vcf": (1, ["Daffy Duck Knudson (with Bugs Bunny and Mr. Pluto)"]),
    "vobject-vcard_with_groups.vcf": (1, ["Meister Berger"]),
}  # fmt: skip


def real(name: str) -> Path:
    path = VCARDS / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return path


def records(name: str):
    return vcard.read(real(name).read_bytes(), name).records


def one(name: str):
    (record,) = records(name)
    return record


def fields(path: Path) -> dict:
    contact, problems = parse_contact(path.name, path.read_bytes(), DEFAULT)
    assert not [p for p in problems if p.severity == "error"], problems
    return {
        "name": contact.name,
        "aliases": list(contact.aliases),
        "tags": list(contact.tags),
        **contact.fields,
    }


# --- every real file -------------------------------------------------------------------------


def test_the_table_covers_every_real_file():
    if not VCARDS.exists():
        pytest.skip("no real-world vCards here")
    assert sorted(p.name for p in VCARDS.glob("*.vcf")) == sorted(REAL)


@pytest.mark.parametrize("name", sorted(REAL))
def test_each_real_file_imports_with_the_right_counts(make_vault, run, name):
    path = real(name)
    cards, names = REAL[name]
    root = make_vault()
    r = run(root, "import", "vcard", str(path), "--json")
    assert r.exit_code == (1 if name in MALFORMED else 0), r.stderr
    data = json.loads(r.stdout)
    assert data["counts"]["read"] == cards
    assert [c["name"] for c in data["created"]] == names
    assert data["malformed"] == (1 if name in MALFORMED else 0)
    made = sorted((root / "people").glob("*.md")) if names else []
    assert sorted(fields(p)["name"] for p in made) == sorted(names)
    before = vault_bytes(root)
    again = run(root, "import", "vcard", str(path), "--json")
    assert json.loads(again.stdout)["counts"]["existing"] == len(names)
    assert vault_bytes(root) == before


def test_a_folder_of_all_of_them(make_vault, run):
    if not VCARDS.exists():
        pytest.skip("no real-world vCards here")
    root = make_vault()
    r = run(root, "import", "vcard", str(VCARDS))
    assert r.exit_code == 1
    assert "39 cards from 30 files" in r.stderr
    # GMAIL and IPHONE share EVOLUTION's e-mail, MS_OUTLOOK its alias (Johny) and company (IBM)
    assert "34 created" in r.stderr and "3 already there" in r.stderr and "2 skipped" in r.stderr
    assert (
        "android-v21_invalid_comment_line.vcf: card 1 (line 1): error: malformed: line 6 is not a property"
        in r.stderr
    )
    assert "khard-unparsable.vcf: card 1 (line 1): error: malformed: no END:VCARD" in r.stderr
    before = vault_bytes(root)
    assert len(before) == 34 + 1
    again = run(root, "import", "vcard", str(VCARDS), "--json")
    assert again.exit_code == 1 and json.loads(again.stdout)["counts"]["existing"] == 37
    assert vault_bytes(root) == before
    text = b"".join(before.values())
    assert b"/9j/4AAQSkZJRg" not in text and b"iVBORw0KGgo" not in text  # photos are skipped


# --- what is read from them ------------------------------------------------------------------


def test_no_fn_named_from_n_with_nickname_as_alias():
    r = one("khard-nickname.vcf")
    assert r.keys == {
        "name": "Michael Smith",
        "aliases": ["Mike"],
        "email": "ms@example.org",
        "n": "Smith;Michael;;;",
        "circle": "contact",
    }


def test_no_fn_or_n_named_from_org_else_email():
    assert one("vcfcontacts-organizationNoFN.vcf").keys["name"] == "Tech Solutions Inc"
    first = records("ezvcard-John_Doe_ANDROID.vcf")[0]
    assert first.keys == {
        "name": "john.doe@company.com",
        "email": "john.doe@company.com",
        "circle": "contact",
        "tags": ["My-Contacts"],
    }


def test_charsets_and_quoted_printable():
    assert one("vcfcontacts-encoding-win1251.vcf").keys["role"] == "Работник"  # windows-1251 bytes
    japanese = one("android-v21_japanese_2.vcf")  # Shift_JIS bytes, and Shift_JIS in QP
    assert japanese.name == "安藤 ロイド 1" and japanese.body == "メモ"
    chinese = one("vobject-quoted-printable.vcf")  # UTF-8 in QP, a soft line break in the URL
    assert (
        chinese.name == "黄世勇" and chinese.keys["url"] == "http://weibo.com/3094900433?闪闪H红星"
    )
    assert (
        one("ezvcard-outlook-2003.vcf").body
        == "This is the note field!!\nSecond line\n\nThird line is empty"
    )


def test_cr_cr_lf_folded_lines_and_groups():
    ios = one("android-v30_ios_613_multiline.vcf")
    assert ios.keys == {
        "name": "Bob Smith", "company": "Smith Auto Repair", "email": "bob@smithauto.com",
        "phone": "(650) 555-1212", "url": "www.smithauto.com", "n": "Smith;Bob;;;",
        "circle": "contact",
    }  # fmt: skip
    evolution = one("ezvcard-John_Doe_EVOLUTION.vcf")  # folds inside e-mails and phone numbers
    assert evolution.keys["email"] == "john.doe@ibm.com" and evolution.keys["phone"] == [
        "905-666-1234",
        "905-555-1234",
    ]
    assert one("ezvcard-John_Doe_IPHONE.vcf").keys["url"] == "http://www.ibm.com"  # `http\://`
    groups = one("vobject-vcard_with_groups.vcf")
    assert (
        groups.body
        == "The Mayor of the great city of Goerlitz in the great country of Germany.\nNext line."
    )


def test_the_mapped_properties():
    k = one("khard-contact_with_multiple_values.vcf").keys
    assert k["aliases"] == ["nicknames", "several"]
    assert (k["company"], k["role"], k["birthday"]) == ("Company1", "Manager", date(1992, 12, 21))
    assert k["email"] == ["mark@example.com", "mark@example.org"]
    assert k["tags"] == ["cat1", "cat2", "cät3", "one-more"]
    assert k["url"] == ["http://example.com", "https://example.org"]
    assert one("khard-text-bday.vcf").keys["birthday_text"] == "circa 1800"
    assert one("ezvcard-rfc6350-example.vcf").keys["birthday"] == "--02-03"
    assert one("ezvcard-thunderbird-MoreFunctionsForAddressBook-extension.vcf").keys["tags"] == [
        "category1", "category2", "category3",
    ]  # fmt: skip


def test_a_written_file(make_vault, run):
    root = make_vault()
    assert run(root, "import", "vcard", str(real("khard-photov3.vcf"))).exit_code == 0
    assert (root / "people/with-photo-v3.md").read_text("utf-8") == (
        "---\nname: with photo v3\ncircle: contact\n---\n\n"
        'From the RFC: ENCODING must be "b" (which enforces base64 encodeddata), TYPE may be '
        "present, but if it is present it must be a validIANA image type. The value can be the "
        "image data or an uri.\n\n## Log\n"
    )


# --- the reader on its own -------------------------------------------------------------------


def test_line_structure():
    data = (
        b"BEGIN:VCARD\r\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91a;B=\r\n"
        b"=C3=B6b\nNOTE:one\r\n  two\rPHOTO;ENCODING=BASE64;JPEG:AAAA\r\nBBBB\r\nCCCC\r\n\r\n"
        b"NOTE;CHARSET=windows-1251;:\xc8\r\nEND:VCARD"
    )
    (card,), stray = vcard.split_cards(data)
    assert stray == [] and card.error is None
    assert [(n, v) for n, _, v in card.props] == [
        ("VERSION", "2.1"),
        ("N", "Ña;Böb"),
        ("NOTE", "one two"),
        ("NOTE", "И"),
    ]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_marks_and_utf16(encoding):
    data = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë\r\nEND:VCARD\r\n".encode(encoding)
    found = vcard.read(data, "x.vcf")
    assert [r.name for r in found.records] == ["Zoë"] and not found.malformed


def test_malformed_cards_are_reported_and_the_rest_read():
    data = b"BEGIN:VCARD\nFN:Ada\nEND:VCARD\nBEGIN:VCARD\nFN:Bad\nnot a property\nEND:VCARD\nBEGIN:VCARD\nFN:Cut"
    found = vcard.read(data, "x.vcf")
    assert [r.name for r in found.records] == ["Ada"]
    assert found.malformed == [
        (
            "x.vcf: card 2 (line 4)",
            "malformed: line 6 is not a property: 'not a property'; skipped",
        ),
        ("x.vcf: card 3 (line 8)", "malformed: no END:VCARD before the end of the file; skipped"),
    ]


def test_a_card_with_no_name_at_all_is_skipped_not_malformed(make_vault, run, tmp_path):
    path = tmp_path / "tel.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nTEL:123\r\nEND:VCARD\r\n")
    root = make_vault()
    r = run(root, "import", "vcard", str(path), "--json")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["skipped"] == [
        {"name": "", "from": f"{path}: card 1", "reason": "no name"}
    ]


# --- exit codes and options ------------------------------------------------------------------


def test_an_unreadable_file_exits_2_before_anything_is_written(make_vault, run, tmp_path):
    root = make_vault()
    r = run(root, "import", "vcard", str(real("khard-nickname.vcf")), str(tmp_path / "missing.vcf"))
    assert r.exit_code == 2 and "missing.vcf: no such file" in r.stderr
    assert not (root / "people").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(root, "import", "vcard", str(empty)).exit_code == 2


def test_a_file_that_is_no_vcard_exits_1(make_vault, run, tmp_path):
    path = tmp_path / "notes.vcf"
    path.write_text("just some notes\n")
    r = run(make_vault(), "import", "vcard", str(path))
    assert r.exit_code == 1 and "holds no vCard" in r.stderr


def test_dry_run_writes_nothing(make_vault, run):
    root = make_vault()
    r = run(root, "import", "vcard", str(real("ezvcard-gmail-list.vcf")), "--dry-run", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["counts"]["created"] == 3
    assert vault_bytes(root) == {".network-md.yaml": b"contacts: [people]\n"}


def test_known_people_are_matched_by_email(make_vault, run):
    root = make_vault({"people/arnie.md": "---\nname: Arnie\nemail: ASmithK@gmail.com\n---\n"})
    data = json.loads(
        run(root, "import", "vcard", str(real("ezvcard-gmail-list.vcf")), "--json").stdout
    )
    assert data["existing"][0]["path"] == "people/arnie.md" and data["counts"]["created"] == 2


def test_the_installed_script_exits_1_for_a_malformed_card(make_vault):
    root = make_vault()
    done = subprocess.run(
        [script_path(), "--vault", str(root), "import", "vcard", str(real("khard-unparsable.vcf"))],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "khard-unparsable.vcf: card 1 (line 1): error: malformed" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_job_change_from_a_vcard_is_written_only_with_update(make_vault, run, tmp_path):
    text = "---\nname: Arnold Smith\nemail: asmithk@gmail.com\ncompany: Old Co\n---\n\n## Log\n"
    root = make_vault({"people/arnold.md": text})
    path = tmp_path / "arnold.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\nVERSION:3.0\nFN:Arnold Smith\nEMAIL:asmithk@gmail.com\nORG:New Co;R&D\nTITLE:CTO\nEND:VCARD\n"
    )
    plain = json.loads(run(root, "import", "vcard", str(path), "--json").stdout)
    assert plain["changed"][0]["change"] == "Arnold Smith: Old Co → New Co, CTO"
    assert (root / "people/arnold.md").read_text() == text
    assert run(root, "import", "vcard", str(path), "--update").exit_code == 0
    assert (root / "people/arnold.md").read_text() == text.replace(
        "company: Old Co\n", "company: New Co\nrole: CTO\npreviously: [Old Co (until 2026-11-27)]\n"
    )


def test_update_changes_keys_as_the_file_spells_them_and_refuses_duplicates(
    make_vault, run, tmp_path
):
    text = "---\nName: Arnold Smith\nEmail: asmithk@gmail.com\nCompany: Old Co\n---\n\n## Log\n"
    root = make_vault({"people/arnold.md": text})
    path = tmp_path / "arnold.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\nVERSION:3.0\nFN:Arnold Smith\nEMAIL:asmithk@gmail.com\nORG:New Co\nEND:VCARD\n"
    )
    assert run(root, "import", "vcard", str(path), "--update").exit_code == 0
    assert (root / "people/arnold.md").read_text() == text.replace(
        "Company: Old Co\n", "Company: New Co\npreviously: [Old Co (until 2026-11-27)]\n"
    )
    twice = text.replace("Company: Old Co\n", "Company: Old Co\ncompany: Old Co\n")
    (root / "people/arnold.md").write_text(twice)
    r = run(root, "import", "vcard", str(path), "--update")
    assert r.exit_code == 1 and "people/arnold.md" in r.stderr and "'Company'" in r.stderr
    assert "Traceback" not in r.stderr
    assert (root / "people/arnold.md").read_text() == twice


def _card(*lines: str) -> bytes:
    return (
        "BEGIN:VCARD\r\nVERSION:4.0\r\n" + "".join(f"{x}\r\n" for x in lines) + "END:VCARD\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("bday", "kept"),
    [
        ("BDAY:19800322", date(1980, 3, 22)),
        ("BDAY:1980-03-22T10:00:00Z", date(1980, 3, 22)),
        ("BDAY:--0322", "--03-22"),
        ("BDAY:--03-22", "--03-22"),
        ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-22", "--03-22"),
        ("BDAY:--0229", "--02-29"),  # no year: 29 February is real
        ("BDAY:19920229", date(1992, 2, 29)),
    ],
)
def test_bday_becomes_birthday_with_or_without_a_year(bday, kept):
    (r,) = vcard.read(_card("FN:Ada", bday), "x.vcf").records
    assert r.keys["birthday"] == kept and "birthday_text" not in r.keys


@pytest.mark.parametrize(
    ("bday", "text"),
    [
        ("BDAY:--0230", "--0230"),  # no such day
        ("BDAY:19900229", "19900229"),  # 1990 is not a leap year
        ("BDAY:1990-13-01", "1990-13-01"),
        ("BDAY:00000101", "00000101"),
        ("BDAY;VALUE=text:circa 1800", "circa 1800"),
    ],
)
def test_a_bday_that_is_not_a_real_date_is_kept_as_text_never_as_birthday(bday, text):
    (r,) = vcard.read(_card("FN:Ada", bday), "x.vcf").records
    assert "birthday" not in r.keys and r.keys["birthday_text"] == text


def test_an_impossible_bday_imports_as_text_and_exports_no_bday(make_vault, run, tmp_path):
    root = make_vault({})
    card = tmp_path / "c.vcf"
    card.write_bytes(_card("FN:Pat Doe", "BDAY:--0230") + _card("FN:Kim Roe", "BDAY:--0229"))
    assert run(root, "import", "vcard", str(card)).exit_code == 0
    assert "birthday_text: --0230" in (root / "people/pat-doe.md").read_text()
    assert "warning" not in run(root, "check").stdout  # kept as text: nothing to warn about
    exported = run(root, "export", "--format", "vcard").stdout
    assert "0230" not in exported and "BDAY:--0229" in exported


@pytest.mark.parametrize(
    ("n", "kept"),
    [
        ("N:O'Brien;Siobhán;;;", "O'Brien;Siobhán;;;"),
        ("N:Schröder;Mark;;Dr.;II", "Schröder;Mark;;Dr.;II"),
        ("N:Nguyễn;Khai;Thị Minh;;", "Nguyễn;Khai;Thị Minh;;"),
        ("N:Doe\\;Smith;Jo;;;", "Doe\\;Smith;Jo;;;"),
    ],
)
def test_the_structured_name_is_kept_as_the_card_writes_it(n, kept):
    (r,) = vcard.read(_card("FN:Someone", n), "x.vcf").records
    assert r.keys["n"] == kept


def test_an_empty_structured_name_is_not_kept():
    (r,) = vcard.read(_card("FN:Someone", "N:;;;;"), "x.vcf").records
    assert "n" not in r.keys


def test_a_written_n_and_birthday_read_back_as_written(make_vault, run, tmp_path):
    card = tmp_path / "c.vcf"
    card.write_bytes(_card("FN:Siobhán O'Brien", "N:O'Brien;Siobhán;;;", "BDAY:--0322"))
    root = make_vault({})
    assert run(root, "import", "vcard", str(card)).exit_code == 0
    (written,) = (root / "people").glob("*.md")
    assert fields(written)["n"] == "O'Brien;Siobhán;;;"
    (c,) = json.loads(run(root, "list", "--json").stdout)["contacts"]
    assert c["birthday"] == "--03-22"
