"""Which file that is already there an output of network-md may replace (`--output`, and the
feed and report `watch` keeps): one that holds nothing, or one of the output's own kind. A
note or a contact named by a typo is never overwritten."""

from __future__ import annotations

from collections.abc import Callable

# A byte-order mark and white space: a file of nothing else holds nothing to lose.
BLANK = b"\xef\xbb\xbf \t\r\n\x0b\x0c"


def replaceable(data: bytes, is_ours: Callable[[bytes], bool]) -> bool:
    """Whether a file holding `data` may be written over: it holds nothing, or `is_ours`."""
    return not data.lstrip(BLANK) or is_ours(data)


def starts_with(data: bytes, heads: tuple[bytes, ...]) -> bool:
    """Whether `data` begins, after a byte-order mark and white space, with one of `heads`."""
    return data.lstrip(BLANK).startswith(heads)
