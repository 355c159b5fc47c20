"""Keeping the analysis current as files change: the observer, the live state, the loop."""
