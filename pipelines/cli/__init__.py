"""The ``cnr-news`` command: a thin layer over the library.

Each sub-command lives in its own module with a ``register(subparsers)`` function that adds its
parser and sets ``func`` (called with the parsed namespace, returns the exit status). Bad input is
reported by :mod:`pipelines.cli.errors` (one line on stderr, exit status 2).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from importlib import metadata

from pipelines.cli.errors import run_command

__all__ = ["build_parser", "main"]

# module name (under pipelines.cli) -> registers one or more sub-commands
COMMAND_MODULES = ("extract", "demo", "cron", "reprocess", "query", "db", "check_site")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cnr-news",
        description="Crawl Chinese news (CNR and any site) into a database, and query it.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"pipelines.cli.{name}").register(sub)
    return parser


def _version() -> str:
    try:
        return metadata.version("cnr-news")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return 2
    return run_command(func, args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
