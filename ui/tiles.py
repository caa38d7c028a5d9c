"""Big-number tiles readable across a room. All text is escaped: nothing user-made is HTML."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from campaign.strings import t
from ui.markup import escape

CSS = """
<style>
.tiles { display: grid; grid-template-columns: repeat(var(--cols), minmax(0, 1fr)); gap: 1.2rem; margin-bottom: 1.2rem; }
.tile { border-radius: 0.8rem; padding: 1.1rem 1.4rem; background: #f4f6fa; border-left: 0.5rem solid #2f6fdd; min-height: 9.5rem; }
.tile.alert { border-left-color: #d93025; background: #fdecea; }
.tile.warn { border-left-color: #f29900; background: #fef4e4; }
.tile.good { border-left-color: #188038; }
.tile .label { font-size: 1.35rem; color: #3c4043; font-weight: 600; }
.tile .value { font-size: 3.6rem; font-weight: 700; line-height: 1.15; color: #202124; font-variant-numeric: tabular-nums; white-space: nowrap; }
.tile.alert .value { color: #c5221f; }
.notice { border-radius: 0.6rem; padding: 0.7rem 1rem; font-size: 1.15rem; background: #e6f4ea; color: #137333; }
.notice.alert { background: #fdecea; color: #a50e0e; font-weight: 600; }
.notice.warn { background: #fef4e4; color: #8a4b00; }
.notice div + div { margin-top: 0.2rem; }
.tile .note { font-size: 1.05rem; color: #5f6368; overflow: hidden; text-overflow: ellipsis; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; }
</style>
"""


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    note: str = ""
    tone: str = ""  # "", "alert", "warn" or "good"
    key: str = ""  # a stable name tests and the browser can find the tile by: the figure's
    scope: str = ""  # a narrower view of the figure (e.g. 晚会转办), also in the label


def figure_tile(figure: str, value: str, note: str = "", tone: str = "", scope: str = "") -> Tile:
    """The tile of one headline figure: its label is the catalogue's `figure.<figure>`, its key the
    figure's name, so a label never names two figures. `scope` names a narrower view of the same
    figure (a wall screen of gala transfers only) and goes into the label."""
    label = t(f"figure.{figure}")
    if scope:
        label = t("tile.scoped", scope=scope, label=label)
    return Tile(label, value, note, tone, key=figure, scope=scope)


def tile_html(tile: Tile) -> str:
    return (
        f'<div class="tile {escape(tile.tone)}" data-tile="{escape(tile.key)}" data-scope="{escape(tile.scope)}">'
        f'<div class="label">{escape(tile.label)}</div>'
        f'<div class="value">{escape(tile.value)}</div>'
        f'<div class="note">{escape(tile.note)}</div></div>'
    )


def tile_row(tiles: list[Tile]) -> None:
    body = "".join(tile_html(t) for t in tiles)
    st.markdown(f'{CSS}<div class="tiles" style="--cols:{len(tiles)}">{body}</div>', unsafe_allow_html=True)


def notice(lines: list[str], tone: str = "") -> None:
    """A coloured box of lines: a state of the data (not an application error)."""
    body = "".join(f"<div>{escape(line)}</div>" for line in lines)
    st.markdown(f'{CSS}<div class="notice {escape(tone)}">{body}</div>', unsafe_allow_html=True)
