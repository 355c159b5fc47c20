"""Errors a user can act on. The CLI turns each into one line on stderr and its exit code."""

from __future__ import annotations


class NetworkMdError(Exception):
    """Base: a message for the user and the exit code it ends with."""

    exit_code = 1

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(NetworkMdError):
    """The user's input was wrong (bad date, unknown contact, no vault, bad config): exit 2."""

    exit_code = 2


class WriteError(NetworkMdError):
    """A write was refused or failed and nothing was written: exit 1."""

    exit_code = 1
