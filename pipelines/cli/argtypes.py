"""Argument types for the ``cnr-news`` commands (issue 18): every bad value is refused with one
message and exit status 2, before any database is opened, instead of a traceback later.

Each is an argparse ``type`` (``cron`` uses them so); the query commands and ``reprocess`` apply them
after parsing with :func:`check`, so that a bad value is one line from the command and exit status 2.

* :func:`text` — any text argument: invalid UTF-8 on the command line (Python keeps it as lone
  surrogates) cannot be encoded for SQLite, or printed.
* :func:`count` — ``--limit``-like numbers: whole, at least 1, and at most SQLite's largest integer.
* :func:`article_ref` — ``show``'s ID|URL|key: an all-digit id beyond SQLite's integers is refused.
* :func:`since_date`, :func:`until_date`, :func:`day` — dates the query layer can compute with: the
  first and last days of the calendar overflow once moved to UTC or by a day (``0001-01-01``,
  ``9999-12-31``).
* :func:`database_url` — a URL (or SQLite path) whose dialect and driver are installed; the message
  never shows a password.
* :func:`finite_float` — a number that is neither ``nan`` nor ``inf``.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

MAX_SQL_INT = 2**63 - 1  # SQLite's (and PostgreSQL bigint's) largest integer


class BadArgument(ValueError):
    """A parsed argument that :func:`check` refused; the message names it (one line)."""


def check(args: argparse.Namespace, types: Mapping[str, Callable[[Any], Any]]) -> None:
    """Apply ``types`` (attribute name -> one of this module's types) to the parsed ``args`` in place;
    an attribute that is None or absent is left alone; a list is checked item by item. Raises
    :class:`BadArgument` (``--name: reason``) for the first bad value."""
    for name, convert in types.items():
        value = getattr(args, name, None)
        if value is None:
            continue
        try:
            if isinstance(value, list):
                setattr(args, name, [convert(v) for v in value])
            else:
                setattr(args, name, convert(value))
        except argparse.ArgumentTypeError as exc:
            label = name if name in POSITIONAL else "--" + name.replace("_", "-")
            raise BadArgument(f"argument {label}: {exc}") from None


POSITIONAL = frozenset({"query", "ref", "org_name"})


def text(value: str) -> str:
    """Text that is valid UTF-8 (the shell may pass any bytes)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(
            f"not valid UTF-8 text: {value.encode('utf-8', 'surrogateescape')!r}"
        ) from None
    return value


def count(value: str | int) -> int:
    """A whole number from 1 to :data:`MAX_SQL_INT`."""
    try:
        n = value if isinstance(value, int) else int(text(value).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    if n > MAX_SQL_INT:
        raise argparse.ArgumentTypeError(f"too large (at most {MAX_SQL_INT})")
    return n


def article_ref(value: str) -> str:
    """An article id, URL or key; an id must fit an integer column."""
    v = text(value).strip()
    if v.isascii() and v.isdigit() and int(v) > MAX_SQL_INT:
        raise argparse.ArgumentTypeError(f"no such article id (ids are at most {MAX_SQL_INT}): {v}")
    return value


def _computable(dt: datetime, value: str) -> None:
    """The query layer moves times to UTC and by up to a month: refuse what would overflow."""
    try:
        dt.astimezone(UTC)
        dt + timedelta(days=32)
        dt - timedelta(days=1)
    except OverflowError:
        raise argparse.ArgumentTypeError(
            f"out of range (years 1 to 9999, not their very ends): {value!r}"
        ) from None


def _query_time(value: str, until: bool) -> str:
    from pipelines.db.query import QueryError, parse_since, parse_until

    try:
        dt = (parse_until if until else parse_since)(text(value))
    except QueryError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    except OverflowError:
        raise argparse.ArgumentTypeError(f"out of range: {value!r}") from None
    if dt is not None:
        _computable(dt, value)
    return value  # the query layer parses it again (one parser for the library and the CLI)


def since_date(value: str) -> str:
    """A ``--since`` value (YYYY-MM-DD, YYYY-MM or an ISO time) the queries can compute with."""
    return _query_time(value, until=False)


def until_date(value: str) -> str:
    """An ``--until`` value (a bare date or month includes all of it) the queries can compute with."""
    return _query_time(value, until=True)


def day(value: str) -> str:
    """A YYYY-MM-DD day the queries can compute with (``events --between``)."""
    try:
        d = date.fromisoformat(text(value).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None
    from crawler.constants import BEIJING

    _computable(datetime(d.year, d.month, d.day, tzinfo=BEIJING), value)
    return value


def database_url(value: str) -> str:
    """A database URL or SQLite path that this installation can open (dialect and driver present):
    :func:`pipelines.db.engine.check_db_url`, whose message hides any password."""
    from pipelines.db.engine import DatabaseURLError, check_db_url, hide_password

    v = text(value)
    try:
        check_db_url(v)
    except DatabaseURLError as exc:
        raise argparse.ArgumentTypeError(hide_password(str(exc))) from None
    except Exception as exc:  # anything SQLAlchemy raises on a strange URL (a bad port …)
        reason = hide_password(str(exc)).splitlines()[0] if str(exc) else type(exc).__name__
        raise argparse.ArgumentTypeError(
            f"{hide_password(v)!r} is not a database URL or path ({reason})"
        ) from None
    return v


def finite_float(value: str) -> float:
    """A number that is neither ``nan`` nor infinite."""
    try:
        x = float(text(value))
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid float value: {value!r}") from None
    if not math.isfinite(x):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {value!r}")
    return x
