"""`list`'s rows: the contacts' numbers filtered by relationship, tag, circle and company, and
sorted. Pure functions of the analysis."""

from __future__ import annotations

from network_md.core.names import fold, sort_key
from network_md.format.fields import company


def select(
    stats,
    relationship: str | None,
    tag: str | None,
    sort_by: str = "name",
    company_part: str | None = None,
    circle: str | None = None,
) -> list:
    """The contacts' stats in one relationship, with one tag (folded, whole), in one circle and
    whose company holds `company_part` (folded), sorted by `sort_by` (a key of SORTS)."""
    if relationship:
        stats = [st for st in stats if st.relationship == relationship]
    if tag:
        wanted = fold(tag.lstrip("#"))
        stats = [st for st in stats if any(fold(t) == wanted for t in st.contact.tags)]
    if circle:
        stats = [st for st in stats if st.circle == circle]
    if company_part is not None:
        part = fold(company_part)
        stats = [st for st in stats if (c := company(st.contact.fields)) and part in fold(c)]
    return sorted(stats, key=SORTS[sort_by])


def _by_company(st) -> tuple:
    """By company, folded as names sort; people without one last; then by name."""
    name = company(st.contact.fields)
    return (not name, fold(name), *sort_key(st.contact.name), st.contact.path)


SORTS = {
    "name": lambda st: (*sort_key(st.contact.name), st.contact.path),
    "balance": lambda st: (-st.balance, st.contact.path),
    "last": lambda st: (-(st.last_touch or 0), st.contact.path),
    "familiarity": lambda st: (-st.familiarity, st.contact.path),
    "trust": lambda st: (-st.trust, st.contact.path),
    "company": _by_company,
}
