"""The case table as staff read it: codes labelled, and a missing code left blank whatever form it takes."""

import math
from datetime import datetime as dt

import pandas as pd

from ui.tables import case_table, with_labels


def test_a_missing_outcome_read_back_as_nan_is_blank_not_an_error():
    row = {
        "ticket_no": "1",
        "kind": "complaint",
        "channel": "hotline",
        "received_at": dt(2027, 3, 15, 0, 0),
        "office": "西湖所",
        "category": None,
        "business": "甲店",
        "amount_fen": 128050,
        "status": "closed",
        "closed_at": dt(2027, 3, 15, 23, 59, 59),
        "outcome": "mediated",
        "recovered_fen": None,
        "consumer_name": "张*",
        "consumer_phone": "138****5678",
        "site_name": None,
        "handler": None,
        "overdue": False,
    }
    frame = pd.DataFrame([row, {**row, "ticket_no": "2", "status": "pending", "outcome": math.nan}])
    table = case_table(frame)
    assert table["处理结果"].tolist() == ["调解成功", ""]
    assert table["涉及金额（元）"].tolist() == ["1,280.50", "1,280.50"]
    assert table["登记时间"].tolist() == ["2027-03-15 00:00:00", "2027-03-15 00:00:00"]
    assert with_labels(pd.DataFrame({"code": ["gala", math.nan]}), "channel")["label"].tolist() == [
        "晚会转办",
        "—",
    ]


def test_every_figure_has_a_label_of_its_own():
    from campaign.strings import ZH

    labels = {k: v for k, v in ZH.items() if k.startswith("figure.")}
    # One label per figure: no two figures share a label (ui.tiles.figure_tile draws every tile).
    assert len(set(labels.values())) == len(labels)
