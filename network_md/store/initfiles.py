"""What `init` writes besides folders: the config, every key commented, and the vault's README
(which is never read as a contact). Both point only at what an installed network-md has."""

CONFIG_TEMPLATE = """\
# network-md settings for this vault. Every key is optional. The values shown are the
# defaults, except `contacts` and `kinds`, which `init` set for this vault (without them: the
# whole vault holds contacts, and only the canonical kinds count). `network-md --help` lists
# the commands; `network-md check` reports a key that is wrong.

# me: Your Name              # your name, for headings
contacts: [people]           # folders or globs that hold contact files (empty: the whole vault)
ignore: []                   # globs to skip, e.g. [archive/**, "*.excalidraw.md"]
window_days: 365             # reciprocity is counted over this many days, today included
lookback_days: 30            # thank-you and reply nudges look back this far
circles: {inner: 14, close: 30, wide: 90, contact: none}   # days between touches
default_circle: wide         # for contacts without a circle
one_way_gives: 3             # this many gives with nothing back is a one-way red flag
ask_unanswered_days: 14      # an ask this old with no answer is a red flag
daily: {minutes: 15, items: 5, default_minutes: 5, at: "08:30"}   # goal, agenda length, minutes per entry, start
dates: {lead_days: 2}        # birthdays reach the agenda this many days ahead
kinds: {coffee: met, intro: gave}   # your own words for the canonical kinds (default: none)
log_heading: "## Log"        # the section `log` writes into, e.g. "## Interactions"
git: {autocommit: false}     # true: commit every file network-md writes
# dashboard: NETWORK.md      # the file `watch --dashboard` keeps; never read as a contact
"""

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
