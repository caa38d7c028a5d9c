"""Figures in tables: thousands separators and as few decimals as the values need."""

import pandas as pd

from ui import format


def test_table_columns_of_figures_get_separators_and_sensible_decimals():
    frame = pd.DataFrame(
        {
            "单位": ["西湖所", "合计"],
            "咨询": [12316, 0],  # integers: 12,316
            "金额": [177705.4, 3.0],  # one decimal is all they need: 177,705.4
            "目标": [12316.0, 5.0],  # floats that are whole: no decimals
            "比率": [0.125, 1 / 3],  # more than two: two
            "完成": [True, False],
            "文本数字": pd.Series([7, None], dtype=object),  # numbers read as objects still count
            "混合": pd.Series([7, "—"], dtype=object),
        }
    )
    formats = {name: c["type_config"]["format"] for name, c in format.number_columns(frame).items()}
    assert formats == {"咨询": "%,d", "金额": "%,.1f", "目标": "%,d", "比率": "%,.2f", "文本数字": "%,d"}
    assert format.number_format(pd.Series([], dtype="int64")) == "%,d"
