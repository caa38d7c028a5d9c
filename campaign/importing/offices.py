"""Import of the office tree (单位): codes, names, parents, levels, coordinates."""

from __future__ import annotations

from sqlalchemy import Connection, select, update

from campaign.importing import cells
from campaign.importing.errors import RowError
from campaign.importing.runner import Column, Counts, ImportSpec, Progress
from campaign.schema import Office

office = Office.__table__


class OfficesImport(ImportSpec):
    kind = "offices"
    columns = (
        Column("office_code", "单位编码", cells.text(32), required=True),
        Column("office_name", "单位名称", cells.text(100), required=True),
        Column("parent_code", "上级单位编码", cells.text(32)),
        Column("level", "层级", cells.choice("level"), required=True),
        Column("lon", "经度", cells.longitude),
        Column("lat", "纬度", cells.latitude),
    )

    def prepare(self, conn: Connection) -> None:
        parent = office.alias("parent")
        rows = conn.execute(
            select(office.c.code, office.c.name, parent.c.code).outerjoin(
                parent, office.c.parent_id == parent.c.id
            )
        ).all()
        self.stored_names = {name: code for code, name, _ in rows}
        self.stored_parents = {code: parent_code for code, _, parent_code in rows}

    def record(self, values: dict, conn: Connection) -> dict:
        if values["level"] == "city" and values["parent_code"]:
            raise RowError("parent_code", "import.err.city_parent")
        return {
            "code": values["office_code"],
            "name": values["office_name"],
            "parent_code": values["parent_code"],
            "level": values["level"],
            "lon": values["lon"],
            "lat": values["lat"],
        }

    def key(self, record: dict) -> tuple:
        return (record["code"],)

    def check_all(self, records: list[tuple[int, dict]]) -> list[tuple[int, RowError]]:
        errors: list[tuple[int, RowError]] = []
        latest = {r["code"]: (n, r) for n, r in records}
        names = {code: name for name, code in self.stored_names.items()}
        names.update({code: r["name"] for code, (_, r) in latest.items()})
        parents = dict(self.stored_parents)
        parents.update({code: r["parent_code"] for code, (_, r) in latest.items()})
        owner_of_name: dict[str, str] = {}
        for code, name in names.items():
            owner_of_name.setdefault(name, code)
        for code, (row, record) in latest.items():
            owner = owner_of_name[record["name"]]
            if owner != code:
                errors.append(
                    (row, RowError("office_name", "import.err.name_taken", value=record["name"], other=owner))
                )
            parent_code = record["parent_code"]
            if parent_code and parent_code not in parents:
                errors.append((row, RowError("parent_code", "import.err.unknown_parent", value=parent_code)))
            elif self._in_cycle(code, parents):
                errors.append((row, RowError("parent_code", "import.err.own_ancestor", value=code)))
        errors.extend(self._second_tops(latest, parents))
        return errors

    def _second_tops(
        self, latest: dict[str, tuple[int, dict]], parents: dict[str, str | None]
    ) -> list[tuple[int, RowError]]:
        """The file's rows that would make a second top of the tree (an office without a parent).

        The top may be at any level (a city bureau, or a county bureau running its own centre);
        the one kept is the stored top when it stays one, else the file's first.
        """
        tops = [code for code, parent in parents.items() if not parent]
        if len(tops) < 2:
            return []
        stored_tops = sorted(c for c in tops if c in self.stored_parents and not self.stored_parents[c])
        in_file = sorted((latest[c][0], c) for c in tops if c in latest)
        kept = stored_tops[0] if stored_tops else in_file[0][1]
        return [
            (row, RowError("parent_code", "import.err.second_top", other=kept))
            for row, code in in_file
            if code != kept
        ]

    @staticmethod
    def _in_cycle(code: str, parents: dict[str, str | None]) -> bool:
        seen = {code}
        current = parents.get(code)
        while current:
            if current in seen:
                return True
            seen.add(current)
            current = parents.get(current)
        return False

    def write(self, conn: Connection, records: list[dict], progress: Progress | None) -> Counts:
        stored = {
            row.code: row
            for row in conn.execute(
                select(
                    office.c.id,
                    office.c.code,
                    office.c.name,
                    office.c.level,
                    office.c.lon,
                    office.c.lat,
                    office.c.parent_id,
                )
            )
        }
        codes = {code: row.id for code, row in stored.items()}
        counts = Counts()
        # First the offices themselves, then their parents, so a file may list children first.
        for record in records:
            values = {k: record[k] for k in ("code", "name", "level", "lon", "lat")}
            before = stored.get(record["code"])
            if before is None:
                codes[record["code"]] = conn.execute(office.insert().values(**values)).inserted_primary_key[0]
            elif (before.name, before.level, before.lon, before.lat) != (
                values["name"],
                values["level"],
                values["lon"],
                values["lat"],
            ):
                conn.execute(update(office).where(office.c.id == before.id).values(**values))
        for record in records:
            parent_id = codes.get(record["parent_code"]) if record["parent_code"] else None
            before = stored.get(record["code"])
            if before is None:
                counts.inserted += 1
            elif (before.name, before.level, before.lon, before.lat, before.parent_id) == (
                record["name"],
                record["level"],
                record["lon"],
                record["lat"],
                parent_id,
            ):
                counts.unchanged += 1
                continue
            else:
                counts.updated += 1
            conn.execute(update(office).where(office.c.code == record["code"]).values(parent_id=parent_id))
        if progress:
            progress(len(records), len(records))
        return counts
