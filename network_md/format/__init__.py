"""Bytes to values and back, without I/O: the config, front matter, the log grammar, edits."""
