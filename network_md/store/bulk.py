"""Bulk work in one command: the garbage collector paused while it runs, and a progress count."""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager


@contextmanager
def bulk(freeze: bool = False):
    """Bulk work (parsing or decoding many files, analysing everyone) with the cyclic garbage
    collector paused: it allocates many small objects that are never cycles, and each pass of
    the collector would rescan the whole growing heap. `freeze`: what was built is then moved
    out of the collector's sight for good, so later passes do not rescan it either (for a
    process that ends soon after: one command, never `watch`)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if freeze:
                gc.freeze()
            gc.enable()


class Progress:
    """A one-line progress count on stderr, only on a terminal and only after a second."""

    def __init__(self, stream, label: str = "indexing"):
        self.stream = stream
        self.label = label
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def __call__(self, done: int, total: int):
        now = time.monotonic()
        if now - self.start < 1.0 or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        self.shown = True
        self.stream.write(f"\r{self.label} {done:,}/{total:,} files…")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
