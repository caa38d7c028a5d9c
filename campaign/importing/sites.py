"""Import of activity sites (活动点) and their running tallies (活动点统计)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from campaign.geo import gcj02_to_wgs84
from campaign.importing import cells
from campaign.importing.errors import RowError
from campaign.importing.references import OfficeLookup
from campaign.importing.runner import Column, Counts, ImportSpec, Progress, write_changes
from campaign.schema import TALLY_COUNTS, Site, Tally

TALLY_HEADERS = {
    "staff": "参加工作人员",
    "consultations": "现场咨询",
    "complaints": "受理投诉",
    "materials": "发放资料",
    "repairs": "维修服务",
    "tests": "检测服务",
    "banners": "横幅",
    "vehicles": "宣传车辆",
    "volunteers": "志愿者",
}


class SitesImport(ImportSpec):
    kind = "sites"
    columns = (
        Column("site", "活动点", cells.text(100), required=True),
        Column("office", "承办单位", cells.text(100), required=True),
        Column("address", "地址", cells.text(200)),
        Column("lon", "经度", cells.longitude, required=True),
        Column("lat", "纬度", cells.latitude, required=True),
        Column("start", "开始时间", cells.moment, required=True),
        Column("end", "结束时间", cells.moment, required=True),
        Column("theme", "主题", cells.text(100)),
    )

    def __init__(self, gcj02: bool = False):
        self.gcj02 = gcj02  # coordinates picked on 高德/腾讯 maps: convert to WGS-84

    def prepare(self, conn: Connection) -> None:
        self.offices = OfficeLookup(conn)

    def record(self, values: dict, conn: Connection) -> dict:
        office_id = self.offices.id_for("office", values["office"])
        if values["end"] <= values["start"]:
            raise RowError("end", "import.err.end_before_start")
        lon, lat = values["lon"], values["lat"]
        if self.gcj02:
            lon, lat = gcj02_to_wgs84(lon, lat)
        return {
            "name": values["site"],
            "office_id": office_id,
            "address": values["address"],
            "lon": round(lon, 6),
            "lat": round(lat, 6),
            "start_at": values["start"],
            "end_at": values["end"],
            "theme": values["theme"],
        }

    def key(self, record: dict) -> tuple:
        return (record["name"], record["office_id"])

    def write(self, conn: Connection, records: list[dict], progress: Progress | None) -> Counts:
        return write_changes(conn, Site.__table__, records, ["name", "office_id"], progress)


class TalliesImport(ImportSpec):
    kind = "tallies"
    columns = (
        Column("site", "活动点", cells.text(100), required=True),
        Column("office", "承办单位", cells.text(100), required=True),
        Column("reported_at", "统计时间", cells.moment, required=True),
        *(Column(key, zh, cells.count) for key, zh in TALLY_HEADERS.items()),
    )

    def prepare(self, conn: Connection) -> None:
        self.offices = OfficeLookup(conn)
        site = Site.__table__
        self.sites = {(n, o): i for i, n, o in conn.execute(select(site.c.id, site.c.name, site.c.office_id))}

    def record(self, values: dict, conn: Connection) -> dict:
        office_id = self.offices.id_for("office", values["office"])
        site_id = self.sites.get((values["site"], office_id))
        if site_id is None:
            raise RowError("site", "import.err.unknown_site", value=values["site"])
        return {
            "site_id": site_id,
            "reported_at": values["reported_at"],
            **{k: values[k] or 0 for k in TALLY_COUNTS},
        }

    def key(self, record: dict) -> tuple:
        return (record["site_id"], record["reported_at"])

    def write(self, conn: Connection, records: list[dict], progress: Progress | None) -> Counts:
        return write_changes(conn, Tally.__table__, records, ["site_id", "reported_at"], progress)
