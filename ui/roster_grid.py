"""The coverage grid: offices x duty hours, each cell the fewest people on duty in that hour.

Red: below the minimum (a gap); amber: exactly the minimum (thin); green: more.
Rendered as an HTML table so 50 offices stay crisp and readable; every text is escaped.
"""

from __future__ import annotations

import streamlit as st

from campaign.coverage import HourCell, OfficeDay
from campaign.strings import t
from ui.markup import escape

CSS = """
<style>
.grid { border-collapse: separate; border-spacing: 2px; width: 100%; font-size: 15px; }
.grid th { font-weight: 600; color: #3c4043; padding: 2px 4px; text-align: center; white-space: nowrap; }
.grid th.office, .grid td.office { text-align: left; white-space: nowrap; padding-right: 10px; }
.grid td { text-align: center; padding: 1px 3px; border-radius: 3px; font-variant-numeric: tabular-nums; }
.grid td.gap { background: #d93025; color: #fff; font-weight: 700; }
.grid td.thin { background: #fbbc04; color: #202124; }
.grid td.ok { background: #ceead6; color: #137333; }
.grid td.pct { min-width: 4.5em; }
.grid td.bad { color: #c5221f; font-weight: 700; }
.grid td.gaps { text-align: left; color: #c5221f; white-space: nowrap; }
.legend span { display: inline-block; padding: 0 0.6em; margin-right: 0.8em; border-radius: 3px; }
</style>
"""


def cell_class(cell: HourCell, minimum: int) -> str:
    if cell.fewest < minimum:
        return "gap"
    return "thin" if cell.fewest == minimum else "ok"


def grid_html(
    days: list[OfficeDay], minimum: int, gala_day: bool, gala_reasons: dict[int, str] | None = None
) -> str:
    """`gala_reasons` (office id -> text) replaces the bare 否 of an office not gala-ready."""
    hours = [c.hour for c in days[0].cells] if days else []
    head = "".join(f"<th>{h:02d}</th>" for h in hours)
    extra = f"<th>{escape(t('roster.gala_ready'))}</th>" if gala_day else ""
    rows = []
    for d in days:
        cells = "".join(
            f'<td class="{cell_class(c, minimum)}" title="{h:02d}:00">{c.fewest}</td>'
            for c, h in zip(d.cells, hours, strict=True)
        )
        cov = d.coverage
        gala = ""
        if gala_day:
            no = (gala_reasons or {}).get(d.office_id, t("common.no"))
            ready = t("common.yes") if cov.gala_ready else no
            gala = f'<td class="{"" if cov.gala_ready else "bad"}">{escape(ready)}</td>'
        rows.append(
            f'<tr data-office="{escape(d.code)}"><td class="office">{escape(d.name)}</td>{cells}'
            f'<td class="pct {"bad" if cov.coverage_pct < 100 else ""}">{cov.coverage_pct:.1f}%</td>'
            f'<td class="pct {"bad" if cov.leader_pct < 100 else ""}">{cov.leader_pct:.1f}%</td>'
            f'{gala}<td class="gaps">{escape(cov.gaps_hhmm().replace(";", "；"))}</td></tr>'
        )
    return (
        f'{CSS}<table class="grid"><thead><tr><th class="office">{escape(t("roster.office"))}</th>{head}'
        f"<th>{escape(t('roster.coverage'))}</th><th>{escape(t('roster.leader_coverage'))}</th>{extra}"
        f"<th>{escape(t('roster.gaps'))}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def legend_html(minimum: int) -> str:
    return (
        f'<div class="legend"><span style="background:#d93025;color:#fff">{escape(t("roster.legend_gap", n=minimum))}</span>'
        f'<span style="background:#fbbc04">{escape(t("roster.legend_thin", n=minimum))}</span>'
        f'<span style="background:#ceead6;color:#137333">{escape(t("roster.legend_ok", n=minimum))}</span></div>'
    )


def coverage_grid(
    days: list[OfficeDay], minimum: int, gala_day: bool, gala_reasons: dict[int, str] | None = None
) -> None:
    st.markdown(
        legend_html(minimum) + grid_html(days, minimum, gala_day, gala_reasons), unsafe_allow_html=True
    )
