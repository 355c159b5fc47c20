"""Shell completion: contact names for every NAME argument and kinds for KIND, each coming back
to the shell as one word however many words, quotes or apostrophes it holds."""

from __future__ import annotations

import os
import re

from click.shell_completion import (
    _SOURCE_FISH,
    BashComplete,
    CompletionItem,
    FishComplete,
    add_completion_class,
)

from network_md.core.model import KINDS

# What bash reads as part of a word unquoted; anything else ASCII gets a backslash. Other
# scripts' letters need none.
_BASH_PLAIN = re.compile(r"[\w@%+=:,./-]", re.ASCII)


def vault_option(ctx) -> str | None:
    """The --vault given before or after the command (the environment and the working folder
    are find_root's to try)."""
    return ctx.meta.get("network_md.vault") or ctx.find_root().params.get("vault")


def complete_name(ctx, param, incomplete):
    """Names, aliases and file stems of the vault's contacts (and their paths, once the word
    holds a `/`), matched as NAME matches: case, accents and punctuation folded."""
    from network_md.analysis.current import open_index, save
    from network_md.core.names import compact, file_stem, fold, sort_key
    from network_md.store.vault import find_root

    try:
        cache = open_index(find_root(vault_option(ctx)))
        save(cache)
        index = cache.index
    except Exception:  # completion never fails loudly: no vault, no names
        return []
    want, want_compact = fold(incomplete), compact(incomplete)
    items: dict[str, str] = {}
    # the name index holds each name folded, in the order of `keys_of`: no contact is decoded
    for path, (name, aliases, keys, compacts, _) in index.names().items():
        if "/" in incomplete:
            if path.startswith(incomplete.lstrip("./")):
                items.setdefault(path, name)
            continue
        for key, folded, joined in zip((name, *aliases, file_stem(path)), keys, compacts):
            if folded.startswith(want) or joined.startswith(want_compact):
                items.setdefault(key, path)
    return [CompletionItem(k, help=items[k]) for k in sorted(items, key=sort_key)]


def complete_kind(ctx, param, incomplete):
    """The canonical kinds, then the config's own words."""
    words = list(KINDS)
    try:
        from network_md.store.cache import Cache
        from network_md.store.vault import find_root

        # the config alone, from the cache where it holds it: no contact file is read
        words += list(Cache(find_root(vault_option(ctx))).open_index().vault.config.kinds)
    except Exception:
        pass
    return [CompletionItem(w) for w in words if w.startswith(incomplete.lower())]


def bash_word(text: str, quote: str = "") -> str:
    """`Ada Lovelace` as bash must be given it to read one word: `Ada\\ Lovelace`, `O\\'Brien`.
    After an opening quote the user typed (`"Ada`), what that quote needs instead: inside `"`
    only `"`, `\\`, `$` and a backtick take a backslash; inside `'` a `'` ends the quote, so it
    is written `'\\''`."""
    if quote == '"':
        return "".join("\\" + c if c in '"\\$`' else c for c in text)
    if quote == "'":
        return text.replace("'", "'\\''")
    return "".join(c if _BASH_PLAIN.match(c) or not c.isascii() else "\\" + c for c in text)


def _open_quote(word: str) -> str:
    """The quote a partly typed word opened and did not close (`"Ada L`), or ""."""
    quote = ""
    escaped = False
    for c in word:
        if escaped:
            escaped = False
        elif c == "\\" and quote != "'":
            escaped = True
        elif quote and c == quote:
            quote = ""
        elif not quote and c in "'\"":
            quote = c
    return quote


class QuotingBash(BashComplete):
    """Bash puts a completion in the command line as it is: it comes quoted, as the word the
    user is typing needs (escaped, or inside the quote they opened). (zsh and fish quote what
    they insert themselves.) The script reads each line with `read`, which takes one level of
    backslashes away: they are doubled for it."""

    quote = ""

    def get_completion_args(self) -> tuple[list[str], str]:
        # The script joins COMP_WORDS with its IFS, a newline: the word as typed, quotes and all.
        raw = os.environ.get("COMP_WORDS", "").split("\n")
        cword = int(os.environ.get("COMP_CWORD", "0"))
        self.quote = _open_quote(raw[cword]) if len(raw) > cword else ""
        return super().get_completion_args()

    def format_completion(self, item: CompletionItem) -> str:
        if item.type != "plain":
            return f"{item.type},{item.value}"
        word = bash_word(item.value, self.quote)
        return f"{item.type},{word.replace(chr(92), chr(92) * 2)}"


class WholeFish(FishComplete):
    """Fish as click writes it, but a value with a comma (`O'Brien, Siobhán`) stays whole."""

    source_template = _SOURCE_FISH.replace('string split ","', 'string split -m1 ","')


def register() -> None:
    """Use these for `_NETWORK_MD_COMPLETE=bash_…` and `fish_…` (called before completing)."""
    add_completion_class(QuotingBash, "bash")
    add_completion_class(WholeFish, "fish")
