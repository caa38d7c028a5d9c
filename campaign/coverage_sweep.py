"""Every office's coverage of one duty day at once: campaign.coverage's headcount arithmetic as
numpy sweeps over the day's shifts, times in whole seconds from the duty window's start.

The scalar functions in campaign.coverage define the rules; tests hold the two to the same answers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

HOUR = 3600


@dataclass(frozen=True)
class Shifts:
    """The day's shifts as parallel arrays: office position, (office, person) code, times."""

    office: np.ndarray
    person: np.ndarray
    start: np.ndarray
    end: np.ndarray

    def where(self, keep: np.ndarray) -> Shifts:
        return Shifts(self.office[keep], self.person[keep], self.start[keep], self.end[keep])


@dataclass(frozen=True)
class Pieces:
    """Consecutive pieces [start, end) of each office's headcount between its first and last change;
    before an office's first piece and after its last, nobody is on duty."""

    office: np.ndarray
    start: np.ndarray
    end: np.ndarray
    count: np.ndarray

    def seconds_at_least(self, minimum: int, offices: int, lo: int, hi: int) -> np.ndarray:
        """Per office, the seconds of [lo, hi) with at least `minimum` people on duty."""
        length = np.clip(self.end, lo, hi) - np.clip(self.start, lo, hi)
        return np.bincount(self.office, weights=length * (self.count >= minimum), minlength=offices)


def headcount(shifts: Shifts, lo: int, hi: int) -> Pieces:
    """Distinct people on duty in [lo, hi): a person's overlapping shifts are merged first."""
    a, b = np.clip(shifts.start, lo, hi), np.clip(shifts.end, lo, hi)
    keep = b > a
    office, person, a, b = shifts.office[keep], shifts.person[keep], a[keep], b[keep]
    if not len(a):
        empty = np.zeros(0, np.int64)
        return Pieces(empty, empty, empty, empty)
    order = np.lexsort((a, person))
    office, person, a, b = office[order], person[order], a[order], b[order]
    first = np.ones(len(a), bool)
    first[1:] = person[1:] != person[:-1]
    # The furthest end reached so far within the person's shifts (offset so groups never mix).
    offset = (np.cumsum(first) - 1) * (hi - lo + 1)
    reach = np.maximum.accumulate(offset + b - lo) - offset + lo
    opens = first.copy()
    opens[1:] |= a[1:] > reach[:-1]  # touching shifts merge, as in coverage.merged
    starts = np.flatnonzero(opens)
    seg_office, seg_start, seg_end = office[starts], a[starts], np.maximum.reduceat(b, starts)

    times = np.concatenate([seg_start, seg_end])
    change = np.concatenate([np.ones(len(starts), np.int64), -np.ones(len(starts), np.int64)])
    owner = np.concatenate([seg_office, seg_office])
    order = np.lexsort((times, owner))
    times, change, owner = times[order], change[order], owner[order]
    # Each office's changes sum to zero, so one running sum restarts at zero for the next office;
    # the count after the last change at a moment holds until the next moment.
    last = np.ones(len(times), bool)
    last[:-1] = (times[1:] != times[:-1]) | (owner[1:] != owner[:-1])
    count, times, owner = np.cumsum(change)[last], times[last], owner[last]
    same = owner[1:] == owner[:-1]
    return Pieces(owner[:-1][same], times[:-1][same], times[1:][same], count[:-1][same])


def gaps(pieces: Pieces, minimum: int, offices: int, window: int) -> list[list[tuple[int, int]]]:
    """Per office, the maximal intervals of [0, window) with fewer than `minimum` on duty."""
    ok = pieces.count >= minimum
    office, start, end = pieces.office[ok], pieces.start[ok], pieces.end[ok]
    # The pieces come by office, then time: a gap opens before an office's first piece with
    # enough people, between two of them that do not touch, and after its last.
    first = np.ones(len(office), bool)
    first[1:] = office[1:] != office[:-1]
    last = np.ones(len(office), bool)
    last[:-1] = first[1:]
    before = np.zeros(len(office), np.int64)
    before[1:] = end[:-1]
    opens = np.where(first, 0, before)
    inner = opens < start
    tail = last & (end < window)
    found = [
        (office[inner], opens[inner], start[inner]),
        (office[tail], end[tail], np.full(int(tail.sum()), window)),
    ]
    empty = np.setdiff1d(np.arange(offices), office)  # never enough people: the whole window
    found.append((empty, np.zeros(len(empty), np.int64), np.full(len(empty), window)))
    o, a, b = (np.concatenate(parts).tolist() for parts in zip(*found, strict=True))
    result: list[list[tuple[int, int]]] = [[] for _ in range(offices)]
    for i, j, k in sorted(zip(o, a, b, strict=True)):
        result[i].append((j, k))
    return result


def fewest_by_hour(pieces: Pieces, offices: int, window: int) -> np.ndarray:
    """offices × hours of the window: the fewest on duty at any moment of each hour."""
    hours = -(-window // HOUR)
    first, last = pieces.start // HOUR, (pieces.end - 1) // HOUR
    spans = last - first + 1
    which = np.repeat(np.arange(len(spans)), spans)
    hour = first[which] + np.arange(len(which)) - np.repeat(np.cumsum(spans) - spans, spans)
    fewest = np.full((offices, hours), np.iinfo(np.int64).max)
    seen = np.zeros((offices, hours), np.int64)
    np.minimum.at(fewest, (pieces.office[which], hour), pieces.count[which])
    hour_end = np.minimum((hour + 1) * HOUR, window)
    np.add.at(
        seen,
        (pieces.office[which], hour),
        np.minimum(pieces.end[which], hour_end) - np.maximum(pieces.start[which], hour * HOUR),
    )
    length = np.minimum((np.arange(hours) + 1) * HOUR, window) - np.arange(hours) * HOUR
    fewest[seen < length] = 0  # part of the hour lies outside every piece: nobody on duty then
    return fewest
