"""Errors a user can act on. The CLI turns each into one line on stderr and its exit code.

An error about a place in a file carries the place as data (`path`, `line`, and for the config
its `key`): the line the CLI prints is made from them (`people/ada.md:3: error: …`), and code
that needs the place (watch's problem events) reads the fields, never the text.
"""

from __future__ import annotations


class NetworkMdError(Exception):
    """Base: a message for the user and the exit code it ends with; `path` and `line` when the
    error is about a place in a file (then `detail` is what is wrong there)."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        exit_code: int | None = None,
        *,
        path: str | None = None,
        line: int | None = None,
    ):
        self.detail = message
        self.path = path
        self.line = line
        super().__init__(self.message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        """The error as one line: `path:line: error: detail` when it has a place, else the
        detail alone."""
        if self.path is None:
            return self.detail
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: error: {self.detail}"

    def shown(self) -> str:
        """The line the CLI prints: the place first, else the program's name."""
        return self.message if self.path is not None else f"network-md: error: {self.detail}"

    def __reduce__(self):
        # Rebuilt from its fields, not from `args` (a subclass's __init__ takes others).
        return _restore, (type(self), dict(self.__dict__))


def _restore(cls, fields: dict) -> NetworkMdError:
    exc = cls.__new__(cls)
    exc.__dict__.update(fields)
    Exception.__init__(exc, exc.message)
    return exc


class UsageError(NetworkMdError):
    """The user's input was wrong (bad date, unknown contact, no vault, bad config): exit 2."""

    exit_code = 2


class ConfigError(UsageError):
    """A wrong config (`.network-md.yaml`): the file, the line and the key when they are known,
    and what is wrong with the value. Exit 2."""

    def __init__(self, path: str, line: int | None, key: str | None, message: str):
        super().__init__(f"{key}: {message}" if key else message, path=path, line=line)
        self.key = key
        self.reason = message


class WriteError(NetworkMdError):
    """A write was refused or failed and nothing was written: exit 1.

    `path`, when set, is the file (or folder) the error is about, as its message begins with
    it: the name alone, or the path in the vault. The line is the message as written (`path`
    does not add `error:` to it, as a place in a file would); code that names the file
    otherwise reads the field, never the text."""

    exit_code = 1

    def __init__(self, message: str, exit_code: int | None = None, *, path: str | None = None):
        super().__init__(message, exit_code)
        self.path = path

    @property
    def message(self) -> str:
        return self.detail

    def shown(self) -> str:
        return f"network-md: error: {self.detail}"

    def reason(self) -> str:
        """What went wrong, without `path: ` in front (the whole message when it has none)."""
        if self.path is None:
            return self.detail
        return self.detail.removeprefix(f"{self.path}: ")

    def renamed(self, shown: str) -> WriteError:
        """The same error with its file named `shown` (its path in the vault, say): in place of
        `path` where the message begins with it, else in front (`shown: message`)."""
        if self.path is not None and self.detail.startswith(self.path):
            said = self.detail[len(self.path) :]
        else:
            said = f": {self.detail}"
        return WriteError(shown + said, self.exit_code, path=shown)
