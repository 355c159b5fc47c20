"""Output streams that never fail on a character they cannot encode: a file name that is not
valid UTF-8 reaches Python as lone surrogates, and is shown replaced rather than crash a command."""

from __future__ import annotations

import codecs
import sys

UNDECODABLE = "network-md-replace"


def _replace_undecodable(error: UnicodeEncodeError):
    """A file name that is not valid UTF-8 reaches Python as lone surrogates, which no stream
    can encode: each becomes U+FFFD (or `?` where the stream cannot show that either)."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    count = error.end - error.start
    try:  # bytes: the UTF-8 encoder takes only ASCII text from a handler
        return "\ufffd".encode(error.encoding) * count, error.end
    except (UnicodeEncodeError, LookupError):
        return "?" * count, error.end


codecs.register_error(UNDECODABLE, _replace_undecodable)


def safe_streams() -> None:
    """stdout and stderr never fail on a character they cannot encode (shown replaced)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors=UNDECODABLE)
        except (AttributeError, ValueError, OSError):
            pass  # not a text stream we can change (a test's capture): left as it is
