"""The office tree: a city bureau (or a county bureau running its own centre) at the top, district/county
bureaus, grassroots offices (所)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, literal, select

from campaign.schema import Office

office = Office.__table__


def subtree_ids(conn: Connection, office_id: int) -> list[int]:
    """The office and every office below it."""
    tree = select(office.c.id).where(office.c.id == office_id).cte("tree", recursive=True)
    tree = tree.union_all(select(office.c.id).where(office.c.parent_id == tree.c.id))
    return list(conn.execute(select(tree.c.id)).scalars())


def subtree_select(office_id: int, name: str = "subtree"):
    """A SELECT of the ids in an office's subtree, to use inside an IN (...) clause.

    Two in one statement need different `name`s (a filter's office and the viewer's scope).
    """
    tree = select(office.c.id).where(office.c.id == literal(office_id)).cte(name, recursive=True)
    tree = tree.union_all(select(office.c.id).where(office.c.parent_id == tree.c.id))
    return select(tree.c.id)


def id_for_code(conn: Connection, code: str | None) -> int | None:
    """The office with `code`, or None when there is no such office (or no code)."""
    if not code:
        return None
    return conn.execute(select(office.c.id).where(office.c.code == code)).scalar()


def in_scope(office_column, scope: int | None) -> list:
    """The clause keeping `office_column` inside the viewer's scope (an office and those below it)."""
    return [] if scope is None else [office_column.in_(subtree_select(scope, "scope"))]


def stations(offices: list[tuple]) -> list[tuple[int, str, str]]:
    """Of queries.reference.offices_in's rows, those that must keep the 8:00-24:00 duty, the
    grassroots offices (所): id, code, name."""
    return [o[:3] for o in offices if o[3] == "station"]


def within(offices: pd.DataFrame, root: int | None) -> pd.DataFrame:
    """The rows of an office list (id, parent_id, …) that are `root` or below it; all when None."""
    if root is None:
        return offices
    keep, frontier = {root}, {root}
    while frontier:
        frontier = set(offices.loc[offices["parent_id"].isin(frontier), "id"]) - keep
        keep |= frontier
    return offices[offices["id"].isin(keep)].reset_index(drop=True)
