"""The vault: its root, its contact files, and the index (docs/format.md)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from network_md.core.errors import UsageError
from network_md.format.config import DEFAULT
from network_md.format.parse import parse_contact
from network_md.store.vault import ENV_VAULT, Index, Vault, find_root

ADA = "---\nname: Ada Lovelace\n---\n- 2026-11-01 gave: a note\n"
BOB = "# Bob Builder\n- 2026-11-02 got: a hand\n"


@pytest.fixture(autouse=True)
def _no_vault_env(monkeypatch):
    monkeypatch.delenv(ENV_VAULT, raising=False)


def discovered(root: Path) -> set[str]:
    return set(Vault.open(root).discover())


def index_of(root: Path) -> Index:
    index = Index(Vault.open(root))
    index.refresh()
    return index


def names(index: Index) -> list[str]:
    return [c.name for c in index.contacts()]


# --- find_root --------------------------------------------------------------------------------


def test_vault_option_wins_and_config_is_optional(tmp_path, make_vault, monkeypatch):
    root = make_vault({"people/ada.md": ADA}, config=None)
    other = make_vault()
    monkeypatch.setenv(ENV_VAULT, str(other))
    assert find_root(str(root)) == root.resolve()
    assert Vault.open(find_root(str(root))).config == DEFAULT


def test_vault_option_relative_path_is_resolved(make_vault, monkeypatch):
    root = make_vault()
    monkeypatch.chdir(root.parent)
    assert find_root(root.name) == root.resolve()


@pytest.mark.parametrize("what", ["missing", "file"])
def test_vault_option_that_is_no_folder(tmp_path, what):
    target = tmp_path / "nothing-here"
    if what == "file":
        target.write_text("x")
    with pytest.raises(UsageError) as info:
        find_root(str(target))
    assert info.value.exit_code == 2
    # a file is no place for a vault: `init` is suggested only where there is nothing
    assert ("network-md init" in info.value.message) == (what == "missing")
    assert ("is a file" in info.value.message) == (what == "file")
    assert str(target) in info.value.message
    assert "\n" not in info.value.message


def test_environment_variable(make_vault, monkeypatch, tmp_path):
    root = make_vault(config=None)
    monkeypatch.setenv(ENV_VAULT, str(root))
    assert find_root(None, cwd=tmp_path) == root.resolve()


def test_environment_variable_that_is_no_folder(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_VAULT, str(tmp_path / "gone"))
    with pytest.raises(UsageError) as info:
        find_root(None, cwd=tmp_path)
    assert "network-md init" in info.value.message
    assert ENV_VAULT in info.value.message


def test_upward_search_from_a_subfolder(make_vault, monkeypatch):
    root = make_vault({"people/team/deep/x.md": BOB})
    deep = root / "people" / "team" / "deep"
    assert find_root(None, cwd=deep) == root.resolve()
    monkeypatch.chdir(deep)
    assert find_root() == root.resolve()


def test_upward_search_finds_the_nearest(make_vault):
    outer = make_vault()
    inner = outer / "sub" / "inner"
    inner.mkdir(parents=True)
    (inner / ".network-md.yaml").write_text("contacts: [people]\n")
    (inner / "people").mkdir()
    assert find_root(None, cwd=inner / "people") == inner.resolve()
    assert find_root(None, cwd=outer / "sub") == outer.resolve()


def _above_has_config(path: Path) -> bool:
    return any((p / ".network-md.yaml").exists() for p in (path, *path.parents))


def test_no_vault_found(tmp_path, monkeypatch):
    start = tmp_path / "a" / "b"
    start.mkdir(parents=True)
    if _above_has_config(start):
        pytest.skip("a .network-md.yaml exists above the temporary folder")
    with pytest.raises(UsageError) as info:
        find_root(None, cwd=start)
    assert info.value.exit_code == 2
    assert "network-md init" in info.value.message
    monkeypatch.chdir(start)
    with pytest.raises(UsageError, match="network-md init"):
        find_root()


def test_a_folder_named_like_the_config_is_not_a_config(tmp_path):
    start = tmp_path / "v"
    (start / ".network-md.yaml").mkdir(parents=True)
    if _above_has_config(tmp_path):
        pytest.skip("a .network-md.yaml exists above the temporary folder")
    with pytest.raises(UsageError):
        find_root(None, cwd=start)


def test_bad_config_is_a_usage_error(make_vault):
    root = make_vault(config="window_days: abc\n")
    with pytest.raises(UsageError, match=r"\.network-md\.yaml:1: error: window_days"):
        Vault.open(root)


def test_config_warnings_are_problems(make_vault):
    root = make_vault({"people/ada.md": ADA}, config="contacts: [people]\ncolour: blue\n")
    index = index_of(root)
    assert [(p.path, p.line, p.severity) for p in index.problems()] == [
        (".network-md.yaml", 2, "warning")
    ]


# --- discovery --------------------------------------------------------------------------------


def test_contacts_folder_only_md_recursively(make_vault):
    root = make_vault(
        {
            "people/ada.md": ADA,
            "people/team/bob.md": BOB,
            "people/notes.txt": "x",
            "people/README": "x",
            "notes/other.md": BOB,
            "top.md": BOB,
        }
    )
    assert discovered(root) == {"people/ada.md", "people/team/bob.md"}


def test_whole_vault_when_contacts_missing_or_empty(make_vault):
    files = {"people/ada.md": ADA, "notes/bob.md": BOB, "top.md": BOB}
    assert discovered(make_vault(files, config=None)) == set(files)
    assert discovered(make_vault(files, config="contacts: []\n")) == set(files)
    assert discovered(make_vault(files, config="me: Pat\n")) == set(files)


def test_several_folders(make_vault):
    root = make_vault(
        {"people/a.md": ADA, "clients/b.md": BOB, "notes/c.md": BOB},
        config="contacts: [people, clients/]\n",
    )
    assert discovered(root) == {"people/a.md", "clients/b.md"}


def test_contacts_globs(make_vault):
    root = make_vault(
        {
            "team-a/x.md": BOB,
            "team-b/sub/y.md": BOB,
            "teams/z.md": BOB,
            "clients/c1.md": BOB,
            "clients/old/c2.md": BOB,
            "work/people/p.md": BOB,
            "people/q.md": BOB,
            "other/o.md": BOB,
        },
        config="contacts: ['team-*', 'clients/*.md', '**/people']\n",
    )
    assert discovered(root) == {
        "team-a/x.md",
        "team-b/sub/y.md",
        "clients/c1.md",
        "work/people/p.md",
        "people/q.md",
    }


def test_ignore_globs(make_vault):
    root = make_vault(
        {
            "people/ada.md": ADA,
            "people/archive/old.md": BOB,
            "people/team/draft-bob.md": BOB,
            "people/draft-x.md": BOB,
            "people/drafts.md": BOB,
        },
        config="contacts: [people]\nignore: [people/archive, '**/draft-*.md']\n",
    )
    assert discovered(root) == {"people/ada.md", "people/drafts.md"}


def test_hidden_files_and_folders_are_skipped(make_vault):
    root = make_vault(
        {
            "people/ada.md": ADA,
            "people/.hidden.md": BOB,
            "people/.obsidian/x.md": BOB,
            ".trash/bob.md": BOB,
            ".network-md/cache.md": BOB,
            "people/team/.sync/y.md": BOB,
        },
        config=None,
    )
    assert discovered(root) == {"people/ada.md"}


def test_the_configured_dashboard_is_skipped(make_vault):
    root = make_vault(
        {"NETWORK.md": "# Network\n", "people/ada.md": ADA}, config="dashboard: NETWORK.md\n"
    )
    assert discovered(root) == {"people/ada.md"}
    root2 = make_vault(
        {"people/NETWORK.md": "# Network\n", "people/ada.md": ADA},
        config="contacts: [people]\ndashboard: people/NETWORK.md\n",
    )
    assert discovered(root2) == {"people/ada.md"}
    # the same skip with a glob or an ignore in play
    root3 = make_vault(
        {"people/NETWORK.md": "# N\n", "people/ada.md": ADA, "people/x.md": BOB},
        config="contacts: ['peo*']\nignore: [people/x.md]\ndashboard: people/NETWORK.md\n",
    )
    assert discovered(root3) == {"people/ada.md"}


def test_a_dashboard_by_front_matter_is_not_a_contact(make_vault):
    root = make_vault(
        {
            "people/ada.md": ADA,
            "people/board.md": "---\nnetwork-md: dashboard\n---\n# Board\n- 2026-01-01 met: x\n",
        }
    )
    index = index_of(root)
    assert names(index) == ["Ada Lovelace"]
    assert index.problems() == []


def test_the_contact_template_is_skipped(make_vault):
    root = make_vault({"templates/contact.md": "# {{title}}\n", "people/ada.md": ADA}, config=None)
    assert "templates/contact.md" not in discovered(root)
    assert "people/ada.md" in discovered(root)


@pytest.mark.parametrize("config", ["contacts: []\n", "contacts: [.]\n", None, "contacts: ['*']\n"])
def test_the_vault_readme_is_never_a_contact(make_vault, config):
    readme = "# My network\n\n    - 2026-11-27 gave (15m): an example\n"
    root = make_vault({"README.md": readme, "ada.md": ADA, "people/README.md": BOB}, config=config)
    found = discovered(root)
    assert "README.md" not in found and "ada.md" in found
    assert "people/README.md" in found  # only the vault's own README, at its root
    index = index_of(root)
    assert index.update("README.md") is None and "README.md" not in index.paths()


@pytest.mark.parametrize(
    ("config", "missing"),
    [
        ("contacts: [peeple]\n", ["peeple"]),
        ("contacts: [people, team/eng]\n", ["team/eng"]),
        ("contacts: [people, 'clients/*']\n", []),  # a glob that matches nothing is no folder
        ("contacts: []\n", []),
    ],
)
def test_a_contacts_folder_that_does_not_exist_is_a_warning(make_vault, config, missing):
    root = make_vault({"people/ada.md": ADA}, config=config)
    problems = [p for p in index_of(root).problems() if "contacts:" in p.message]
    assert [p.severity for p in problems] == ["warning"] * len(missing)
    assert [p.path for p in problems] == [".network-md.yaml"] * len(missing)
    for p, folder in zip(problems, missing):
        assert f"'{folder}' does not exist" in p.message


def test_a_contacts_folder_that_is_a_file_is_a_warning(make_vault):
    root = make_vault({"people": "not a folder"}, config="contacts: [people]\n")
    (problem,) = index_of(root).problems()
    assert "'people' is not a folder" in problem.message


def test_a_folder_named_like_a_contact_is_walked(make_vault):
    root = make_vault({"people/odd.md/inner.md": BOB, "people/ada.md": ADA})
    assert discovered(root) == {"people/ada.md", "people/odd.md/inner.md"}


def test_a_symlink_loop_does_not_duplicate_contacts(make_vault):
    root = make_vault({"people/ada.md": ADA})
    os.symlink("..", root / "people" / "loop")
    found = discovered(root)
    assert "people/ada.md" in found
    real = {(root / p).resolve() for p in found}
    assert len(real) == len(found), sorted(found)[:3]


def test_contacts_folder_written_with_dot_slash(make_vault):
    root = make_vault({"people/ada.md": ADA}, config="contacts: [./people]\n")
    assert [c.path for c in index_of(root).contacts()] == ["people/ada.md"]


def test_dashboard_written_with_dot_slash_is_skipped(make_vault):
    root = make_vault(
        {"NETWORK.md": "# Network\n", "people/ada.md": ADA}, config="dashboard: ./NETWORK.md\n"
    )
    assert discovered(root) == {"people/ada.md"}


# --- the index --------------------------------------------------------------------------------


def test_refresh_reads_everything_then_only_what_changed(make_vault):
    root = make_vault({"people/ada.md": ADA, "people/bob.md": BOB})
    index = Index(Vault.open(root))
    assert index.refresh() == ["people/ada.md", "people/bob.md"]
    assert names(index) == ["Ada Lovelace", "Bob Builder"]
    ada_item = index.files["people/ada.md"]
    assert index.refresh() == []
    (root / "people/bob.md").write_text(
        "# Robert Builder\n- 2026-11-02 got: a hand\n- 2026-11-03 gave: x\n"
    )
    (root / "people/cy.md").write_text("# Cy\n")
    assert index.refresh() == ["people/bob.md", "people/cy.md"]
    assert index.files["people/ada.md"] is ada_item  # not re-read
    assert names(index) == ["Ada Lovelace", "Robert Builder", "Cy"]


def test_update_rereads_only_that_path(make_vault):
    root = make_vault({"people/ada.md": ADA, "people/bob.md": BOB})
    index = index_of(root)
    (root / "people/ada.md").write_text("---\nname: Ada King\n---\n")
    (root / "people/bob.md").write_text("# Bob Changed On Disk\n")
    item = index.update("people/ada.md")
    assert item.contact.name == "Ada King"
    # bob.md changed on disk too, but only ada.md was read
    assert names(index) == ["Ada King", "Bob Builder"]
    index.refresh()
    assert names(index) == ["Ada King", "Bob Changed On Disk"]


def test_update_of_a_new_file_adds_it(make_vault):
    root = make_vault({"people/ada.md": ADA})
    index = index_of(root)
    (root / "people/bob.md").write_text(BOB)
    assert index.update("people/bob.md").contact.name == "Bob Builder"
    assert names(index) == ["Ada Lovelace", "Bob Builder"]


def test_deleted_file_is_dropped(make_vault):
    root = make_vault({"people/ada.md": ADA, "people/bob.md": BOB, "people/cy.md": "# Cy\n"})
    index = index_of(root)
    (root / "people/bob.md").unlink()
    assert index.refresh() == ["people/bob.md"]
    assert "people/bob.md" not in index.files
    (root / "people/cy.md").unlink()
    assert index.update("people/cy.md") is None
    assert names(index) == ["Ada Lovelace"]
    assert index.drop("people/ada.md") is True
    assert index.drop("people/ada.md") is False
    assert index.contacts() == []


def test_update_of_a_path_that_is_no_longer_wanted_drops_it(make_vault):
    root = make_vault({"people/ada.md": ADA, "notes/x.md": BOB})
    index = index_of(root)
    assert index.update("notes/x.md") is None
    assert "notes/x.md" not in index.files
    assert names(index) == ["Ada Lovelace"]


def test_a_bad_file_never_hides_the_others(make_vault):
    root = make_vault(
        {
            "people/ada.md": ADA,
            "people/binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
            "people/broken.md": "---\nname: [oops\n---\n# Broken Yaml\n- 2026-11-03 met: kept\n",
            "people/huge.md": b"# Huge\n" + b"x" * (1024 * 1024 + 1),
            "people/latin1.md": b"# Caf\xe9 Owner\n- 2026-11-04 met: x\n",
            "people/unclosed.md": "---\nname: Never Closed\n- 2026-11-05 met: y\n",
            "people/zed.md": BOB,
        }
    )
    os.symlink(root / "people" / "missing-target.md", root / "people" / "dangling.md")
    index = index_of(root)
    assert names(index) == [
        "Ada Lovelace",
        "Broken Yaml",
        "Caf\ufffd Owner",
        "unclosed",
        "Bob Builder",
    ]
    errors = {(p.path, p.severity) for p in index.problems() if p.severity == "error"}
    assert errors == {
        ("people/binary.md", "error"),
        ("people/broken.md", "error"),
        ("people/huge.md", "error"),
        ("people/latin1.md", "error"),
        ("people/unclosed.md", "error"),
    }
    broken = next(c for c in index.contacts() if c.path == "people/broken.md")
    assert len(broken.entries.kinds) == 1  # its log is still read (the index keeps the columns)
    full, _ = parse_contact(
        "people/broken.md", (root / "people/broken.md").read_bytes(), index.vault.config
    )
    assert [e.text for e in full.log] == ["kept"]


def test_problems_sorted_by_path_and_line(make_vault):
    root = make_vault(
        {
            "people/b.md": "- 2026-02-30 met: x\n- 2026-01-01 lunch: y\n",
            "people/a.md": "- 2026-01-01 met (soon): x\n",
        }
    )
    index = index_of(root)
    assert [(p.path, p.line, p.severity) for p in index.problems()] == [
        ("people/a.md", 1, "warning"),
        ("people/b.md", 1, "error"),
        ("people/b.md", 2, "warning"),
    ]


# --- files that are not regular files ------------------------------------------------------------


@pytest.fixture
def odd_files_vault(make_vault):
    """A vault with one contact beside a FIFO, a socket, a device and a symlink to a device."""
    import socket
    import stat as st

    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n## Log\n- 2026-11-20 gave: x\n"})
    people = root / "people"
    os.mkfifo(people / "pipe.md")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(people / "sock.md"))
    (people / "zero.md").symlink_to("/dev/zero")
    try:
        os.mknod(people / "null.md", st.S_IFCHR | 0o600, os.makedev(1, 3))
    except OSError:
        pass  # no device nodes here: the symlink to /dev/zero stands for them
    yield root
    sock.close()


@pytest.mark.parametrize(
    "args",
    [["status"], ["list", "--json"], ["check", "--json"], ["flags"], ["today"], ["show", "ada"]]
    + [["export", "--format", "csv"], ["log", "ada", "met", "coffee"]],
    ids=" ".join,
)
def test_fifos_sockets_and_devices_are_skipped_without_being_opened(odd_files_vault, args):
    import subprocess

    from helpers import TODAY, script_path

    root = odd_files_vault
    done = subprocess.run(
        [script_path(), "--vault", str(root), "--today", TODAY.isoformat(), *args],
        capture_output=True,
        text=True,
        timeout=30,  # a FIFO opened for reading would block here forever
    )
    assert done.returncode == 0, done.stderr
    if args == ["list", "--json"]:
        assert [c["path"] for c in json.loads(done.stdout)["contacts"]] == ["people/ada.md"]
    if args == ["check", "--json"]:
        assert json.loads(done.stdout)["problems"] == []  # /dev/zero was never read as binary
    assert (root / "people/pipe.md").is_fifo()


def test_discover_and_update_skip_what_is_not_a_regular_file(odd_files_vault):
    from network_md.store.vault import Index, Vault

    index = Index(Vault.open(odd_files_vault))
    assert sorted(index.vault.discover()) == ["people/ada.md"]
    for name in ("pipe.md", "sock.md", "zero.md"):
        assert index.update(f"people/{name}", wanted=True) is None  # returns at once
    assert index.paths() == []


def test_a_config_that_is_a_fifo_is_exit_2_not_a_hang(make_vault):
    import subprocess

    from helpers import TODAY, script_path

    root = make_vault({"people/ada.md": "# Ada\n"}, config=None)
    os.mkfifo(root / ".network-md.yaml")
    done = subprocess.run(
        [script_path(), "--vault", str(root), "--today", TODAY.isoformat(), "status"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        ".network-md.yaml: error: a FIFO (named pipe), not a regular file; make it one"
    )


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize("freeze", [True, False])
def test_bulk_work_pauses_the_collector_and_restores_it(enabled, freeze):
    import gc

    from network_md.store.bulk import bulk

    was, frozen = gc.isenabled(), gc.get_freeze_count()
    (gc.enable if enabled else gc.disable)()
    try:
        with bulk(freeze=freeze):
            assert not gc.isenabled()
            made = [[i] for i in range(1000)]
        assert gc.isenabled() is enabled
        # frozen only when asked, and only by a process whose collector was running
        assert (gc.get_freeze_count() > frozen) is (freeze and enabled)
        assert made
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()


def test_passing_decodes_as_contact_does_and_keeps_nothing(make_vault, run):
    """`Index.passing`: the contact `contact` gives (daily notes' entries added), decoded from
    the cached entry without keeping it decoded (the entry stays as it came, for the save to
    copy); a damaged entry is read from its file again, as `contact` does."""
    from cache_helpers import CONFIG, FILES
    from helpers import age

    from network_md.analysis.current import open_index
    from network_md.store.cache import _WHERE
    from network_md.store.linkstate import LinkState
    from network_md.store.reader import STAMP

    files = {**FILES, "Daily/2026-11-20.md": "- met: lunch with [[Bob Builder]]\n"}
    root = make_vault(files, config=CONFIG + "daily_notes: {folder: Daily}\n")
    age(root)  # stamped, so the cache keeps their entries
    assert run(root, "status").exit_code == 0
    cache = open_index(root)
    index = cache.index
    LinkState(root, True).refresh(index)
    paths = index.paths()
    kept = set(index._raw)
    passed = {p: index.passing(p) for p in paths}
    assert set(index._raw) == kept  # nothing decoded for good
    assert passed == {p: index.contact(p) for p in paths}
    bob = passed["people/bob.md"]
    assert len(bob.entries.days) == 3 + 1  # his file's and the daily note's
    fresh = open_index(root).index
    packed, problems = fresh._raw["people/cyd.md"]
    outside = _WHERE.pack(10**12, 5, 0, 0)  # a record past the tail's end: it raises
    fresh._raw["people/cyd.md"] = (packed[: STAMP.size] + outside, problems)
    assert fresh.passing("people/cyd.md").name == "Cyd Ng"
