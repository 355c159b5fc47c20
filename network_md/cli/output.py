"""`--output FILE`, for the commands that write one file (export, report, calendar, graph): the
option, the guard that never replaces a file of another kind, and the one writer of the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from network_md.cli.entries import say
from network_md.cli.streams import UNDECODABLE
from network_md.core.errors import UsageError, WriteError
from network_md.render.owned import replaceable
from network_md.store.safeopen import NotRegularFile, read_regular

_NOT_REGULAR = "not a regular file; nothing written (without --output: stdout)"


def output_option(help_text: str):
    return click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help=help_text)


def refuse_to_replace(path: Path, is_ours: Callable[[bytes], bool], what: str) -> None:
    """A file that is there, holds something and is not `what` by `is_ours` (a note, a contact:
    a typo in --output) is never replaced: exit 2, nothing written. Checked before any work, so
    no warning comes first; a FIFO is refused here too, without waiting on it."""
    try:
        before = read_regular(path)
    except NotRegularFile:
        raise UsageError(f"--output {path}: {_NOT_REGULAR}") from None
    except OSError:
        return  # missing: it is written; unreadable: the writer says why
    if not replaceable(before, is_ours):
        raise UsageError(f"--output {path}: the file is there and is not {what}; nothing written")


def write_output(path: Path, data: str | bytes) -> None:
    """The file `--output` names, written atomically; text is UTF-8, and a file name in it
    that is not valid UTF-8 shows U+FFFD. A FIFO or a device there is refused (reading it to
    compare would wait forever): leave out --output to write to stdout."""
    from network_md.store.atomic import write_file

    if isinstance(data, str):
        data = data.encode("utf-8", UNDECODABLE)
    try:
        before = read_regular(path)
    except NotRegularFile:
        before = False
    except FileNotFoundError:
        before = None
    except OSError as exc:
        raise WriteError(
            f"{path}: cannot be read ({exc.strerror}); nothing written", path=str(path)
        ) from None
    if before is False:
        raise UsageError(f"--output {path}: {_NOT_REGULAR}")
    if not path.parent.is_dir():
        raise UsageError(
            f"--output {path}: the folder {path.parent} does not exist; nothing written"
        )
    write_file(path, data, before)


def deliver(output: Path | None, data: str | bytes, wrote: str) -> None:
    """`data` to stdout as it is (bytes to the binary stream), or into the file `output`, then
    the line `wrote` on stderr."""
    if output is None:
        click.echo(data, nl=False)
    else:
        write_output(output, data)
        say(wrote)
