"""Duty coverage: every grassroots office's 8:00-24:00 window, gaps first; who is on duty now."""

from datetime import date, datetime

import streamlit as st

from campaign.coverage import coverage_day, in_duty_window
from campaign.localtime import hhmm
from campaign.offices import duty_offices
from campaign.settings import settings
from campaign.strings import t
from queries import roster
from ui import data, format, signin
from ui.roster_grid import coverage_grid
from ui.tiles import Tile, notice, tile_row


@st.cache_data(ttl=30, max_entries=16, show_spinner=False)
def day_coverage(_conn, _campaign, campaign_id: int, day: date, minimum: int, scope: int | None):
    return coverage_day(_conn, _campaign, day, minimum, scope)


@st.cache_data(ttl=30, max_entries=8, show_spinner=False)
def figures(_conn, _campaign, campaign_id: int, day: date, now: datetime, minimum: int, scope: int | None):
    return roster.roster_now(_conn, _campaign, day, now, minimum, scope)


@st.cache_data(ttl=300, max_entries=16, show_spinner=False)
def office_names(_conn, scope: int | None) -> dict[int, str]:
    return {o[0]: o[2] for o in duty_offices(_conn, scope)}


def day_label(day: date) -> str:
    return t("roster.day_option", month=day.month, day=day.day, weekday=t(f"weekday.{day.weekday()}"))


def default_day(info, today: date) -> date:
    asked = st.query_params.get("day")
    try:
        wanted = date.fromisoformat(asked) if asked else None
    except ValueError:
        wanted = None
    days = info.duty_days()
    if wanted in days:
        return wanted
    return today if today in days else info.gala_start.date()


info = data.campaign()
if info is not None:
    minimum = settings().min_on_duty
    scope = signin.current().office_id
    start, end = hhmm(info.duty_start_min), hhmm(info.duty_end_min)
    st.title(t("roster.title", start=start, end=end))
    days = info.duty_days()
    if "roster_day" not in st.session_state:
        st.session_state["roster_day"] = default_day(info, info.now().date())
    picker, _ = st.columns([1, 3])
    day = picker.selectbox(t("roster.day"), days, key="roster_day", format_func=day_label)
    st.query_params["day"] = day.isoformat()
    gala_day = day == info.gala_start.date()

    @st.fragment(run_every=settings().refresh_seconds)
    def live_coverage() -> None:
        now = data.campaign_now(info).replace(microsecond=0)
        moment = now.replace(second=now.second // 10 * 10)
        current = data.read("roster_now", figures, info, info.id, day, moment, minimum, scope)
        if current is None:
            return
        offices = current.offices
        data.read_at_caption(info)
        with_gaps = [d for d in offices if d.coverage.gaps]
        tiles = [
            Tile(t("roster.offices"), format.count(len(offices)), key="offices"),
            Tile(t("roster.full"), format.count(len(offices) - len(with_gaps)), tone="good", key="full"),
            Tile(
                t("roster.with_gaps"),
                format.count(len(with_gaps)),
                tone="alert" if with_gaps else "good",
                key="with_gaps",
            ),
            Tile(
                t("roster.uncovered_now"),
                format.count(len(current.uncovered)),
                tone="alert" if current.uncovered else "good",
                key="uncovered_now",
            ),
        ]
        if gala_day:
            ready = sum(1 for d in offices if d.coverage.gala_ready)
            tiles.append(
                Tile(
                    t("roster.gala_ready_count"),
                    f"{ready}/{len(offices)}",
                    tone="good" if ready == len(offices) else "warn",
                    key="gala_ready",
                )
            )
        tile_row(tiles)
        if day != now.date():
            st.caption(t("roster.not_today"))
        left, right = st.columns(2)
        with left:
            st.subheader(t("roster.uncovered_now"))
            if not in_duty_window(info, now):
                st.caption(t("roster.outside_window", start=start, end=end))
            elif current.uncovered:
                notice([o["name"] for o in current.uncovered], "alert")
            else:
                notice([t("roster.none_now")], "good")
        with right:
            st.subheader(t("roster.gaps_ahead"))
            # Today's coverage: the grid's own when today is the day shown, else read (and cached) alike.
            today = offices
            if day != now.date():
                on_duty_day = now.date() in info.duty_days()
                args = (info, info.id, now.date(), minimum, scope)
                today = (data.read("roster_day", day_coverage, *args) if on_duty_day else None) or []
            ahead = roster.gaps_ahead(today, info, now)
            if ahead:
                notice(
                    [t("roster.ahead_item", name=g["name"], start=f"{g['start']:%H:%M}") for g in ahead],
                    "warn",
                )
            else:
                st.caption(t("roster.none_ahead"))
        st.subheader(t("roster.grid"))
        coverage_grid(offices, minimum, gala_day)
        st.subheader(t("roster.on_duty_now"))
        on_duty = current.on_duty
        if on_duty.empty:
            st.caption(t("roster.nobody_on_duty"))
        else:
            shown = (
                on_duty.assign(
                    role=on_duty["role"].map(lambda c: t(f"role.{c}")),
                    start=on_duty["start"].map(lambda d: f"{d:%H:%M}"),
                    end=on_duty["end"].map(lambda d: f"{d:%H:%M}" if d.time() else "24:00"),
                )
                .drop(columns=["code"])
                .rename(
                    columns={
                        "office": t("roster.office"),
                        "person": t("col.person"),
                        "role": t("col.role"),
                        "phone": t("col.phone"),
                        "start": t("col.start"),
                        "end": t("col.end"),
                    }
                )
            )
            st.dataframe(shown, hide_index=True, width="stretch", height=320)

    live_coverage()

    st.subheader(t("roster.drill"))
    names = data.read("roster_offices", office_names, scope) or {}
    chosen = st.selectbox(t("roster.drill_office"), list(names), format_func=names.get, key="roster_office")
    if chosen is not None:
        shifts = data.read("roster_shifts", roster.shifts_of, chosen, day, scope)
        if shifts is not None and shifts.empty:
            st.info(t("roster.no_shifts"))
        elif shifts is not None:
            st.dataframe(
                shifts.assign(
                    role=shifts["role"].map(lambda c: t(f"role.{c}")),
                    start=shifts["start"].map(lambda d: f"{d:%m-%d %H:%M}"),
                    end=shifts["end"].map(lambda d: f"{d:%m-%d %H:%M}"),
                ).rename(
                    columns={
                        "person": t("col.person"),
                        "role": t("col.role"),
                        "phone": t("col.phone"),
                        "start": t("col.start"),
                        "end": t("col.end"),
                    }
                ),
                hide_index=True,
                width="stretch",
            )
