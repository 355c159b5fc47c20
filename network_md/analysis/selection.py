"""`list`'s rows: the contacts' numbers filtered by relationship, tag, circle and company, and
sorted. Pure functions of the analysis.

Filters and sorts look only at a contact's `Keys`, so rows kept ready-made (render/listrows.py)
are chosen and ordered by the very same code as freshly analysed contacts."""

from __future__ import annotations

from typing import NamedTuple

from network_md.core.names import fold, sort_key
from network_md.format.fields import company


class Keys(NamedTuple):
    """What `list`'s filters and sorts read of one contact (plain values: they are cached)."""

    path: str
    relationship: str
    circle: str
    tags: tuple  # folded, as `--tag` compares them
    company: str  # "" when none
    company_folded: str
    name_key: tuple  # core.names.sort_key of the name
    balance: int
    last_touch: int  # 0 for never
    familiarity: int
    trust: int
    archived: bool


def keys_of(st) -> Keys:
    """The keys of one contact's stats."""
    c = st.contact
    firm = company(c.fields)
    return Keys(
        c.path,
        st.relationship,
        st.circle,
        tuple(fold(t) for t in c.tags),
        firm,
        fold(firm),
        sort_key(c.name),
        st.balance,
        st.last_touch or 0,
        st.familiarity,
        st.trust,
        bool(st.archived),
    )


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
    keyed = [(keys_of(st), st) for st in stats]
    return [st for _, st in select_keyed(keyed, relationship, tag, sort_by, company_part, circle)]


def select_keyed(
    keyed: list,
    relationship: str | None,
    tag: str | None,
    sort_by: str = "name",
    company_part: str | None = None,
    circle: str | None = None,
) -> list:
    """`select` over (keys, item) pairs, the keys a `Keys` or the plain tuple of one: the pairs
    kept, in order."""
    if relationship:
        keyed = [p for p in keyed if p[0][REL] == relationship]
    if tag:
        wanted = fold(tag.lstrip("#"))
        keyed = [p for p in keyed if wanted in p[0][TAGS]]
    if circle:
        keyed = [p for p in keyed if p[0][CIRCLE] == circle]
    if company_part is not None:
        part = fold(company_part)
        keyed = [p for p in keyed if p[0][COMPANY] and part in p[0][FIRM]]
    order = SORTS[sort_by]
    return sorted(keyed, key=lambda p: order(p[0]))


# Where each key lies in a Keys (a plain tuple of one reads the same).
PATH, REL, CIRCLE, TAGS, COMPANY, FIRM, NAME, BALANCE, LAST, FAMILIARITY, TRUST, _ = range(12)


def _by_company(k) -> tuple:
    """By company, folded as names sort; people without one last; then by name."""
    return (not k[COMPANY], k[FIRM], *k[NAME], k[PATH])


SORTS = {
    "name": lambda k: (*k[NAME], k[PATH]),
    "balance": lambda k: (-k[BALANCE], k[PATH]),
    "last": lambda k: (-k[LAST], k[PATH]),
    "familiarity": lambda k: (-k[FAMILIARITY], k[PATH]),
    "trust": lambda k: (-k[TRUST], k[PATH]),
    "company": _by_company,
}
