"""network-md: your professional network as Markdown files, with reciprocity, trust and red flags."""

__version__ = "0.1.0"
