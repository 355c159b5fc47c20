"""Bringing people in (LinkedIn connections, vCards) and out (JSON, CSV, vCard 4.0)."""

# `linkedin` and `vcard` turn a file's bytes into `identity.Record`s; `identity` matches them
# to the vault's contacts and plans what to write; `files` renders and writes contact files
# (through `network_md.edit`, the only code that writes them); `export` renders the analysis.
