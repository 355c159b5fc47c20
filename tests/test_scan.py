"""The search cache (`.network-md/search`, store/scan.py) keeps each file's facts beside its
folded text: what `key:value` terms ask, read from the front matter as YAML reads it, so that
those terms need no contact parsed; and it follows every change to the files."""

from __future__ import annotations

import json
import os

from helpers import run_script


def found(root, *terms) -> list[str]:
    """The paths of the results, best first, from the installed script (the cache on disk)."""
    r = run_script(root, "search", *terms, "--json")
    assert r.returncode == 0, r.stderr
    return [res["contact"]["path"] for res in json.loads(r.stdout)["results"]]


def test_fact_terms_read_the_front_matter_as_yaml_does_and_follow_a_renamed_tag(make_vault):
    root = make_vault(
        {
            "people/ana.md": "---\nname: Ana\nlang: &l python\ntags: [*l, remote]\n---\n",
            "people/bo.md": "---\nname: Bo\ntags: [pythonic]\ncompany: Pythonistas\n---\n",
            "people/cy.md": "---\nname: Cy\nTitle: '[[Python Lead]]'\n---\npython\n",
        }
    )
    assert found(root, "tag:python") == ["people/ana.md"]  # through the anchor; a whole tag
    assert found(root, "company:python") == ["people/bo.md"]  # a part of the company
    assert found(root, "role:python lead") == ["people/cy.md"]  # a link's text
    assert sorted(found(root, "python", "name:a")) == ["people/ana.md"]
    ana = root / "people/ana.md"
    before = ana.stat()
    ana.write_text(ana.read_text().replace("&l python", "&l haskel"))  # the same size
    os.utime(ana, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert found(root, "tag:python") == [] and found(root, "tag:haskel") == ["people/ana.md"]


def test_fact_terms_from_a_kept_cache_parse_only_the_contacts_shown(make_vault, run, monkeypatch):
    from network_md.format import parse

    files = {
        f"people/p{i:02d}.md": f"---\nname: Pat {i:02d}\ntags: [yak]\ncompany: Acme\n---\nwool\n"
        for i in range(30)
    }
    root = make_vault(files)
    assert run(root, "search", "tag:yak").exit_code == 0  # the cache is written
    contacts = []
    real = parse.parse_contact

    def counting(path, data, config, with_log=True, with_entries=True):
        if with_entries:  # a contact, not the facts of a file read again
            contacts.append(path)
        return real(path, data, config, with_log, with_entries)

    monkeypatch.setattr(parse, "parse_contact", counting)
    for terms in (("tag:yak",), ("wool", "company:acme", "name:pat")):
        contacts.clear()
        assert run(root, "search", *terms).exit_code == 0
        assert len(contacts) == 20  # the 20 shown, not the 30 that match
    assert not (root / ".network-md" / "index").exists()  # nor any from the index
