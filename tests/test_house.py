"""The house rules, checked: short functions (radon), modules of a readable size, one git path,
one writer, and code and docs that carry their own reasons."""

from __future__ import annotations

import ast
import re

import pytest
from helpers import REPO

PACKAGE = REPO / "network_md"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 400

# Functions of radon complexity D (21-30) still waiting for a split. Only ever shrinks: a
# function that leaves D must leave this list too (the test says so), and no new one may join.
# Each is `module:Class.function` (no class: `module:function`).
ALLOWED_D = {
    "format/logcareful.py:careful",
}


def _complexities():
    radon = pytest.importorskip("radon.complexity")
    for path in MODULES:
        rel = path.relative_to(PACKAGE).as_posix()
        for block in radon.cc_visit(path.read_text(encoding="utf-8")):
            owner = getattr(block, "classname", None)
            name = f"{owner}.{block.name}" if owner else block.name
            yield f"{rel}:{name}", radon.cc_rank(block.complexity), block.complexity


def test_no_function_is_of_radon_complexity_e_or_f():
    worst = [f"{name} ({rank} {score})" for name, rank, score in _complexities() if rank in "EF"]
    assert not worst, f"split these functions: {worst}"


def test_functions_of_complexity_d_are_only_those_still_listed():
    found = {name for name, rank, _ in _complexities() if rank == "D"}
    assert not found - ALLOWED_D, f"new functions of complexity D: {sorted(found - ALLOWED_D)}"
    assert not ALLOWED_D - found, (
        f"no longer D, take them off ALLOWED_D: {sorted(ALLOWED_D - found)}"
    )


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_is_longer_than_a_reader_holds(path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines: split it by what its parts do"


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_every_git_call_goes_through_store_git():
    """One git path: only store/git.py starts processes (git is the only one network-md runs)."""
    runners = [p.relative_to(PACKAGE).as_posix() for p in MODULES if "subprocess" in _imports(p)]
    assert runners == ["store/git.py"]


# The writes outside store/atomic.py, each with its reason: git's merge-file reads three texts
# from files in a temporary folder of its own, outside the vault; `watch` points its stdout at
# /dev/null once its reader has gone (nothing is written).
WRITES_ELSEWHERE = {"store/git.py": 1, "cli/watch.py": 1}
WRITE_CALL = re.compile(
    r"os\.replace\(|os\.rename\(|\.write_bytes\(|\.write_text\(|\bopen\([^)]*['\"][wax]b?\+?['\"]"
    r"|O_WRONLY|O_RDWR|O_CREAT"
)


def test_every_write_goes_through_store_atomic():
    found = {}
    for path in MODULES:
        rel = path.relative_to(PACKAGE).as_posix()
        count = len(WRITE_CALL.findall(path.read_text(encoding="utf-8")))
        if rel != "store/atomic.py" and count:
            found[rel] = count
    assert found == WRITES_ELSEWHERE


# What users never see must not be what the code and docs lean on: a document outside the
# repository, or a tracker's issue as the reason for a rule.
OUTSIDE = re.compile(
    r"\bthe contract\b|\(issue \d+\)|\bissue \d+\b|\.\./shared|shared/real-world", re.I
)


def _texts():
    for path in [
        *MODULES,
        *sorted((REPO / "docs").glob("*.md")),
        REPO / "README.md",
        REPO / "pyproject.toml",
    ]:
        if path.exists():
            yield path


@pytest.mark.parametrize("path", list(_texts()), ids=lambda p: p.relative_to(REPO).as_posix())
def test_code_and_docs_carry_their_own_reasons(path):
    hits = [
        f"{path.relative_to(REPO)}:{i}: {line.strip()}"
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert not hits, hits


def test_conftest_holds_only_fixtures_and_the_builders_live_in_helpers():
    tree = ast.parse((REPO / "tests" / "conftest.py").read_text(encoding="utf-8"))
    plain = [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and not any("fixture" in ast.unparse(d) for d in node.decorator_list)
    ]
    assert plain == [], f"builders belong in tests/helpers.py: {plain}"


def test_tests_import_the_builders_from_helpers_never_from_conftest_or_another_test():
    """conftest holds the fixtures, which pytest hands out itself; what a test imports is in
    a helpers module (helpers.py, or one for a part: cache_, watch_, calendar_helpers.py)."""
    importing = [
        f"{p.name}: {name}"
        for p in sorted((REPO / "tests").glob("*.py"))
        for name in _imports(p)
        if name == "conftest" or name.startswith("test_")
    ]
    assert importing == [], f"import these from a helpers module: {importing}"


def test_only_the_errors_module_spells_where_an_error_is():
    """`FILE:LINE: error: …` is made from an error's fields (`core/errors.py`), so nothing has
    to read it back out of the text; the funnel's own `network-md: error:` lines aside."""
    spelled = []
    for path in MODULES:
        rel = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                if (
                    ": error: " in text.replace("network-md: error: ", "")
                    and rel != "core/errors.py"
                ):
                    spelled.append(f"{rel}:{node.lineno}")
    assert not spelled, f"raise a ConfigError (or pass path=, line=) instead: {spelled}"


def test_the_cache_key_covers_every_module_that_reads_a_file_or_the_config():
    """A cached value is only as current as the code that made it: each module the parser and
    the config reader run is among the modules whose stamps key the cache."""
    import inspect

    from network_md.store import cache_file

    stamped = inspect.getsource(cache_file.code_stamp)
    for name in ("format/config", "format/configvalues", "format/parse", "format/fields",
                 "format/logscan", "format/yamlsafe", "format/logcareful"):  # fmt: skip
        assert f'"{name}"' in stamped, name


def test_design_md_lists_every_module():
    text = (REPO / "docs" / "design.md").read_text(encoding="utf-8")
    rows = "\n".join(line.split("|")[1] for line in text.splitlines() if line.startswith("| `"))
    listed = set(re.findall(r"`([a-z_]+/[a-z_/]*(?:\.py|/))`", rows))
    missing = []
    for path in MODULES:
        rel = path.relative_to(PACKAGE).as_posix()
        if path.name == "__init__.py" or rel.count("/") == 0:
            continue
        folder = rel.rsplit("/", 1)[0] + "/"
        if rel not in listed and folder not in listed:
            missing.append(rel)
    assert not missing, f"docs/design.md's module table lacks: {missing}"
