"""Wall mode: no chrome, a dark theme readable at five metres, the event clock, freshness, rotation.

Everything here is HTML built from escaped text; nothing user-made is ever markup.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

import streamlit as st

from campaign.campaigns import CampaignInfo
from campaign.strings import label, t
from campaign.wall import Screen, Slot, campaign_day, gala_countdown

# Laid out for 1920x1080; a 4K screen at scale 1 gets the same layout, twice the size.
CSS = """
<style>
html, body, .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {
  background: #0b1220 !important; color: #e8eaed; overflow: hidden !important; }
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stExpandSidebarButton"], [data-testid="stStatusWidget"], [data-testid="stDecoration"],
[data-testid="stSidebarNav"], footer { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 14px 28px 0 28px !important; max-width: none !important; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 10px; }
[data-stale="true"], [data-stale="true"] * { opacity: 1 !important; transition: none !important; }
::-webkit-scrollbar { display: none; }
* { scrollbar-width: none; }
@media (min-width: 3200px) { [data-testid="stMainBlockContainer"] { zoom: 2; } }
.wall-head { display: flex; justify-content: space-between; align-items: flex-end; border-bottom: 2px solid #24324d; padding-bottom: 8px; }
.wall-head .app { font-size: 26px; color: #9fb3d9; }
.wall-head .screen { font-size: 48px; font-weight: 700; color: #ffffff; line-height: 1.15; }
.wall-head .clock { text-align: right; }
.wall-head .time { font-size: 72px; font-weight: 700; line-height: 1; font-variant-numeric: tabular-nums; color: #ffffff; }
.wall-head .day { font-size: 24px; color: #c7d2e8; }
.wall-head .gala { font-size: 26px; color: #ffcf5c; font-weight: 600; }
.wall-head .gala.during { color: #ff6b5e; }
.wall-status { display: flex; gap: 16px; align-items: center; font-size: 20px; color: #8fa1c4; min-height: 30px; }
.wall-banner { background: #b3261e; color: #fff; font-size: 26px; font-weight: 700; padding: 6px 16px; border-radius: 6px; }
.wall-frozen { visibility: hidden; position: fixed; top: 0; left: 0; right: 0; z-index: 20; background: #b3261e; color: #fff;
  font-size: 30px; font-weight: 700; padding: 10px 28px; animation-duration: 0s; animation-fill-mode: forwards; }
@keyframes wall-frozen-0 { to { visibility: visible; } }
@keyframes wall-frozen-1 { to { visibility: visible; } }
.wall-alerts { display: flex; gap: 12px; flex-wrap: nowrap; overflow: hidden; min-height: 52px; }
.wall-alerts .alert { background: #5c1a16; border-left: 8px solid #ff5a4e; color: #ffe3e0; font-size: 26px; font-weight: 600;
  padding: 6px 14px; border-radius: 6px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; flex: 1 1 auto; }
.wall-alerts .alert a { color: inherit; }
.wall-alerts .calm { background: #123a24; border-left: 8px solid #34a853; color: #c9f2d5; font-size: 26px; padding: 6px 14px; border-radius: 6px; }
.wall-foot { position: fixed; left: 0; right: 0; bottom: 0; height: 40px; display: flex; align-items: center; gap: 24px;
  padding: 0 28px; background: #111a2e; color: #9fb3d9; font-size: 22px; z-index: 10; }
.wall-foot .bar { flex: 1; height: 8px; background: #24324d; border-radius: 4px; overflow: hidden; }
.wall-foot .fill { height: 100%; background: #4c8dff; animation-timing-function: linear; animation-fill-mode: forwards; }
@keyframes wall-fill-0 { to { width: 100%; } }
@keyframes wall-fill-1 { to { width: 100%; } }
.tiles { gap: 16px !important; margin-bottom: 6px !important; }
.tile { background: #131d33 !important; border-left-color: #4c8dff !important; min-height: 0 !important; padding: 12px 20px !important; }
.tile.alert { background: #3a1512 !important; border-left-color: #ff5a4e !important; }
.tile.warn { background: #3a2a0c !important; border-left-color: #ffb300 !important; }
.tile.good { border-left-color: #34a853 !important; }
.tile .label { color: #c7d2e8 !important; font-size: 28px !important; }
.tile .value { color: #ffffff !important; font-size: 80px !important; line-height: 1.1 !important; }
.tile.alert .value { color: #ff8a80 !important; }
.tile .note { color: #9fb3d9 !important; font-size: 22px !important; }
.wall-list h3 { font-size: 28px; color: #c7d2e8; margin: 4px 0 8px 0; padding: 0; font-weight: 600; }
.wall-list .row { display: flex; align-items: center; gap: 12px; font-size: 28px; height: 50px; border-bottom: 1px solid #1d2944; }
.wall-list .name { flex: 0 0 42%; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; color: #e8eaed; }
.wall-list .track { flex: 1; height: 22px; background: #1a2540; border-radius: 4px; overflow: hidden; }
.wall-list .bar { height: 100%; background: #4c8dff; }
.wall-list .bar.alert { background: #ff5a4e; }
.wall-list .bar.warn { background: #ffb300; }
.wall-list .value { flex: 0 0 auto; min-width: 5.5em; text-align: right; font-variant-numeric: tabular-nums; color: #ffffff; font-weight: 600; }
.wall-list .value.wide { min-width: 8.5em; }
.wall-list .note { flex: 1; font-size: 22px; color: #9fb3d9; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.wall-list .empty { font-size: 26px; color: #8fa1c4; }
.wall-note { font-size: 24px; color: #9fb3d9; }
.wall .grid { font-size: 24px !important; }
.wall .grid td { padding: 3px 4px !important; }
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


def screen_title(screen: Screen) -> str:
    if screen.title:
        return screen.title
    name = t(f"wall.screen.{screen.page}")
    scope = [label("channel", screen.filter("channel"))] if screen.filter("channel") else []
    scope += [label("kind", screen.filter("kind"))] if screen.filter("kind") else []
    scope += [screen.filter("category")] if screen.filter("category") else []
    return f"{name} · {'、'.join(scope) or t('wall.scope.city')}"


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
    """Which screen of how many, the next one, and a bar filling until it comes."""
    if slot.next_screen is None:
        return
    done = 100 * (1 - slot.seconds_left / slot.screen.dwell)
    st.markdown(
        f'<div class="wall-foot"><span>{escape(t("wall.position", n=slot.index + 1, of=count))}</span>'
        f"<span data-wall-next>{escape(t('wall.next', name=screen_title(slot.next_screen)))}</span>"
        f'<div class="bar"><div class="fill" style="width: {done:.1f}%; animation-name: wall-fill-{parity}; '
        f'animation-duration: {slot.seconds_left:.1f}s"></div></div></div>',
        unsafe_allow_html=True,
    )
