"""What `init` writes besides folders: the config, every key commented, and the vault's README
(which is never read as a contact). Both point only at what an installed network-md has."""

from network_md.format.config import SETTINGS, as_yaml

CONFIG_HEADER = """\
# network-md settings for this vault. Every key is optional. The values shown are the
# defaults, except `contacts` and `kinds`, which `init` set for this vault (without them: the
# whole vault holds contacts, and only the canonical kinds count). `network-md --help` lists
# the commands; `network-md check` reports a key that is wrong.
"""
COMMENT_AT = 29  # the column every key's comment starts at


def config_template() -> str:
    """The config `init` writes: every setting of the table, in its order, with its default
    (or the value `init` sets) and what it means; a section's keys indented under it."""
    lines, section = [CONFIG_HEADER], None
    for s in SETTINGS:
        top, _, sub = s.key.rpartition(".")
        if top and top != section:
            lines.append(f"{top}:")
        section = top
        value = s.init or as_yaml(s.default)
        commented = value.startswith("# ")  # an example, not a default: left for the user
        line = f"{'  ' if top else ''}{'# ' if commented else ''}{sub}: {value.removeprefix('# ')}"
        lines.append(f"{line.ljust(COMMENT_AT - 2)}  # {s.doc}")
    return "\n".join(lines) + "\n"


CONFIG_TEMPLATE = config_template()

VAULT_README = """\
# My network

This folder is a network-md vault: one Markdown file per person in `people/`, each with a
`## Log` of dated entries such as

```markdown
- 2026-11-27 gave (15m): sent Ada the article on structured interviews
```

Daily loop: `network-md today`, then `network-md log NAME KIND "what happened"`, and
`network-md status` for the whole picture. `network-md --help` lists every command, and
`network-md COMMAND --help` explains one. `templates/contact.md`, if you create it, is the
template for `network-md new` (placeholders: {{name}}, {{circle}}, {{tags}}, {{aliases}},
{{date}}, {{log_heading}}).

This README is about the vault, not a person: network-md never reads it as a contact.
"""
