"""The duty screen's headline tiles, for the page and the wall screen alike."""

from __future__ import annotations

from campaign.strings import t
from queries.roster import RosterFigures
from ui import format
from ui.tiles import Tile, figure_tile

# Counted over the day shown; the others are counted at the moment now.
DAY_FIGURES = {"offices_on_duty", "full_coverage", "offices_with_gaps", "gala_ready"}


def roster_tiles(figures: RosterFigures, shown: tuple[str, ...], day_scope: str = "") -> list[Tile]:
    """The tiles of the figures named in `shown` (RosterFigures' fields), in that order; the gala
    tile only on the gala day. `day_scope` names the day shown when it is not today: it goes into
    the day figures' labels, since they then count another day than the wall's."""
    f = figures
    tones = {
        "offices_on_duty": "",
        "full_coverage": "good" if f.full_coverage == f.offices_on_duty else "",
        "offices_with_gaps": "alert" if f.offices_with_gaps else "good",
        "uncovered_now": "alert" if f.uncovered_now else "good",
        "gaps_ahead": "warn" if f.gaps_ahead else "good",
        "gala_ready": "good" if f.gala_ready == f.offices_on_duty else "warn",
    }
    tiles = []
    for figure in shown:
        value = getattr(f, figure)
        if value is None:  # no gala that day
            continue
        note = t("roster.gala_ready_note", total=f.offices_on_duty) if figure == "gala_ready" else ""
        scope = day_scope if figure in DAY_FIGURES else ""
        tiles.append(figure_tile(figure, format.count(value), note=note, tone=tones[figure], scope=scope))
    return tiles
