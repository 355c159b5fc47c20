"""Pure numbers: each contact's stats, the rules that raise flags, the summary, the agenda."""
