"""The benchmarks' doc writers (bench/marked.py): each replaces only its own marked section of
a doc, and every line written by hand around it is kept."""

from __future__ import annotations

import sys

import pytest
from helpers import REPO

sys.path.insert(0, str(REPO / "bench"))
from marked import replace_marked  # noqa: E402

DOC = "# Title\n\nBy hand.\n\n<!-- bench:x -->\nold\nrows\n<!-- /bench:x -->\n\n## Also by hand\n"


def test_only_the_marked_section_is_replaced():
    new = replace_marked(DOC, "x", "new\nrows")
    assert new == DOC.replace("old\nrows", "new\nrows")
    assert replace_marked(new, "x", "old\nrows") == DOC  # and back, byte for byte


@pytest.mark.parametrize(
    "doc", ["# no section\n", "<!-- bench:x -->\n", "<!-- /bench:x -->\n<!-- bench:x -->\n"]
)
def test_a_doc_without_the_section_is_an_error_not_a_guess(doc):
    with pytest.raises(ValueError):
        replace_marked(doc, "x", "text")


def test_each_generated_doc_holds_its_markers_once():
    for doc, name in (("performance.md", "status"), ("watch-performance.md", "watch")):
        text = (REPO / "docs" / doc).read_text(encoding="utf-8")
        assert text.count(f"<!-- bench:{name} -->") == 1, doc
        assert text.count(f"<!-- /bench:{name} -->") == 1, doc


def test_bench_watch_keeps_the_sections_written_by_hand(tmp_path):
    from bench_watch import write_report

    doc = (REPO / "docs" / "watch-performance.md").read_text(encoding="utf-8")
    out = tmp_path / "watch-performance.md"
    out.write_text(doc, encoding="utf-8")
    write_report(out, "Measured today.\n\n| a |\n|---|\n")
    written = out.read_text(encoding="utf-8")
    head, rest = doc.split("<!-- bench:watch -->\n")
    _, tail = rest.split("<!-- /bench:watch -->")
    assert (
        written
        == f"{head}<!-- bench:watch -->\nMeasured today.\n\n| a |\n|---|\n<!-- /bench:watch -->{tail}"
    )
    assert "## The files `watch` keeps" in tail
    write_report(out, "Measured today.\n\n| a |\n|---|\n")
    assert out.read_text(encoding="utf-8") == written  # the same run: the same file


def test_bench_watch_gives_a_doc_without_the_section_one(tmp_path):
    from bench_watch import TITLE, write_report

    out = tmp_path / "new.md"
    write_report(out, "Measured.\n")
    assert out.read_text(encoding="utf-8") == (
        f"{TITLE}\n\n<!-- bench:watch -->\nMeasured.\n<!-- /bench:watch -->\n"
    )
    out.write_text("# Mine\n\nNotes.\n", encoding="utf-8")
    write_report(out, "Measured.")
    assert out.read_text(encoding="utf-8") == (
        "# Mine\n\nNotes.\n\n<!-- bench:watch -->\nMeasured.\n<!-- /bench:watch -->\n"
    )
