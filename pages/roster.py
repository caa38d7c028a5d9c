"""Duty coverage: every grassroots office's 8:00-24:00 window, gaps first; who is on duty now."""

from datetime import date

import streamlit as st

from campaign.coverage import in_duty_window
from campaign.localtime import hhmm
from campaign.settings import settings
from campaign.strings import t
from queries import roster
from ui import data, signin
from ui.roster_grid import coverage_grid
from ui.roster_tables import gala_reasons, on_duty_of, on_duty_table, shifts_table
from ui.roster_tiles import roster_tiles
from ui.tiles import notice, tile_row

PAGE_TILES = ("offices_on_duty", "full_coverage", "offices_with_gaps", "uncovered_now", "gala_ready")


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


EVERY_OFFICE = ""  # the picker's "all offices" choice: None would show Streamlit's English placeholder


def on_duty_office(offices) -> str | None:
    """The office whose people on duty are listed (its code; None for all), kept in the URL.
    Offered gaps first, as the grid lists them."""
    names = {d.code: d.name for d in offices}
    if "roster_duty_office" not in st.session_state:
        asked = st.query_params.get("duty_office")
        st.session_state["roster_duty_office"] = asked if asked in names else EVERY_OFFICE
    every = signin.all_offices_label()  # read here: AppTest calls format_func outside a run
    picker, _ = st.columns([1, 3])
    code = picker.selectbox(
        t("roster.on_duty_office"),
        [EVERY_OFFICE, *names],
        key="roster_duty_office",
        format_func=lambda c: every if c == EVERY_OFFICE else names.get(c, c),
    )
    if code in (None, EVERY_OFFICE):
        code = None
        st.query_params.pop("duty_office", None)
    else:
        st.query_params["duty_office"] = code
    return code


info = data.campaign()
if info is not None:
    minimum = settings().min_on_duty
    scope = signin.current().office_id
    start, end = hhmm(info.duty_start_min), hhmm(info.duty_end_min)
    st.title(t("roster.title", start=start, end=end))
    if "roster_day" not in st.session_state:
        st.session_state["roster_day"] = default_day(info, info.now().date())
    picker, _ = st.columns([1, 3])
    day = picker.selectbox(t("roster.day"), info.duty_days(), key="roster_day", format_func=day_label)
    st.query_params["day"] = day.isoformat()

    @st.fragment(run_every=settings().refresh_seconds)
    def live_coverage() -> None:
        signin.recheck()
        moment = data.figures_moment(info)
        current = data.cached("roster_now", roster.roster_now, info, day, moment, minimum, scope)
        if current is None:
            return
        data.read_at_caption(info)
        other_day = day != moment.date()
        tile_row(roster_tiles(current.figures, PAGE_TILES, day_label(day) if other_day else ""))
        if other_day:
            st.caption(t("roster.not_today"))
        left, right = st.columns(2)
        with left:
            st.subheader(t("figure.uncovered_now"))
            if not in_duty_window(info, moment):
                st.caption(t("roster.outside_window", start=start, end=end))
            elif current.uncovered:
                notice([o["name"] for o in current.uncovered], "alert")
            else:
                notice([t("roster.none_now")], "good")
        with right:
            st.subheader(t("figure.gaps_ahead"))
            if current.ahead:
                items = [
                    t("roster.ahead_item", name=g["name"], start=f"{g['start']:%H:%M}") for g in current.ahead
                ]
                notice(items, "warn")
            else:
                st.caption(t("roster.none_ahead"))
        st.subheader(t("roster.grid"))
        gala_day = day == info.gala_start.date()
        coverage_grid(current.offices, minimum, gala_day, gala_reasons(current.gala_short))
        st.subheader(t("roster.on_duty_now"))
        on_duty = on_duty_of(current.on_duty, on_duty_office(current.offices))
        if on_duty.empty:
            st.caption(t("roster.nobody_on_duty"))
        else:
            st.dataframe(on_duty_table(on_duty), hide_index=True, width="stretch", height=320)

    live_coverage()

    st.subheader(t("roster.drill"))
    names = data.cached("roster_offices", roster.office_names, scope, ttl=300) or {}
    chosen = st.selectbox(t("roster.drill_office"), list(names), format_func=names.get, key="roster_office")
    if chosen is not None:
        shifts = data.cached("roster_shifts", roster.shifts_of, chosen, day, scope)
        if shifts is not None and shifts.empty:
            st.info(t("roster.no_shifts"))
        elif shifts is not None:
            st.dataframe(shifts_table(shifts), hide_index=True, width="stretch")
