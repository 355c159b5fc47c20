"""Random sequences of edits, renames, configs, days and damage: every reading command answers
the same with the cache as with `--no-cache` after each step."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from cache_helpers import assert_same
from helpers import age
from hypothesis import given, note
from hypothesis import strategies as st
from seq_helpers import (
    SEQ_COMMANDS,
    SEQ_CONFIGS,
    SEQ_DAYS,
    SEQ_PATHS,
    contact_text,
    sequence_settings,
    step,
)


@sequence_settings(40)
@given(data=st.data())
def test_random_sequences_give_the_same_answers_with_and_without_the_cache(run, data):
    base = Path(tempfile.mkdtemp(prefix="network-md-seq-"))
    try:
        root = base / "vault"
        root.mkdir()
        (root / ".network-md.yaml").write_text(SEQ_CONFIGS[0])
        for rel in data.draw(
            st.lists(st.sampled_from(SEQ_PATHS), min_size=1, max_size=5, unique=True), label="files"
        ):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data.draw(contact_text(), label="content"))
        state = {"today": SEQ_DAYS[0]}
        if data.draw(st.integers(0, 3), label="age at start") > 0:
            age(root)
        steps = data.draw(st.integers(1, 8), label="steps")
        for i in range(steps + 1):
            if i:
                note(f"step {i}: {step(data, root, state)}")
            commands = data.draw(st.permutations(SEQ_COMMANDS), label="order")
            name = data.draw(
                st.sampled_from(["ada", "bob", "cyd", "dee", "zoë", "emile"]), label="show"
            )
            assert_same(
                run, root, [*commands, ("show", name, "--json"), commands[0]], today=state["today"]
            )
    finally:
        shutil.rmtree(base)
