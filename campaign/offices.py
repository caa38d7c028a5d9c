"""The office tree: a city bureau (or a county bureau running its own centre) at the top, district/county
bureaus, grassroots offices (所)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, literal, select

from campaign.frames import plain_rows
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


def offices_in(conn: Connection, scope: int | None = None) -> list[tuple[int, str, str, str]]:
    """Every office in the viewer's scope: id, code, name, level; by code."""
    return plain_rows(
        conn,
        select(office.c.id, office.c.code, office.c.name, office.c.level)
        .where(*in_scope(office.c.id, scope))
        .order_by(office.c.code),
    )


def stations(offices: list[tuple]) -> list[tuple[int, str, str]]:
    """Of `offices_in`'s rows, those that must keep the 8:00-24:00 duty, the grassroots offices
    (所): id, code, name."""
    return [o[:3] for o in offices if o[3] == "station"]


def duty_offices(conn: Connection, scope: int | None = None) -> list[tuple[int, str, str]]:
    """Offices that must keep the duty, in the viewer's scope, by code: id, code, name."""
    return stations(offices_in(conn, scope))


def within(offices: pd.DataFrame, root: int | None) -> pd.DataFrame:
    """The rows of an office list (id, parent_id, …) that are `root` or below it; all when None."""
    if root is None:
        return offices
    keep, frontier = {root}, {root}
    while frontier:
        frontier = set(offices.loc[offices["parent_id"].isin(frontier), "id"]) - keep
        keep |= frontier
    return offices[offices["id"].isin(keep)].reset_index(drop=True)


def top_office(conn: Connection) -> tuple[int, str, str, str] | None:
    """The top of the tree, the one office without a parent (a city bureau, or a county bureau
    running its own centre): id, code, name, level; None before any office is imported."""
    rows = plain_rows(
        conn,
        select(office.c.id, office.c.code, office.c.name, office.c.level)
        .where(office.c.parent_id.is_(None))
        .order_by(office.c.code)
        .limit(1),
    )
    return rows[0] if rows else None
