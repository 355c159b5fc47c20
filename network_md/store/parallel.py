"""Reading many contact files on every core: a cold index of a large vault, in forked workers.

Parsing front matter is most of a cold index, and it is CPU-bound Python: on a 2-core machine
two processes read 10,000 files in little more than half the time of one. Used only where it
is safe and pays: on Linux (fork), from a single-threaded process (the CLI; never `watch`, whose
observer thread is running), for at least PARALLEL_MIN files. Anything that goes wrong falls
back to reading in this process.

A worker sends each contact as its record (records.py) and its name entry (names.py), what the
cache stores: the main process keeps them as they came and decodes a record only when something
asks for that contact.
Given a `prepare` function, a worker also computes what that function makes of each contact
(the layers above pass one down: the analysis' contribution to the day's summary): a
marshal-able value, carried in the worker's answer (one `marshal.loads` for thousands of
files, not one for each). Without `records`, a worker sends that alone for a contact, in a
lean entry (reader.LEAN): for a command that writes no cache and asks for no contact but a
few (each read again when asked), records and name entries would be a sixth of its work, for
nothing.
"""

from __future__ import annotations

import marshal
import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from network_md.format.config import Config
from network_md.store.names import name_entry
from network_md.store.reader import read_file
from network_md.store.records import to_record

PARALLEL_MIN = 2000
CHUNKS_PER_WORKER = 8  # smaller pieces: balanced work, and a progress count that moves
# In a worker: a contact it prepared needs everyone (`prepare.spans_contacts`), so the rest of
# its contacts go with their records (the lean ones before it are read again, a few)
_everyone_wanted = False


class Chunk(NamedTuple):
    """What one worker read of its share, as columns (the main process takes each column in
    one C-level update, not file by file)."""

    paths: list  # the files read, in order
    raws: list  # each one's (stamp, problem tuples, record or None, name entry or None), or
    # for a contact sent without its record, (stamp, problem tuples, 0)
    prepared_paths: list  # the contacts among them that `prepare` made something of
    prepared: list  # what it made of each of those
    gone: list  # the files that were gone by the time the worker came to them


def workers_for(count: int) -> int:
    """How many processes to read `count` files with (1: read them here)."""
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )
    if count < PARALLEL_MIN or cores < 2 or not sys.platform.startswith("linux"):
        return 1
    if threading.active_count() > 1:  # forking a process with threads can deadlock the child
        return 1
    return min(cores, 8)


def _read_chunk(job) -> bytes:
    """In a worker: read and parse some files (and prepare what `prepare` makes of each
    contact); their Chunk, marshalled."""
    global _everyone_wanted
    root, config, paths, prepare, records = job
    spans = getattr(prepare, "spans_contacts", None)
    root = os.fspath(root)
    read, raws, prepared_paths, prepared, gone = [], [], [], [], []
    for path in paths:
        item = read_file(root, config, path, walked=True)  # `paths` are what the walk found
        if item is None:
            gone.append(path)
            continue
        contact = item.contact
        problems = tuple(map(tuple, item.problems)) if item.problems else ()
        read.append(path)
        if contact is None:
            raws.append((item.stamp, problems, None, None))
            continue
        if prepare is not None:
            made = prepare(contact)
            prepared_paths.append(path)
            prepared.append(made)
            if not records and spans is not None and spans(made):
                _everyone_wanted = True
        if records or prepare is None or _everyone_wanted:
            raws.append((item.stamp, problems, to_record(contact), name_entry(contact)))
        else:
            raws.append((item.stamp, problems, 0))
    return marshal.dumps((read, raws, prepared_paths, prepared, gone))


def read_many(
    root: Path,
    config: Config,
    paths: list[str],
    progress=None,
    prepare: Callable | None = None,
    records: bool = True,
) -> list[Chunk] | None:
    """Every one of `paths` read by worker processes, in chunks; None (nothing done): read
    them here, as after any failure midway (nothing is used until every worker has answered).
    `records=False` (with a `prepare`): contacts come as lean entries."""
    workers = workers_for(len(paths))
    if workers < 2:
        return None
    from network_md.format.yamlsafe import load_yaml

    # PyYAML and python-frontmatter loaded once here, inherited by every worker (the front
    # matter of the everyday shape does without them, the rest does not)
    load_yaml("a: 1")
    pieces = workers * CHUNKS_PER_WORKER
    jobs = [(root, config, paths[i::pieces], prepare, records) for i in range(pieces)]
    try:
        return list(_results(workers, jobs, len(paths), progress))
    except (OSError, ValueError, EOFError, ImportError):
        return None


def _results(workers: int, jobs: list, total: int, progress) -> Iterator[Chunk]:
    import multiprocessing

    done = 0
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for blob in pool.imap_unordered(_read_chunk, jobs):
            chunk = Chunk._make(marshal.loads(blob))
            yield chunk
            done += len(chunk.paths) + len(chunk.gone)
            if progress:
                progress(min(done, total), total)
