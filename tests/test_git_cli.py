"""`init --git`, `git setup` and the merge driver, for real: two clones of one vault, the
installed console script in subprocesses, and `git pull` between them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REPO, TODAY, git, script_path

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.usefixtures("git_identity"),
]

ADA = "people/ada-lovelace.md"
ADA_TEXT = """\
---
name: Ada Lovelace
company: Analytical Engines
circle: close
---
Met at PyCon.

Likes tea.

Has a dog.

## Log
- 2026-10-02 asked: restaurant tip for Lisbon
"""


def nm(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The installed `network-md` in `cwd`, evaluated on TODAY."""
    return subprocess.run(
        [script_path(), "--today", TODAY.isoformat(), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, done.stderr
    return done.stderr


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", message)


def two_clones(tmp_path: Path, files: dict[str, str | bytes], config: str | None = None):
    """Machine a makes the vault with `init --git` and commits `files`; machine b clones it
    and runs `git setup`. Returns both work trees."""
    a, b = tmp_path / "a", tmp_path / "b"
    ok(nm(tmp_path, "init", "--git", str(a)))
    if config is not None:
        (a / ".network-md.yaml").write_text(config)
        ok(nm(a, "git", "setup"))
    for rel, content in files.items():
        (a / rel).parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode()
        (a / rel).write_bytes(data)
    commit_all(a, "contacts")
    git(tmp_path, "clone", "--quiet", str(a), str(b))
    git(b, "config", "pull.rebase", "false")
    ok(nm(b, "git", "setup"))
    return a, b


def pull(b: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-C", str(b), "pull", "--no-edit"],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def entries(path: Path) -> list[str]:
    return [line for line in path.read_text().splitlines() if line.startswith("- ")]


# --- two machines log to one person ----------------------------------------------------------


@pytest.mark.parametrize(
    "on_a, on_b, expected",
    [
        (  # the same day: the pulling side's entries first
            [("gave", "the article", None)],
            [("got", "an intro", None)],
            ["- 2026-11-27 got: an intro", "- 2026-11-27 gave: the article"],
        ),
        (  # different days: b's entry is older, and lands before a's
            [("gave", "the article", "2026-11-26")],
            [("met", "coffee", "2026-11-20"), ("got", "an intro", "2026-11-27")],
            [
                "- 2026-11-20 met: coffee",
                "- 2026-11-26 gave: the article",
                "- 2026-11-27 got: an intro",
            ],
        ),
        (  # the same entry on both: once
            [("gave", "the article", None)],
            [("met", "before", "2026-11-01"), ("gave", "the article", None)],
            ["- 2026-11-01 met: before", "- 2026-11-27 gave: the article"],
        ),
    ],
)
def test_two_clones_log_to_one_contact_and_pull_merges_them(tmp_path, on_a, on_b, expected):
    a, b = two_clones(tmp_path, {ADA: ADA_TEXT})
    for root, entries_ in ((a, on_a), (b, on_b)):
        for kind, text, day in entries_:
            ok(nm(root, "log", "ada", kind, text, "--commit", *(["--date", day] if day else [])))
    done = pull(b)
    assert done.returncode == 0, done.stdout + done.stderr
    assert entries(b / ADA) == ["- 2026-10-02 asked: restaurant tip for Lisbon", *expected]
    assert (b / ADA).read_text().startswith(ADA_TEXT)
    assert git(b, "status", "--porcelain") == ""
    assert len(git(b, "log", "--merges", "--format=%s").splitlines()) == 1
    subjects = git(b, "log", "--format=%s").splitlines()
    assert sum(s.startswith("log: ") for s in subjects) == len(on_a) + len(on_b)


def test_front_matter_keys_changed_on_both_sides_merge(tmp_path):
    a, b = two_clones(tmp_path, {ADA: ADA_TEXT})
    ok(nm(a, "snooze", "ada", "--until", "2027-01-10", "--why", "sabbatical", "--commit"))
    (b / ADA).write_text(ADA_TEXT.replace("Analytical Engines", "Babbage & Co"))
    commit_all(b, "company")
    done = pull(b)
    assert done.returncode == 0, done.stdout + done.stderr
    text = (b / ADA).read_text()
    assert "company: Babbage & Co\n" in text and "snooze_until: 2027-01-10\n" in text
    assert "snooze_why: sabbatical\n" in text and "<<<<<<<" not in text


def test_the_same_key_changed_on_both_sides_is_a_conflict_around_that_key(tmp_path):
    a, b = two_clones(tmp_path, {ADA: ADA_TEXT})
    ok(nm(a, "snooze", "ada", "--until", "2027-01-10", "--commit"))
    ok(nm(a, "gave", "ada", "from a", "--commit"))
    ok(nm(b, "snooze", "ada", "--until", "2027-02-20", "--commit"))
    ok(nm(b, "got", "ada", "from b", "--commit"))
    done = pull(b)
    assert done.returncode == 1
    assert f"CONFLICT (content): Merge conflict in {ADA}" in done.stdout
    assert f"network-md: {ADA}: both sides changed the same thing" in done.stderr
    assert git(b, "status", "--porcelain").splitlines() == [f"UU {ADA}"]
    text = (b / ADA).read_text()
    head, rest = ADA_TEXT.split("---\n", 2)[1], ADA_TEXT.split("---\n", 2)[2]
    assert text == (
        "---\n" + head + "<<<<<<< ours\nsnooze_until: 2027-02-20\n=======\n"
        "snooze_until: 2027-01-10\n>>>>>>> theirs\n---\n" + rest + "- 2026-11-27 got: from b\n"
        "- 2026-11-27 gave: from a\n"
    )
    bad = nm(b, "check")  # the log still reads; the markers are an error, with file and line
    assert bad.returncode == 1 and f"{ADA}:" in bad.stdout


def test_conflicts_follow_the_clones_conflict_style(tmp_path):
    a, b = two_clones(tmp_path, {ADA: ADA_TEXT})
    git(b, "config", "merge.conflictStyle", "diff3")
    for root, circle in ((a, "inner"), (b, "wide")):
        (root / ADA).write_text(
            ADA_TEXT.replace("close", circle).replace("Likes tea", f"Likes {circle}")
        )
        commit_all(root, circle)
    assert pull(b).returncode == 1
    text = (b / ADA).read_text()
    assert "<<<<<<< ours\ncircle: wide\n||||||| base\ncircle: close\n=======\n" in text
    assert "<<<<<<< ours\nLikes wide.\n||||||| base\nLikes tea.\n=======\n" in text


@pytest.mark.parametrize("overlap", [False, True])
def test_notes_edited_on_both_sides(tmp_path, overlap):
    a, b = two_clones(tmp_path, {ADA: ADA_TEXT})
    (a / ADA).write_text(ADA_TEXT.replace("Likes tea.", "Likes green tea."))
    commit_all(a, "tea")
    edit = ("Likes tea.", "Likes coffee.") if overlap else ("Has a dog.", "Has two dogs.")
    (b / ADA).write_text(ADA_TEXT.replace(*edit))
    commit_all(b, "edit")
    ok(nm(b, "met", "ada", "a call", "--commit"))
    done = pull(b)
    text = (b / ADA).read_text()
    assert text.endswith("- 2026-11-27 met: a call\n")
    if overlap:
        assert done.returncode == 1
        assert "<<<<<<< ours\nLikes coffee.\n=======\nLikes green tea.\n>>>>>>> theirs\n" in text
    else:
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Likes green tea." in text and "Has two dogs." in text


def test_crlf_and_bom_files_keep_their_bytes(tmp_path):
    original = ("\ufeff" + ADA_TEXT.replace("\n", "\r\n")).encode()
    a, b = two_clones(tmp_path, {ADA: original})
    (a / ".gitattributes").read_text()  # no eol attributes: git stores the bytes as they are
    ok(nm(a, "gave", "ada", "from a", "--commit", "--date", "2026-11-26"))
    ok(nm(b, "got", "ada", "from b", "--commit"))
    done = pull(b)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (b / ADA).read_bytes() == original + (
        b"- 2026-11-26 gave: from a\r\n- 2026-11-27 got: from b\r\n"
    )


def _without_labels(text: str) -> str:
    return re.sub(r"^(<{7}|>{7}) .*$", r"\1", text, flags=re.MULTILINE)


LOG_ONLY = "## Log\n- 2026-10-02 met: x\n"


DAILY = ".obsidian/daily-notes.json"


@pytest.mark.parametrize(
    "rel, config, start, more",
    [
        ("README.md", "contacts: []\n", LOG_ONLY, {}),  # the README that init writes
        ("NETWORK.md", "contacts: []\ndashboard: NETWORK.md\n", LOG_ONLY, {}),
        ("people/.obsidian/note.md", None, LOG_ONLY, {}),  # hidden: never a contact
        ("people/t.md", None, "---\nnetwork-md: template\n---\n" + LOG_ONLY, {}),
        ("Daily/2026-11-27.md", "contacts: []\n", LOG_ONLY, {DAILY: '{"folder": "Daily"}'}),
        ("2026-11-27.md", "contacts: []\n", LOG_ONLY, {DAILY: '{"format": "YYYY-MM-DD"}'}),
    ],
)
def test_a_file_that_is_not_a_contact_merges_as_git_would(tmp_path, rel, config, start, more):
    a, b = two_clones(tmp_path, {rel: start, **more}, config)
    assert git(b, "check-attr", "merge", "--", rel).endswith(": merge: network-md\n")
    for root, line in ((a, "- 2026-11-20 met: a\n"), (b, "- 2026-11-21 met: b\n")):
        (root / rel).write_text(start + line)
        commit_all(root, "edit")
    plain = tmp_path / "plain"  # the same merge with git's own driver
    git(tmp_path, "clone", "--quiet", str(b), str(plain))
    git(plain, "pull", "--quiet", "--no-edit", "--no-rebase", str(a), check=False)
    done = pull(b)
    assert done.returncode == 1
    assert _without_labels((b / rel).read_text()) == _without_labels((plain / rel).read_text())


def test_beside_daily_notes_a_contact_still_merges_by_parts(tmp_path):
    files = {"2026-11-01.md": "x\n", DAILY: '{"folder": ""}', "ada.md": LOG_ONLY}
    a, b = two_clones(tmp_path, files, "contacts: []\n")
    for root, line in ((a, "- 2026-11-20 met: a\n"), (b, "- 2026-11-21 met: b\n")):
        (root / "ada.md").write_text(LOG_ONLY + line)
        commit_all(root, "log")
    assert pull(b).returncode == 0
    assert (b / "ada.md").read_text() == LOG_ONLY + "- 2026-11-20 met: a\n- 2026-11-21 met: b\n"


def test_the_driver_runs_whatever_path_git_runs_with(tmp_path):
    a, b = two_clones(tmp_path, {ADA: ADA_TEXT})
    driver = git(b, "config", "--local", "merge.network-md.driver").strip()
    assert driver == f"{script_path()} git merge-driver %O %A %B %P"
    ok(nm(a, "gave", "ada", "from a", "--commit"))
    ok(nm(b, "got", "ada", "from b", "--commit"))
    git_dir = str(Path(shutil.which("git")).parent)
    done = pull(b, env={"PATH": git_dir})  # no network-md on it
    assert done.returncode == 0, done.stdout + done.stderr
    assert entries(b / ADA)[1:] == ["- 2026-11-27 got: from b", "- 2026-11-27 gave: from a"]


# --- the driver alone ------------------------------------------------------------------------


def test_merge_driver_writes_the_result_to_ours_and_exits_1_on_a_conflict(tmp_path):
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / ".network-md.yaml").write_text("contacts: [people]\n")
    (vault / "people").mkdir()
    base, ours, theirs = (vault / n for n in (".merge_o", ".merge_a", ".merge_b"))
    base.write_text(ADA_TEXT)
    ours.write_text(ADA_TEXT + "- 2026-11-20 met: a\n")
    theirs.write_text(ADA_TEXT + "- 2026-11-21 met: b\n")
    args = ("git", "merge-driver", str(base), str(ours), str(theirs))
    ok(nm(vault, *args, ADA))
    assert ours.read_text() == ADA_TEXT + "- 2026-11-20 met: a\n- 2026-11-21 met: b\n"
    assert not list(vault.glob(".*.tmp"))
    ours.write_text(ADA_TEXT.replace("close", "inner"))
    theirs.write_text(ADA_TEXT.replace("close", "wide"))
    done = nm(vault, *args, ADA)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "<<<<<<< ours\ncircle: inner\n=======\ncircle: wide\n>>>>>>> theirs\n" in (
        ours.read_text()
    )
    ours.write_text(ADA_TEXT + "- 2026-11-20 met: a\n")  # outside any vault: git's merge
    theirs.write_text(ADA_TEXT + "- 2026-11-21 met: b\n")
    assert nm(tmp_path, *args, "elsewhere/ada.md").returncode == 1
    assert "<<<<<<< ours\n- 2026-11-20 met: a\n=======\n" in ours.read_text()


def test_merge_driver_with_a_missing_file_says_so(tmp_path):
    done = nm(tmp_path, "git", "merge-driver", "no-o", "no-a", "no-b", "x.md")
    assert done.returncode == 2 and "no-o" in done.stderr and "Traceback" not in done.stderr


# --- setup -----------------------------------------------------------------------------------


def test_setup_is_idempotent_and_says_what_it_did(tmp_path):
    root = tmp_path / "v"
    root.mkdir()
    (root / ".network-md.yaml").write_text("contacts: [people]\n")
    git(root, "init", "--quiet")
    first = ok(nm(root, "git", "setup"))
    assert "Added to .gitattributes: people/**/*.md merge=network-md" in first
    assert "merge.network-md.driver" in first and "Commit .gitattributes" in first
    attributes, config = (root / ".gitattributes").read_bytes(), (root / ".git/config").read_bytes()
    second = ok(nm(root, "git", "setup"))
    assert "Nothing to do" in second
    assert (root / ".gitattributes").read_bytes() == attributes
    assert (root / ".git/config").read_bytes() == config
    assert git(root, "log", "--oneline", check=False) == ""  # nothing committed without --commit
    assert git(root, "config", "--get", "merge.network-md.name").strip()


def test_setup_knows_its_line_however_it_is_spaced_and_says_why_it_cannot_read_one(tmp_path):
    root = tmp_path / "v"
    root.mkdir()
    (root / ".network-md.yaml").write_text("contacts: [people]\n")
    (root / ".gitattributes").write_text("people/**/*.md\t  merge=network-md  \n")
    git(root, "init", "--quiet")
    said = ok(nm(root, "git", "setup"))
    assert "Added to" not in said
    assert (root / ".gitattributes").read_text() == "people/**/*.md\t  merge=network-md  \n"
    (root / ".gitattributes").unlink()
    (root / ".gitattributes").mkdir()
    done = nm(root, "git", "setup")
    assert done.returncode == 1 and ".gitattributes: cannot be read" in done.stderr
    assert "Traceback" not in done.stderr


def test_setup_never_writes_through_a_gitattributes_that_leads_out_of_the_vault(tmp_path):
    root, outside = tmp_path / "v", tmp_path / "outside.txt"
    root.mkdir()
    outside.write_text("not yours\n")
    (root / ".network-md.yaml").write_text("contacts: [people]\n")
    (root / ".gitattributes").symlink_to(outside)
    git(root, "init", "--quiet")
    done = nm(root, "git", "setup")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert outside.read_text() == "not yours\n"


def test_setup_keeps_every_byte_of_an_existing_gitattributes(tmp_path):
    root = tmp_path / "v"
    root.mkdir()
    (root / ".network-md.yaml").write_text("contacts: [people, clients]\n")
    old = b"*.png binary\r\n*.txt text"
    (root / ".gitattributes").write_bytes(old)
    git(root, "init", "--quiet")
    ok(nm(root, "git", "setup"))
    new = (root / ".gitattributes").read_bytes()
    assert new.startswith(old + b"\r\n") and new.endswith(b"clients/**/*.md merge=network-md\r\n")
    assert b"\n" not in new.replace(b"\r\n", b"")


@pytest.mark.parametrize(
    "config, flag",
    [("contacts: [people]\n", ["--commit"]), ("git: {autocommit: true}\n", [])],
)
def test_setup_commit_commits_only_gitattributes(tmp_path, config, flag):
    root = tmp_path / "v"
    root.mkdir()
    (root / ".network-md.yaml").write_text(config)
    (root / "notes.txt").write_text("staged\n")
    git(root, "init", "--quiet")
    git(root, "add", "notes.txt")
    ok(nm(root, "git", "setup", *flag))
    assert (
        git(root, "show", "--name-only", "--format=%s", "HEAD")
        .split("\n")[0]
        .startswith("git setup")
    )
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [".gitattributes"]
    assert "A  notes.txt" in git(root, "status", "--porcelain").splitlines()


def test_setup_outside_a_work_tree_is_exit_2(tmp_path):
    root = tmp_path / "v"
    root.mkdir()
    (root / ".network-md.yaml").write_text("contacts: [people]\n")
    done = nm(root, "git", "setup")
    assert done.returncode == 2 and "not inside a git work tree" in done.stderr
    assert sorted(os.listdir(root)) == [".network-md.yaml"]


@pytest.mark.parametrize(
    "contacts, contact_files, others",
    [
        ("[people]", ["people/a.md", "people/deep/er/b.md"], ["notes/c.md", "people.md"]),
        ('["My People", team/eng]', ["My People/a.md", "team/eng/x/b.md"], ["team/c.md"]),
        ("['clients-*', people]", ["clients-eu/a.md", "people/b.md", "c.md"], []),
        ("[]", ["a.md", "x/y/b.md"], ["a.txt"]),
    ],
)
def test_attributes_reach_every_contact_file(tmp_path, contacts, contact_files, others):
    root = tmp_path / "v"
    root.mkdir()
    (root / ".network-md.yaml").write_text(f"contacts: {contacts}\n")
    git(root, "init", "--quiet")
    ok(nm(root, "git", "setup"))
    for rel in contact_files + others:
        attr = git(root, "check-attr", "merge", "--", rel).strip()
        assert attr.endswith("network-md") == (rel in contact_files), attr


# --- init --git ------------------------------------------------------------------------------


def test_init_git_commits_exactly_what_init_wrote_and_sets_up_the_driver(tmp_path):
    root = tmp_path / "v"
    said = ok(nm(tmp_path, "init", "--git", str(root)))
    assert "Committed" in said
    files = git(root, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(files) == [".gitattributes", ".gitignore", ".network-md.yaml", "README.md"]
    assert git(root, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
    assert git(root, "check-attr", "merge", "--", "people/x.md").endswith(": network-md\n")
    assert git(root, "config", "--local", "merge.network-md.driver").startswith(script_path())


def test_init_git_inside_a_repository_commits_only_its_files(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet")
    (repo / "other.txt").write_text("staged\n")
    git(repo, "add", "other.txt")
    (repo / "loose.txt").write_text("untracked\n")
    ok(nm(repo, "init", "--git", "vault"))
    files = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(files) == [
        "vault/.gitattributes",
        "vault/.gitignore",
        "vault/.network-md.yaml",
        "vault/README.md",
    ]
    assert git(repo, "status", "--porcelain").splitlines() == ["A  other.txt", "?? loose.txt"]


# --- the pre-commit hook ---------------------------------------------------------------------


def _pre_commit() -> str | None:
    found = Path(script_path()).with_name("pre-commit")
    return str(found) if found.exists() else shutil.which("pre-commit")


@pytest.mark.skipif(_pre_commit() is None, reason="the pre-commit framework is not installed")
def test_the_hook_manifest_is_valid_for_pre_commit():
    manifest = REPO / ".pre-commit-hooks.yaml"
    done = subprocess.run(
        [_pre_commit(), "validate-manifest", str(manifest)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "id: network-md-check" in manifest.read_text()


@pytest.mark.skipif(_pre_commit() is None, reason="the pre-commit framework is not installed")
@pytest.mark.skipif(not (REPO / ".git").exists(), reason="the project is not a git clone here")
def test_pre_commit_hook_fails_on_errors_and_shows_warnings(tmp_path):
    root = tmp_path / "v"
    ok(nm(tmp_path, "init", "--git", str(root)))
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def try_repo() -> subprocess.CompletedProcess:
        git(root, "add", "-A")
        return subprocess.run(
            [_pre_commit(), "try-repo", str(REPO), "network-md-check", "--all-files"],
            cwd=root,
            capture_output=True,
            text=True,
            env=env,
        )

    (root / ADA).write_text(ADA_TEXT + "- 2026-11-20 hugged: unknown kind\n")
    done = try_repo()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "warning: unknown kind 'hugged'" in done.stdout
    (root / ADA).write_text(ADA_TEXT + "- 2026-02-30 met: impossible\n")
    done = try_repo()
    assert done.returncode == 1
    assert "impossible date 2026-02-30" in done.stdout


def test_init_git_in_a_folder_with_files_commits_only_what_init_wrote(tmp_path):
    root = tmp_path / "notes"
    root.mkdir()
    (root / "README.md").write_text("# My notes\n")
    (root / "todo.md").write_text("- buy milk\n")
    ok(nm(tmp_path, "init", "--git", str(root)))
    files = git(root, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(files) == [".gitattributes", ".gitignore", ".network-md.yaml"]
    assert git(root, "status", "--porcelain").splitlines() == ["?? README.md", "?? todo.md"]


def test_init_git_without_a_git_identity_makes_the_vault_and_says_the_commit_failed(tmp_path):
    root = tmp_path / "v"
    no_identity = {
        **{k: "" for k in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL")},
        **{k: "" for k in ("GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL")},
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "user.useConfigOnly",
        "GIT_CONFIG_VALUE_0": "true",
    }
    done = nm(tmp_path, "init", "--git", str(root), env=no_identity)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "were written, but git commit failed" in done.stderr
    assert (root / ".network-md.yaml").is_file() and (root / ".git").is_dir()


def test_pull_with_rebase_merges_the_logs_too(tmp_path):
    a, b = two_clones(tmp_path, {ADA: ADA_TEXT})
    ok(nm(a, "gave", "ada", "from a", "--commit", "--date", "2026-11-26"))
    ok(nm(b, "got", "ada", "from b", "--commit"))
    done = subprocess.run(["git", "-C", str(b), "pull", "--rebase"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert entries(b / ADA)[1:] == ["- 2026-11-26 gave: from a", "- 2026-11-27 got: from b"]
    assert git(b, "log", "--merges", "--format=%s") == ""  # a straight line of commits


def test_a_vault_in_a_folder_of_a_bigger_repository(tmp_path):
    repo, other = tmp_path / "repo", tmp_path / "other"
    repo.mkdir()
    git(repo, "init", "--quiet")
    ok(nm(repo, "init", "--git", "network"))
    (repo / "network" / ADA).write_text(ADA_TEXT)
    commit_all(repo, "ada")
    git(tmp_path, "clone", "--quiet", str(repo), str(other))
    git(other, "config", "pull.rebase", "false")
    ok(nm(other / "network", "git", "setup"))
    ok(nm(repo / "network", "gave", "ada", "from repo", "--commit", "--date", "2026-11-26"))
    ok(nm(other / "network", "got", "ada", "from other", "--commit"))
    done = pull(other)
    assert done.returncode == 0, done.stdout + done.stderr
    assert entries(other / "network" / ADA)[1:] == [
        "- 2026-11-26 gave: from repo",
        "- 2026-11-27 got: from other",
    ]


def test_a_plan_ticked_on_one_machine_and_an_entry_logged_on_the_other(tmp_path):
    plan = "- [ ] 2026-11-26 met: lunch in Lisbon\n"
    a, b = two_clones(tmp_path, {ADA: ADA_TEXT + plan})
    ok(nm(a, "done", "ada"))
    commit_all(a, "done")
    ok(nm(b, "got", "ada", "a table booked", "--commit"))
    done = pull(b)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (b / ADA).read_text() == ADA_TEXT + plan.replace("[ ]", "[x]") + (
        "- 2026-11-27 got: a table booked\n"
    )


def test_the_configured_log_heading_is_the_log_the_driver_merges(tmp_path):
    text = ADA_TEXT.replace("## Log", "## Interactions") + "\n## Notes\nmore\n"
    config = 'contacts: [people]\nlog_heading: "## Interactions"\n'
    a, b = two_clones(tmp_path, {ADA: text}, config)
    ok(nm(a, "gave", "ada", "from a", "--commit", "--date", "2026-11-26"))
    ok(nm(b, "got", "ada", "from b", "--commit"))
    done = pull(b)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (b / ADA).read_text() == text.replace(
        "Lisbon\n", "Lisbon\n- 2026-11-26 gave: from a\n- 2026-11-27 got: from b\n"
    )
