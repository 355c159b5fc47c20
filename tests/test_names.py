"""names.resolve: NAME -> one contact (contract section 5)."""

from __future__ import annotations

import unicodedata

import pytest

from network_md import model
from network_md.errors import UsageError
from network_md.model import Contact
from network_md.names import fold, resolve


def _no_entries():
    return model.Entries.of([]) if hasattr(model, "Entries") else ()


def person(name, path, aliases=()):
    return Contact(
        path=path,
        name=name,
        aliases=tuple(aliases),
        tags=(),
        circle=None,
        cadence=None,
        snooze_until=None,
        snooze_why=None,
        fields={},
        entries=_no_entries(),
        log=None,
    )


ADA = person("Ada Lovelace", "people/ada-lovelace.md", ["Countess of Lovelace"])
ADAM = person("Adam Smith", "people/adam.md")
ZOE = person("Zoë Quinn", "people/zq.md")
GRACE = person("Grace Hopper", "people/team/amazing-grace.md", ["Grandma COBOL"])
JOSE = person("José Núñez", "people/jose.md")
PEOPLE = [ADA, ADAM, ZOE, GRACE, JOSE]


def usage_error(query, contacts=PEOPLE) -> str:
    with pytest.raises(UsageError) as info:
        resolve(contacts, query)
    assert info.value.exit_code == 2
    return info.value.message


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Ada Lovelace", ADA),  # name
        ("Countess of Lovelace", ADA),  # alias
        ("ada-lovelace", ADA),  # file stem
        ("amazing-grace", GRACE),
        ("Grandma COBOL", GRACE),
        ("adam", ADAM),  # the stem, exactly: no ambiguity with the prefix tier
    ],
)
def test_exact_name_alias_or_stem(query, expected):
    assert resolve(PEOPLE, query) is expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ADA LOVELACE", ADA),
        ("  ada lovelace  ", ADA),
        ("zoe quinn", ZOE),
        ("ZOË QUINN", ZOE),
        ("zoe", ZOE),
        ("jose nunez", JOSE),
        ("JOSE", JOSE),
    ],
)
def test_case_and_accents_ignored(query, expected):
    assert resolve(PEOPLE, query) is expected


def test_decomposed_accents_in_the_file_match_composed_queries():
    nfd = person(unicodedata.normalize("NFD", "Zoë Ångström"), "people/z.md")
    assert resolve([nfd, ADA], "zoë ångström") is nfd
    assert resolve([nfd, ADA], "Zoe Angstrom") is nfd
    assert fold("Zoë") == fold(unicodedata.normalize("NFD", "Zoë")) == "zoe"


def test_unique_prefix():
    assert resolve(PEOPLE, "Gra") is GRACE
    assert resolve(PEOPLE, "ada l") is ADA
    assert resolve(PEOPLE, "Countess") is ADA


def test_word_prefix():
    assert resolve(PEOPLE, "Hopper") is GRACE
    assert resolve(PEOPLE, "lovel") is ADA
    assert resolve(PEOPLE, "smi") is ADAM
    assert resolve(PEOPLE, "cobol") is GRACE  # a word of an alias
    assert resolve(PEOPLE, "quinn") is ZOE


def test_word_prefix_in_a_hyphenated_stem():
    kim = person("Kim", "people/kim-from-berlin.md")
    assert resolve([*PEOPLE, kim], "berl") is kim


def test_ambiguous_prefix_lists_the_candidates():
    message = usage_error("ad")
    assert "Ada Lovelace (people/ada-lovelace.md)" in message
    assert "Adam Smith (people/adam.md)" in message
    assert "2" in message
    assert "Grace" not in message


def test_two_contacts_with_the_same_name_are_ambiguous():
    twin = person("Ada Lovelace", "people/other/ada.md")
    message = usage_error("ada lovelace", [ADA, twin, ADAM])
    assert "people/ada-lovelace.md" in message and "people/other/ada.md" in message
    # the file stem still tells them apart
    assert resolve([ADA, twin, ADAM], "ada-lovelace") is ADA


def test_ambiguous_word_prefix():
    a = person("Mary Jones", "people/mary.md")
    b = person("Tom Jones", "people/tom.md")
    message = usage_error("jones", [a, b])
    assert "Mary Jones" in message and "Tom Jones" in message


def test_unknown_name_raises_and_suggests_near_names():
    message = usage_error("Lovelase")
    assert "Lovelase" in message
    assert "Ada Lovelace" in message


def test_unknown_name_without_near_names():
    message = usage_error("Xavier")
    assert "Xavier" in message
    assert "no contact" in message.lower()


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_query_is_a_usage_error(query):
    usage_error(query)


def test_no_contacts_at_all():
    usage_error("ada", [])


def test_many_candidates_are_capped():
    many = [person(f"Sam {i:02d}", f"people/sam-{i:02d}.md") for i in range(15)]
    message = usage_error("sam", many)
    assert "15" in message
    assert "Sam 00" in message and "Sam 09" in message
    assert "Sam 14" not in message
    assert "5 more" in message
