"""Span merging: of overlapping candidates the longest wins (a tie: the extra patterns' over the grammar's)."""

from __future__ import annotations

from bisect import bisect_left

from pipelines.dates.candidate import Candidate


def non_overlapping(cands: list[Candidate]) -> list[Candidate]:
    """Longest first (ties: ours), then keep those that overlap nothing kept; in text order."""
    starts: list[int] = []  # kept spans, sorted by start (they never overlap, so ends are sorted too)
    kept: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), not c.ours, c.start)):
        i = bisect_left(starts, c.end)
        if i > 0 and kept[i - 1].end > c.start:
            continue
        starts.insert(i, c.start)
        kept.insert(i, c)
    return kept
