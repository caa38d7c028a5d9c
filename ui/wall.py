"""Wall mode: no chrome, a dark theme readable at five metres, the event clock, freshness, rotation.

Everything here is HTML built from escaped text; nothing user-made is ever markup.
"""

from __future__ import annotations

import math
from datetime import datetime

import streamlit as st

from campaign.campaigns import CampaignInfo
from campaign.strings import label, t
from campaign.wall import Screen, Slot, campaign_day, gala_countdown
from ui import signin
from ui.markup import escape

# Laid out for 1920x1080 in rem (16 px); a 4K screen at scale 1 doubles the rem: the same layout, twice the size.
CSS = """
<style>
html, body, .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {
  background: #0b1220 !important; color: #e8eaed; overflow: hidden !important; }
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stExpandSidebarButton"], [data-testid="stStatusWidget"], [data-testid="stDecoration"],
[data-testid="stSidebarNav"], footer { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.875rem 1.75rem 0 1.75rem !important; max-width: none !important; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.625rem; }
/* Streamlit pulls each markdown block 1rem up into the next: on the wall that overlaps the header,
   the freshness line, the alerts and the tiles. Every screen below is sized for the footer's room. */
[data-testid="stMain"] [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
[data-stale="true"], [data-stale="true"] * { opacity: 1 !important; transition: none !important; }
::-webkit-scrollbar { display: none; }
* { scrollbar-width: none; }
@media (min-width: 3200px) { html { font-size: 32px !important; } }
.wall-head { display: flex; justify-content: space-between; align-items: flex-end; border-bottom: 2px solid #24324d; padding-bottom: 0.5rem; }
.wall-head .app { font-size: 1.625rem; color: #9fb3d9; }
.wall-head .screen { font-size: 3rem; font-weight: 700; color: #ffffff; line-height: 1.15; }
.wall-head .clock { text-align: right; }
.wall-head .time { font-size: 4.5rem; font-weight: 700; line-height: 1; font-variant-numeric: tabular-nums; color: #ffffff; }
.wall-head .day { font-size: 1.5rem; color: #c7d2e8; }
.wall-head .gala { font-size: 1.625rem; color: #ffcf5c; font-weight: 600; }
.wall-head .gala.during { color: #ff6b5e; }
.wall-status { display: flex; gap: 1rem; align-items: center; font-size: 1.25rem; color: #8fa1c4; min-height: 1.875rem; }
.wall-banner { background: #b3261e; color: #fff; font-size: 1.625rem; font-weight: 700; padding: 0.375rem 1rem; border-radius: 0.375rem; }
.wall-frozen { visibility: hidden; position: fixed; top: 0; left: 0; right: 0; z-index: 20; background: #b3261e; color: #fff;
  font-size: 1.875rem; font-weight: 700; padding: 0.625rem 1.75rem; animation-duration: 0s; animation-fill-mode: forwards; }
@keyframes wall-frozen-0 { to { visibility: visible; } }
@keyframes wall-frozen-1 { to { visibility: visible; } }
/* Never cut an alert: ui/alerts picks the type size that fits one line; longer ones wrap. */
.wall-alerts { display: flex; gap: 0.75rem; flex-wrap: nowrap; min-height: 3.25rem; }
.wall-alerts .alert { background: #5c1a16; border-left: 0.5rem solid #ff5a4e; color: #ffe3e0; font-size: var(--alert-size, 1.625rem);
  font-weight: 600; line-height: 1.3; padding: 0.375rem 0.875rem; border-radius: 0.375rem; white-space: normal;
  min-width: 0; flex: 1 1 auto; display: flex; align-items: center; }
.wall-alerts .alert a { color: inherit; }
.wall-alerts .calm { background: #123a24; border-left: 0.5rem solid #34a853; color: #c9f2d5; font-size: 1.625rem; padding: 0.375rem 0.875rem; border-radius: 0.375rem; }
.wall-foot { position: fixed; left: 0; right: 0; bottom: 0; height: 2.5rem; display: flex; align-items: center; gap: 1.5rem;
  padding: 0 1.75rem; background: #111a2e; color: #9fb3d9; font-size: 1.375rem; z-index: 10; }
.wall-foot .bar { flex: 1; height: 0.5rem; background: #24324d; border-radius: 0.25rem; overflow: hidden; }
.wall-foot .fill { width: 100%; height: 100%; background: #4c8dff; transform-origin: 0 50%; animation-fill-mode: forwards; }
@keyframes wall-fill-0 { to { transform: scaleX(1); } }
@keyframes wall-fill-1 { to { transform: scaleX(1); } }
.tiles { gap: 1rem !important; margin-bottom: 0 !important; }
.tile { background: #131d33 !important; border-left-color: #4c8dff !important; min-height: 0 !important; padding: 0.75rem 1.25rem !important; }
.tile.alert { background: #3a1512 !important; border-left-color: #ff5a4e !important; }
.tile.warn { background: #3a2a0c !important; border-left-color: #ffb300 !important; }
.tile.good { border-left-color: #34a853 !important; }
.tile .label { color: #c7d2e8 !important; font-size: 1.75rem !important; }
.tile .value { color: #ffffff !important; font-size: 5rem !important; line-height: 1.1 !important; }
.tile.alert .value { color: #ff8a80 !important; }
.tile .note { color: #9fb3d9 !important; font-size: 1.375rem !important; }
.wall-list h3 { font-size: 1.75rem; color: #c7d2e8; margin: 0.25rem 0 0.5rem 0; padding: 0; font-weight: 600; }
.wall-list .row { display: flex; align-items: center; gap: 0.75rem; font-size: 1.75rem; height: 3.125rem; border-bottom: 1px solid #1d2944; }
.wall-list .name { flex: 0 0 42%; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; color: #e8eaed; }
.wall-list .track { flex: 1; height: 1.375rem; background: #1a2540; border-radius: 0.25rem; overflow: hidden; }
.wall-list .bar { height: 100%; background: #4c8dff; }
.wall-list .bar.alert { background: #ff5a4e; }
.wall-list .bar.warn { background: #ffb300; }
.wall-list .value { flex: 0 0 auto; min-width: 5.5em; text-align: right; font-variant-numeric: tabular-nums; color: #ffffff; font-weight: 600; }
.wall-list .value.wide { min-width: 8.5em; }
.wall-list .note { flex: 1; font-size: 1.375rem; color: #9fb3d9; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.wall-list.tall .row { height: 4rem; font-size: 2rem; }
.wall-list .empty { font-size: 1.625rem; color: #8fa1c4; }
.wall-chart, .wall-map { width: 100%; height: auto; display: block; }
.wall-note { font-size: 1.5rem; color: #9fb3d9; }
.wall .grid { font-size: 1.5rem !important; }
.wall .grid td { padding: 0.125rem 0.25rem !important; }
.wall .grid th { color: #c7d2e8 !important; }
.wall .grid td.office { color: #e8eaed; }
.wall .grid td.ok { background: #174a2a !important; color: #c9f2d5 !important; }
.wall .grid td.bad, .wall .grid td.gaps { color: #ff8a80 !important; }
</style>
"""


def requested() -> bool:
    """`?wall=1` on any page."""
    return st.query_params.get("wall") == "1"


def apply_chrome() -> None:
    st.markdown(CSS, unsafe_allow_html=True)


def filters_named(screen: Screen) -> str:
    """The screen's filters in words (晚会转办、投诉), or "" when it shows everything."""
    scope = [label("channel", screen.filter("channel"))] if screen.filter("channel") else []
    scope += [label("kind", screen.filter("kind"))] if screen.filter("kind") else []
    scope += [screen.filter("category")] if screen.filter("category") else []
    scope += [screen.filter("office")] if screen.filter("office") else []
    return "、".join(scope)


def screen_scope(screen: Screen) -> str:
    """What a narrowed screen's tiles prefix to their labels (its title, else its filters), so a
    figure of the gala transfers alone never shows under the label of all requests."""
    if not screen.filters:
        return ""
    return screen.title or filters_named(screen)


def screen_title(screen: Screen) -> str:
    if screen.title:
        return screen.title
    # A wall token scoped to one office shows that office's figures: its name, never 全市.
    return f"{t(f'wall.screen.{screen.page}')} · {filters_named(screen) or signin.scope_name()}"


def _gala_line(info: CampaignInfo, now: datetime) -> tuple[str, str]:
    countdown = gala_countdown(info.gala_start, info.gala_end, now)
    hours, minutes = countdown.seconds // 3600, countdown.seconds % 3600 // 60
    if countdown.phase == "before":
        if hours >= 48:
            return t("wall.gala_before_days", days=(info.gala_start.date() - now.date()).days), ""
        return t("wall.gala_before", hours=hours, minutes=minutes), ""
    if countdown.phase == "during":
        return t("wall.gala_during", hours=hours, minutes=minutes), "during"
    return t("wall.gala_after"), ""


def _day_line(info: CampaignInfo, now: datetime) -> str:
    phase, n = campaign_day(info.first_day, info.last_day, now.date())
    day = {
        "before": t("overview.campaign_before", n=n),
        "day": t("overview.campaign_day", n=n),
        "after": t("overview.campaign_after"),
    }[phase]
    when = t("wall.date", month=now.month, day=now.day, weekday=t(f"weekday.{now.weekday()}"))
    demo = f" · {t('app.demo_clock')}" if info.clock_offset_s else ""
    return f"{when} · {day}{demo}"


def header(info: CampaignInfo, screen: Screen, now: datetime) -> None:
    gala, phase = _gala_line(info, now)
    st.markdown(
        f'<div class="wall-head"><div><div class="app">{escape(t("app.title"))}</div>'
        f'<div class="screen" data-wall-screen="{escape(screen.page)}">{escape(screen_title(screen))}</div></div>'
        f'<div class="clock"><div class="time" data-wall-clock>{now:%H:%M}</div>'
        f'<div class="day">{escape(_day_line(info, now))}</div>'
        f'<div class="gala {phase}">{escape(gala)}</div></div></div>',
        unsafe_allow_html=True,
    )


def status_line(
    read_at: datetime | None,
    shown_at: datetime | None,
    failed: bool,
    now: datetime,
    refresh: int,
    tick: int,
    parity: int,
) -> None:
    """When the data was read; a red banner when it is old or the database is down.

    `read_at` and `now` are real time, for the age; `shown_at` is the read on the campaign clock.

    The hidden `wall-frozen` banner shows by itself, in the browser, when this line has not been
    redrawn for two refreshes (the server or the network gone): each redraw restarts its timer.
    """
    parts = []
    stale_after = 2 * refresh
    if failed:
        text = t("wall.db_down", time=f"{shown_at:%H:%M:%S}") if shown_at else t("wall.db_down_never")
        parts.append(f'<div class="wall-banner" data-wall-banner="db">{escape(text)}</div>')
    elif read_at is not None and (now - read_at).total_seconds() > stale_after:
        text = t("wall.stale", seconds=stale_after, time=f"{shown_at:%H:%M:%S}")
        parts.append(f'<div class="wall-banner" data-wall-banner="stale">{escape(text)}</div>')
    if shown_at is not None:
        read = t("wall.read_at", time=f"{shown_at:%H:%M:%S}", seconds=refresh)
        parts.append(f"<div data-wall-read-at>{escape(read)}</div>")
    delay = stale_after + tick
    parts.append(
        f'<div class="wall-frozen" style="animation-name: wall-frozen-{parity}; animation-delay: {delay}s">'
        f"{escape(t('wall.frozen'))}</div>"
    )
    st.markdown(f'<div class="wall-status">{"".join(parts)}</div>', unsafe_allow_html=True)


def footer(slot: Slot, count: int, parity: int) -> None:
    """Which screen of how many, the next one, and a bar filling until it comes.

    The bar moves in one step a second, by transform: a bar animated smoothly (60 frames a second,
    each a layout and a paint) cost a wall's browser six times what the rest of the wall did."""
    if slot.next_screen is None:
        return
    done = 1 - slot.seconds_left / slot.screen.dwell
    steps = max(1, math.ceil(slot.seconds_left))
    st.markdown(
        f'<div class="wall-foot"><span>{escape(t("wall.position", n=slot.index + 1, of=count))}</span>'
        f"<span data-wall-next>{escape(t('wall.next', name=screen_title(slot.next_screen)))}</span>"
        f'<div class="bar"><div class="fill" style="transform: scaleX({done:.4f}); '
        f"animation-name: wall-fill-{parity}; animation-duration: {slot.seconds_left:.1f}s; "
        f'animation-timing-function: steps({steps})"></div></div></div>',
        unsafe_allow_html=True,
    )
