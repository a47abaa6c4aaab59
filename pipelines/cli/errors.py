"""How ``cnr-news`` reports bad input: one line on stderr, and the documented exit status.

- A command raises :class:`BadInput` (or a library error listed in :data:`BAD_INPUT_ERRORS`, such as
  :class:`~pipelines.db.engine.DatabaseURLError`); :func:`run_command` (used by ``cnr-news``'s
  ``main``) prints ``cnr-news COMMAND: MESSAGE`` and returns :data:`EXIT_BAD_INPUT` — never a
  traceback.
- argparse's own usage errors (unknown option, bad choice) keep argparse's format and exit status 2.

Add a new kind of bad input here (an exception class in :data:`BAD_INPUT_ERRORS`), not in each
command.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from pipelines.cli.argtypes import BadArgument
from pipelines.db.engine import DatabaseURLError

__all__ = [
    "BAD_INPUT_ERRORS",
    "EXIT_BAD_INPUT",
    "EXIT_FAILED",
    "EXIT_OK",
    "BadInput",
    "one_line",
    "report",
    "run_command",
]

EXIT_OK = 0
EXIT_FAILED = 1  # the command ran, and something it was asked for failed or does not exist
EXIT_BAD_INPUT = 2  # bad command line, unusable database URL, no database


class BadInput(Exception):
    """Input the command cannot use; the message is one line saying what and why."""


# Library exceptions that mean "the user's input is bad" wherever they come from.
# argument types (pipelines/cli/argtypes.py) raise BadArgument: one line and exit 2 as well
BAD_INPUT_ERRORS: tuple[type[Exception], ...] = (BadInput, DatabaseURLError, BadArgument)


def one_line(message: object) -> str:
    """``message`` as a single line (newlines and runs of blanks folded)."""
    return " ".join(str(message).split())


def report(command: str | None, message: object, *, stream: TextIO | None = None) -> None:
    """Print ``cnr-news COMMAND: MESSAGE`` as one line on stderr."""
    prefix = f"cnr-news {command}" if command else "cnr-news"
    print(f"{prefix}: {one_line(message)}", file=stream or sys.stderr)


def run_command(func: Callable[[argparse.Namespace], int | None], args: argparse.Namespace) -> int:
    """Run a sub-command; bad input becomes one line on stderr and exit status 2."""
    try:
        return int(func(args) or 0)
    except BAD_INPUT_ERRORS as exc:
        report(getattr(args, "command", None), exc)
        return EXIT_BAD_INPUT
