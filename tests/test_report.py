"""`network-md report`: one self-contained, escaped, accessible HTML page with the numbers the
other commands show. Read back with the standard library's HTML parser."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import PLANNED, PLANNED_AGENDA, REPO, TODAY, ago, contact, script_path

from network_md.analysis.stats import analyse
from network_md.core.names import fold
from network_md.format.config import DEFAULT, parse_config
from network_md.render.report import MAP_LIMIT, render_report

EXAMPLE = REPO / "example-vault"
VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr", "area", "base", "col"}
# Attributes that make a browser fetch something, or follow a link.
FETCHING = {
    "src",
    "href",
    "xlink:href",
    "action",
    "formaction",
    "data",
    "poster",
    "srcset",
    "background",
    "manifest",
    "ping",
    "cite",
}


class Element:
    def __init__(self, tag: str, attrs: dict, parent: Element | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element] = []
        self.parts: list[str | Element] = []  # text and children, in document order

    def all_text(self) -> str:
        return "".join(p if isinstance(p, str) else p.all_text() for p in self.parts)

    def iter(self):
        yield self
        for c in self.children:
            yield from c.iter()

    def find(self, tag: str | None = None, **attrs) -> list[Element]:
        """Descendants with this tag and attributes (`cls` matches one word of class)."""
        want_class = attrs.pop("cls", None)
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag)
            and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
            and (want_class is None or want_class in e.attrs.get("class", "").split())
        ]

    def by_id(self, id_: str) -> Element:
        (found,) = [e for e in self.iter() if e.attrs.get("id") == id_]
        return found


class Page(HTMLParser):
    """The page as a tree; fails on a closing tag that closes nothing open."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root
        self.styles: list[str] = []
        self.feed(html)
        self.close()
        assert self.current is self.root, f"<{self.current.tag}> is never closed"

    def handle_starttag(self, tag, attrs):
        e = self._add(tag, attrs)
        if tag not in VOID:
            self.current = e

    def handle_startendtag(self, tag, attrs):
        self._add(tag, attrs)

    def _add(self, tag, attrs) -> Element:
        e = Element(tag, {k: (v or "") for k, v in attrs}, self.current)
        self.current.children.append(e)
        self.current.parts.append(e)
        return e

    def handle_endtag(self, tag):
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.parts.append(data)
        if self.current.tag == "style":
            self.styles.append(data)


def page_of(html: str) -> Element:
    return Page(html).root


def report_html(vault: Path, *args: str) -> str:
    result = subprocess.run(
        [script_path(), "--vault", str(vault), "--today", TODAY.isoformat(), "report", *args],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def example_html() -> str:
    return report_html(EXAMPLE)


def cli_json(run, vault, *args):
    return json.loads(run(vault, *args, "--json").stdout)


def assert_self_contained(html: str | Page) -> None:
    """Nothing on the page makes the browser fetch anything, or leave the page."""
    page = html if isinstance(html, Page) else Page(html)
    for e in page.root.iter():
        assert e.tag not in {
            "link",
            "img",
            "iframe",
            "object",
            "embed",
            "base",
            "audio",
            "video",
            "source",
            "image",
            "use",
            "frame",
            "form",
        }, e.tag
        for key, value in e.attrs.items():
            if key in FETCHING:
                assert value.startswith("#"), (e.tag, key, value)
            if key == "style" or key.startswith("on"):
                assert "url(" not in value and "@import" not in value, (e.tag, key, value)
        if e.tag == "meta":
            assert e.attrs.get("http-equiv") is None
    for css in page.styles:
        assert "@import" not in css and "url(" not in css


# --- self-contained -----------------------------------------------------------------------------


def test_example_vault_page_is_self_contained_with_no_address_at_all(example_html):
    assert example_html.startswith("<!DOCTYPE html>")
    assert_self_contained(example_html)
    assert "http" not in example_html and "//" not in example_html
    page = page_of(example_html)
    (script,) = page.find("script")
    assert "src" not in script.attrs and len(script.all_text()) < 2000


def test_the_page_is_the_same_from_one_run_to_the_next(example_html):
    assert report_html(EXAMPLE) == example_html


# --- the same numbers as the other commands ----------------------------------------------------


def test_summary_tiles_say_what_status_says(example_html, run):
    status = cli_json(run, EXAMPLE, "status")
    tiles = [" ".join(t.all_text().split()) for t in page_of(example_html).find("p", cls="tile")]
    p = status["practice"]
    assert tiles == [
        f"{status['contacts']} contacts",
        f"{status['flags']['red']} red flags",
        f"{status['flags']['nudge']} nudges",
        f"{p['streak_days']} days in a row",
        f"{p['minutes_today']} of {p['goal_minutes']} minutes today",
    ]
    rels = " ".join(page_of(example_html).find("ul", cls="rels")[0].all_text().split())
    for rel, n in status["relationships"].items():
        assert (f"{n} {rel}" in rels) == (n > 0)
    top = page_of(example_html).find("ul", cls="flag-list")[0].find("li")
    assert [li.find("strong")[0].all_text() for li in top] == [f["contact"] for f in status["top"]]


def test_agenda_is_the_days_agenda(example_html, run):
    items = cli_json(run, EXAMPLE, "today")["items"]
    shown = page_of(example_html).by_id("agenda").find("li")
    assert len(shown) == len(items) == 5
    for li, item in zip(shown, items):
        assert item["contact"] in li.all_text() and item["reason"] in li.all_text()


@pytest.mark.parametrize(("items", "more"), [(5, 0), (2, 2)])
def test_the_agenda_lists_every_due_plan_and_the_flag_action_and_how_many_more(
    make_vault, run, items, more
):
    root = make_vault(PLANNED, config=f"daily: {{items: {items}}}\n")
    today = cli_json(run, root, "today")
    section = page_of(report_html(root)).by_id("agenda")
    shown = section.find("li")
    assert all(want in li.all_text() for want, li in zip(PLANNED_AGENDA, shown))
    assert len(shown) == len(today["items"]) == min(items, 4) and today["more"] == more
    for li, item in zip(shown, today["items"]):
        assert item["contact"] in li.all_text() and item["reason"] in li.all_text()
    assert (f"{more} more" in section.all_text()) == bool(more)


def test_every_flag_is_listed_under_its_rule_with_the_advice(example_html, run):
    flags = cli_json(run, EXAMPLE, "flags")["flags"]
    section = page_of(example_html).by_id("flags")
    rows = [
        tuple(c.all_text() for c in tr.children)
        for tr in section.find("tr")
        if tr.children[0].attrs.get("scope") == "row"
    ]
    assert sorted(rows) == sorted((f["contact"], f["since"], f["message"]) for f in flags)
    for f in flags:
        group = section.by_id(f"rule-{f['rule']}").parent
        assert f["advice"] in group.all_text() and f["contact"] in group.all_text()
    red_first = [g.attrs["class"].split()[1] for g in section.find("article")]
    assert red_first == sorted(red_first, key=lambda s: s != "red")


def test_table_view_has_every_contact_with_the_numbers_of_list(example_html, run):
    contacts = cli_json(run, EXAMPLE, "list")["contacts"]
    table = page_of(example_html).by_id("everyone").find("tbody")[0]
    rows = [[c.all_text() for c in tr.children] for tr in table.find("tr")]
    expected = sorted(contacts, key=lambda c: (fold(c["name"]), c["path"]))
    assert len(rows) == len(expected) == 28
    for row, c in zip(rows, expected):
        assert row[0] == c["name"] and row[1].startswith(c["relationship"])
        assert [row[3], row[4], row[8], row[9]] == [
            str(c["given"]),
            str(c["received"]),
            str(c["familiarity"]),
            str(c["trust"]),
        ]
        assert row[10] == (c["last_touch"] or "never")
        assert row[11] == ", ".join(c["flags"])


def test_months_table_adds_up_to_the_window(example_html, run):
    contacts = cli_json(run, EXAMPLE, "list")["contacts"]
    table = page_of(example_html).by_id("balance").find("tbody")[0]
    rows = [[c.all_text() for c in tr.children] for tr in table.find("tr")]
    assert [r[0] for r in rows][:1] == ["2025-11"] and rows[-1][0] == "2026-11"
    assert sum(int(r[1]) for r in rows) == sum(c["given"] for c in contacts)
    assert sum(int(r[2]) for r in rows) == sum(c["received"] for c in contacts)


def test_practice_calendar_has_every_day_of_the_window_and_the_streak(example_html, run):
    practice = cli_json(run, EXAMPLE, "status")["practice"]
    cal = page_of(example_html).find("svg", cls="calendar")[0]
    days = cal.find("rect")
    assert len(days) == 365
    titles = [d.find("title")[0].all_text() for d in days]
    assert titles[-1].startswith(f"{TODAY.isoformat()}: {practice['minutes_today']} minutes")
    assert titles[0].startswith("2025-11-28: ")
    assert len(cal.find("rect", cls="streak")) == practice["streak_days"]


# --- the map ----------------------------------------------------------------------------------


def test_map_has_every_contact_focusable_with_its_numbers_and_flags(example_html, run):
    contacts = {c["name"]: c for c in cli_json(run, EXAMPLE, "list")["contacts"]}
    svg = page_of(example_html).by_id("map-svg")
    nodes = svg.find("g", cls="node")
    assert len(nodes) == len(contacts)
    for node in nodes:
        label = node.attrs["aria-label"]
        c = contacts[label.split(":")[0]]
        assert node.attrs["tabindex"] == "0" and node.find("title")[0].all_text() == label
        assert f"familiarity {c['familiarity']}, trust {c['trust']}" in label
        assert all(rule in label for rule in c["flags"])
        rings = node.find("circle", cls="flag-ring")
        assert bool(rings) == bool(c["flags"])
        assert c["relationship"] in node.attrs["class"] or c["relationship"] in label


def test_every_picture_has_a_text_alternative(example_html):
    page = page_of(example_html)
    for svg in page.find("svg"):
        if svg.attrs.get("aria-hidden") == "true":
            continue
        assert svg.attrs.get("role") in {"img", "group"}, svg.attrs
        names = svg.attrs.get("aria-labelledby", "").split()
        assert names or svg.attrs.get("aria-label")
        for id_ in names:
            assert page.by_id(id_).all_text().strip()
    assert len(page.find("table")) >= 3  # per month, per rule, everyone


def test_introductions_are_drawn_between_the_contacts_given():
    people = [
        contact([(ago(3), "gave"), (ago(2), "got"), (ago(1), "thanked")], path=f"people/{n}.md")
        for n in ("ada", "bob", "cy")
    ]
    a = analyse(people, DEFAULT, TODAY)
    edges = [("people/ada.md", "people/bob.md"), ("people/bob.md", "people/cy.md")]
    svg = page_of(render_report(a, DEFAULT, [], edges)).by_id("map-svg")
    lines = svg.find("line", cls="edge")
    assert [ln.find("title")[0].all_text() for ln in lines] == [
        "Ada introduced you to Bob",
        "Bob introduced you to Cy",
    ]
    none = page_of(render_report(a, DEFAULT, [], [])).by_id("map-svg")
    assert not none.find("line", cls="edge")
    lost = page_of(render_report(a, DEFAULT, [], [("people/ada.md", "people/zed.md")]))
    assert not lost.by_id("map-svg").find("line", cls="edge")
    assert "1 introduction between contacts not drawn" in lost.by_id("map").all_text()


def test_the_report_draws_the_vaults_own_introductions(make_vault):
    files = {
        "people/ana.md": "---\nname: Ana & <b>Co</b>\n---\n## Log\n"
        f"- {ago(40)} got: introduced me to [[Ben]]\n- {ago(20)} got: and to [[cy]]\n",
        "people/ben.md": f"---\nname: Ben\n---\n## Log\n- {ago(3)} met: coffee\n",
        "people/cy.md": f'---\nname: \'Cy "C"\'\nintroduced_by: "[[Ben]]"\n---\n## Log\n'
        f"- {ago(2)} met: hello\n",
        "people/dan.md": f"---\nname: Dan\n---\n## Log\n- {ago(2)} gave: a note about [[Ben]]\n",
    }
    page = page_of(report_html(make_vault(files)))
    titles = sorted(
        ln.find("title")[0].all_text() for ln in page.by_id("map-svg").find("line", cls="edge")
    )
    # introduced_by wins for Cy; Dan's `gave` is your introduction, not Dan's; Ana's nudge is there
    assert titles == ["Ana & <b>Co</b> introduced you to Ben", 'Ben introduced you to Cy "C"']
    assert "one introduced you to the other" in page.by_id("map").all_text()
    assert "close-the-loop" in page.by_id("flags").all_text()
    assert not page.find("b")


def test_without_edges_given_the_page_draws_the_analysis_own_introductions():
    # as `watch --report` renders it: from the analysis alone
    ada = contact([(ago(9), "got", None, "met [[Bob]] through her")], path="people/ada.md")
    bob = contact([(ago(3), "met")], path="people/bob.md")
    a = analyse([ada, bob], DEFAULT, TODAY)
    svg = page_of(render_report(a, DEFAULT, [])).by_id("map-svg")
    titles = [ln.find("title")[0].all_text() for ln in svg.find("line", cls="edge")]
    assert titles == ["Ada introduced you to Bob"]
    assert not page_of(render_report(a, DEFAULT, [], [])).by_id("map-svg").find("line", cls="edge")


def test_the_example_vaults_map_draws_its_introduction(example_html):
    lines = page_of(example_html).by_id("map-svg").find("line", cls="edge")
    titles = [ln.find("title")[0].all_text() for ln in lines]
    assert "Aoife Ní Bhriain introduced you to Yasmin Farouk" in titles
    assert "Kwame Mensah introduced you to Nadia Haddad" in titles


# --- user text is text -----------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    'Tom "Tommy" O\'Neil & Sons',
    "</svg></title><b>bold</b>",
    "{{ 7 * 7 }} {% raw %}",
    "https://evil.example/a.png",
    "Zoë 田中 🙂 &amp; gnp.exe",
]
# Shown without their control characters and bidi overrides, as on a terminal.
CONTROLLED = {"Bell\x07 \x1b[31mRed\x1b[0m": "Bell Red", "‮gnp.exe": "gnp.exe"}


def hostile_vault(make_vault, me: str, names=HOSTILE) -> Path:
    files = {}
    for i, name in enumerate(names):
        body = json.dumps(name, ensure_ascii=False)  # a YAML string that holds it exactly
        files[f"people/p{i}.md"] = (
            f"---\nname: {body}\naliases: [{body}]\ntags: [{body}]\n---\n{name}\n\n## Log\n"
            f"- {ago(30)} asked: {name}\n- {ago(2)} got: {name}\n"
        )
    me = json.dumps(me, ensure_ascii=False)
    return make_vault(files, config=f"contacts: [people]\nme: {me}\ndaily: {{items: 10}}\n")


def test_names_and_text_are_escaped_everywhere(make_vault):
    vault = hostile_vault(make_vault, "<i>me</i> & </style>")
    html = report_html(vault)
    assert_self_contained(html)
    page = page_of(html)
    assert len(page.find("script")) == 1 and not page.find("b") and not page.find("i")
    assert [e.tag for e in page.find("svg") if e.parent.tag == "svg"] == []
    assert "<i>me</i> &amp; </style>" not in html
    assert page.find("title")[0].all_text().startswith("<i>me</i> & </style>'s network")
    everyone = [tr.children[0].all_text() for tr in page.by_id("everyone").find("tr")][1:]
    assert sorted(everyone) == sorted(HOSTILE)
    flagged = [tr.children[0].all_text() for tr in page.by_id("flags").find("tr")]
    agenda = page.by_id("agenda").all_text()
    labels = [n.attrs["aria-label"] for n in page.by_id("map-svg").find("g", cls="node")]
    for name in HOSTILE:
        assert name in flagged and name in agenda
        assert any(label.startswith(name + ":") for label in labels)
    assert "49" not in page.by_id("everyone").all_text()  # no template ran on a name


def test_control_characters_and_bidi_overrides_never_reach_the_page(make_vault):
    vault = hostile_vault(make_vault, "Pat\x1b]52;c;eA==\x07 ‮Ex", names=list(CONTROLLED))
    html = report_html(vault)
    assert not any(c in html for c in "\x07\x1b\u202e")
    page = page_of(html)
    assert page.find("title")[0].all_text().startswith("Pat Ex's network")
    everyone = [tr.children[0].all_text() for tr in page.by_id("everyone").find("tr")][1:]
    assert sorted(everyone) == sorted(CONTROLLED.values())
    labels = [n.attrs["aria-label"] for n in page.by_id("map-svg").find("g", cls="node")]
    assert sorted(label.split(":")[0] for label in labels) == sorted(CONTROLLED.values())


def test_a_file_with_broken_front_matter_is_still_on_the_page(make_vault):
    vault = make_vault(
        {
            "people/ada.md": "---\nname: Ada\n---\n## Log\n- 2026-11-20 gave: a book\n",
            "people/bad.md": "---\nname: [Broken\n---\n# Bea\n## Log\n- 2026-11-01 asked: a tip\n",
        }
    )
    result = subprocess.run(
        [script_path(), "--vault", str(vault), "--today", "2026-11-27", "report"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "run `network-md check`" in result.stderr
    page = page_of(result.stdout)
    names = [tr.children[0].all_text() for tr in page.by_id("everyone").find("tr")][1:]
    assert names == ["Ada", "Bea"]
    assert "1 error in the vault's files" in page.by_id("summary").all_text()


def test_an_empty_vault_has_a_page_too(make_vault, run):
    html = run(make_vault(), "report").stdout
    page = page_of(html)
    assert "0 contacts" in page.by_id("summary").all_text()
    assert "No flags raised." in page.by_id("flags").all_text()
    assert not page.by_id("map-svg").find("g", cls="node")


# --- the command ------------------------------------------------------------------------------


def test_output_writes_the_page_atomically_and_says_so(make_vault, tmp_path, example_html):
    out = tmp_path / "network.html"
    for _ in range(2):  # the second run replaces the first
        result = subprocess.run(
            [
                script_path(),
                "--vault",
                str(EXAMPLE),
                "--today",
                "2026-11-27",
                "report",
                "--output",
                str(out),
            ],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0 and result.stdout == ""
        assert f"Wrote the report of 28 contact(s) to {out}" in result.stderr
        assert out.read_text(encoding="utf-8") == example_html
    assert sorted(p.name for p in tmp_path.iterdir()) == ["network.html"]  # no temporary left


@pytest.mark.parametrize(
    "where, message",
    [
        ("missing/network.html", "does not exist; nothing written"),
        (".", "is a directory"),
    ],
)
def test_output_that_cannot_be_written_is_one_line_exit_2(tmp_path, where, message):
    result = subprocess.run(
        [script_path(), "--vault", str(EXAMPLE), "report", "--output", str(tmp_path / where)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and result.stdout == ""
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "existing",
    [
        "# My notes\n",
        "---\nname: Ada\n---\n## Log\n- 2026-10-01 gave: a\n",
        "<!DOCTYPE html>\n<html><head><title>My own page</title></head></html>\n",
    ],
)
def test_output_never_replaces_a_file_that_is_not_a_report(tmp_path, existing):
    target = tmp_path / "page.html"
    target.write_text(existing, encoding="utf-8")
    result = subprocess.run(
        [script_path(), "--vault", str(EXAMPLE), "report", "--output", str(target)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and result.stdout == ""
    assert "is not a network-md report; nothing written" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert target.read_text(encoding="utf-8") == existing


@pytest.mark.parametrize("existing", ["", "\n", "old"])
def test_output_replaces_an_empty_file_or_an_earlier_report(tmp_path, example_html, existing):
    target = tmp_path / "page.html"
    if existing == "old":
        existing = example_html.replace("Priya", "Someone")
    target.write_text(existing, encoding="utf-8")
    cmd = [script_path(), "--vault", str(EXAMPLE), "--today", "2026-11-27", "report"]
    result = subprocess.run([*cmd, "--output", str(target)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8") == example_html


def test_no_vault_is_exit_2(tmp_path):
    result = subprocess.run(
        [script_path(), "report"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "NETWORK_MD_VAULT": ""},
    )
    assert result.returncode == 2 and "network-md init" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args", [["--help"], ["status"], ["today"], ["list"], ["report", "--help"]]
)
def test_other_commands_never_import_jinja2(make_vault, args):
    """Only making a report loads Jinja2: start-up stays as fast as it was."""
    vault = make_vault({"people/ada.md": "---\nname: Ada\n---\n## Log\n- 2026-11-20 gave: a\n"})
    old = 1_600_000_000
    os.utime(vault / "people/ada.md", (old, old))
    argv = ["--vault", str(vault), "--today", "2026-11-27", *args]
    subprocess.run([script_path(), *argv], capture_output=True, check=True)  # warm the cache
    code = (
        "import sys\nfrom network_md.cli.main import cli\n"
        f"try:\n    cli({argv!r})\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jinja2', 'markupsafe')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=vault
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"


# --- 10,000 contacts -------------------------------------------------------------------------


def test_ten_thousand_contacts_stay_under_ten_megabytes(big_report):
    html, flags = big_report
    assert len(html.encode("utf-8")) < 10_000_000
    parsed = Page(html)
    assert_self_contained(parsed)
    page = parsed.root
    assert len(page.by_id("map-svg").find("g", cls="node")) == MAP_LIMIT
    assert "9,700 more are counted" in page.by_id("map").all_text()
    assert len(page.by_id("everyone").find("tbody")[0].children) == 10_000
    rows = [
        tr
        for tr in page.by_id("flags").find("tr")
        if tr.children[0].tag == "th" and tr.children[0].attrs.get("scope") == "row"
    ]
    assert len(rows) == flags


@pytest.fixture(scope="module")
def big_report(big_vault):
    """The 10,000-contact vault's page, and how many flags `status` counts."""
    html = report_html(big_vault)
    status = subprocess.run(
        [script_path(), "--vault", str(big_vault), "--today", "2026-11-27", "status", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    counts = json.loads(status.stdout)["flags"]
    return html, counts["red"] + counts["nudge"]


@pytest.mark.parametrize("window, months, named", [(365, 13, 13), (1000, 33, 11), (3650, 61, 13)])
def test_a_long_window_names_every_few_months_and_keeps_every_bar(window, months, named):
    cfg = parse_config(f"window_days: {window}\n")[0]
    people = [contact([(ago(d), "gave") for d in range(0, window, 20)])]
    page = page_of(render_report(analyse(people, cfg, TODAY), cfg, [], []))
    chart = page.find("svg", cls="months")[0]
    ticks = [t for t in chart.find("text", cls="tick") if len(t.all_text()) == 3]
    assert len(chart.find("g")) == months and len(ticks) == named
    assert len(chart.find("rect", cls="given")) == sum(
        1 for g in chart.find("g") if "gave 0" not in g.find("title")[0].all_text()
    )
