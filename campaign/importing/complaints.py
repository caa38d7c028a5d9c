"""Import of the 12315 export (诉求): a newer export of the same tickets updates them."""

from __future__ import annotations

from sqlalchemy import Connection

from campaign import rollups
from campaign.deadlines import Deadlines
from campaign.importing import cells
from campaign.importing.errors import RowError
from campaign.importing.references import OfficeLookup
from campaign.importing.runner import Around, Column, Counts, ImportSpec, Progress, write_changes
from campaign.schema import Complaint
from campaign.settings import settings


class ComplaintsImport(ImportSpec):
    kind = "complaints"
    table = Complaint.__table__
    keys = ("ticket_no",)
    columns = (
        Column("ticket_no", "受理编号", cells.text(40), required=True),
        Column("kind", "诉求类型", cells.choice("kind"), required=True),
        Column("channel", "来源渠道", cells.choice("channel"), required=True),
        Column("received_at", "登记时间", cells.moment, required=True),
        Column("office", "承办单位", cells.text(100), required=True),
        Column("category", "商品服务类别", cells.text(50)),
        Column("business", "被投诉主体", cells.text(200)),
        Column("amount_yuan", "涉及金额", cells.money_fen),
        Column("status", "处理状态", cells.choice("status"), required=True),
        Column("closed_at", "办结时间", cells.moment),
        Column("outcome", "处理结果", cells.choice("outcome")),
        Column("recovered_yuan", "挽回经济损失", cells.money_fen),
        Column("consumer_name", "消费者姓名", cells.text(50)),
        Column("consumer_phone", "联系电话", cells.text(30)),
        Column("site", "活动点", cells.text(100)),
        # An extension of the contract: an optional column, so older files import as before.
        Column("handler", "承办人", cells.text(50)),
    )

    def prepare(self, conn: Connection) -> None:
        self.offices = OfficeLookup(conn)
        self.deadlines = Deadlines(settings())

    def record(self, values: dict, conn: Connection) -> dict:
        office_id = self.offices.id_for("office", values["office"])
        if values["status"] == "closed" and values["closed_at"] is None:
            raise RowError("closed_at", "import.err.closed_needs_time")
        if values["closed_at"] is not None and values["closed_at"] < values["received_at"]:
            raise RowError("closed_at", "import.err.closed_before_received")
        return {
            "ticket_no": values["ticket_no"],
            "kind": values["kind"],
            "channel": values["channel"],
            "received_at": values["received_at"],
            "office_id": office_id,
            "category": values["category"],
            "business": values["business"],
            "amount_fen": values["amount_yuan"],
            "status": values["status"],
            "closed_at": values["closed_at"],
            "outcome": values["outcome"],
            "recovered_fen": values["recovered_yuan"],
            "consumer_name": values["consumer_name"],
            "consumer_phone": values["consumer_phone"],
            "site_name": values["site"],
            "handler": values["handler"],
            "due_at": self.deadlines.due_at(values["kind"], values["status"], values["received_at"]),
        }

    def key(self, record: dict) -> tuple:
        return (record["ticket_no"],)

    def around(self, conn: Connection) -> Around:
        def rolled_up(stage: str):
            # After the upsert the staged rows are what the complaint table holds for their tickets.
            return rollups.replacing(
                conn,
                f"SELECT c.* FROM complaint c JOIN {stage} s ON c.ticket_no = s.ticket_no",
                written=f"SELECT * FROM {stage}",
            )

        return rolled_up

    def write(self, conn: Connection, records: list[dict], progress: Progress | None) -> Counts:
        return write_changes(conn, self.table, records, self.keys, progress, around=self.around(conn))
