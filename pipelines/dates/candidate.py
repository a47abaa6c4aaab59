"""``Candidate``: one possible date mention, before it is merged with the others and resolved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

Values = tuple[date, date]  # first and last day
Resolver = Callable[[datetime], Values | None]


@dataclass
class Candidate:
    start: int
    end: int
    values: Values
    resolve: Resolver  # recomputes the values for another reference time
    shift: str | None  # "year" | "month" | "week": how a bare expression steps back; None: not bare
    ours: bool  # found by the extra patterns (wins a tie against the grammar's expressions)
    anaphora: str | None = None  # 同年/当天/次日…: resolved from the mention before it
    rest: str = ""  # what follows the anaphoric word (同年|12月21日)
    offset: int | None = (
        None  # 3天后 / 两天前: days from the day mentioned before it (or the publication day)
    )


def fixed(values: Values) -> Resolver:
    """A resolver that ignores the reference time: the mention's values are settled."""

    def resolve(_base: datetime) -> Values | None:
        return values

    return resolve
