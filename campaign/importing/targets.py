"""Import of plan targets (计划目标) and progress reports (进度填报)."""

from __future__ import annotations

from sqlalchemy import Connection

from campaign.importing import cells
from campaign.importing.errors import FieldError, RowError
from campaign.importing.references import OfficeLookup
from campaign.importing.runner import Column, Counts, ImportSpec, Progress, write_changes
from campaign.metrics import METRICS, PROGRESS_METRICS, metric_code
from campaign.schema import ProgressReport, Target


def metric(value: object) -> str | None:
    if cells.empty(value):
        return None
    code = metric_code(str(value))
    if code is None:
        names = "、".join(m.name for m in METRICS.values())
        raise FieldError("import.err.unknown_metric", value=str(value).strip(), names=names)
    return code


class TargetsImport(ImportSpec):
    kind = "targets"
    columns = (
        Column("office", "单位", cells.text(100), required=True),
        Column("metric", "指标", metric, required=True),
        Column("target", "目标值", cells.amount, required=True),
        Column("start_date", "开始日期", cells.day, required=True),
        Column("due_date", "截止日期", cells.day, required=True),
    )

    def prepare(self, conn: Connection) -> None:
        self.offices = OfficeLookup(conn)

    def record(self, values: dict, conn: Connection) -> dict:
        office_id = self.offices.id_for("office", values["office"])
        if values["due_date"] < values["start_date"]:
            raise RowError("due_date", "import.err.due_before_start")
        if METRICS[values["metric"]].rate and values["target"] > 100:
            raise RowError("target", "import.err.rate_over_100", value=values["target"])
        return {
            "office_id": office_id,
            "metric": values["metric"],
            "target": values["target"],
            "start_date": values["start_date"],
            "due_date": values["due_date"],
        }

    def key(self, record: dict) -> tuple:
        return (record["office_id"], record["metric"], record["due_date"])

    def write(self, conn: Connection, records: list[dict], progress: Progress | None) -> Counts:
        return write_changes(conn, Target.__table__, records, ["office_id", "metric", "due_date"], progress)


class ProgressImport(ImportSpec):
    kind = "progress"
    columns = (
        Column("office", "单位", cells.text(100), required=True),
        Column("metric", "指标", metric, required=True),
        Column("value", "数值", cells.amount, required=True),
        Column("reported_at", "填报时间", cells.moment, required=True),
    )

    def prepare(self, conn: Connection) -> None:
        self.offices = OfficeLookup(conn)

    def record(self, values: dict, conn: Connection) -> dict:
        office_id = self.offices.id_for("office", values["office"])
        if values["metric"] not in PROGRESS_METRICS:
            names = "、".join(METRICS[m].name for m in PROGRESS_METRICS)
            raise RowError(
                "metric", "import.err.not_reported_metric", value=METRICS[values["metric"]].name, names=names
            )
        return {
            "office_id": office_id,
            "metric": values["metric"],
            "value": values["value"],
            "reported_at": values["reported_at"],
        }

    def key(self, record: dict) -> tuple:
        return (record["office_id"], record["metric"], record["reported_at"])

    def write(self, conn: Connection, records: list[dict], progress: Progress | None) -> Counts:
        return write_changes(
            conn, ProgressReport.__table__, records, ["office_id", "metric", "reported_at"], progress
        )
