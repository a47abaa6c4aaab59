"""``cnr-news cron [SPIDER] [--db URL] [--log-dir DIR] [--timeout MIN] [-- spider args]``.

The command line of one scheduled crawl (lock, database check, time-bounded crawl child, per-run log,
verdict from ``crawl_runs`` -> exit status): the work is done by :mod:`pipelines.cron`; this module
parses and checks the command line and hands a :class:`pipelines.cron.job.CronJob` to
:func:`pipelines.cron.job.run_job`. Exit statuses: :data:`pipelines.cron.outcome.EXIT_CODES`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pipelines.cli import argtypes
from pipelines.cron.child import spider_names
from pipelines.cron.dburl import absolute_db_url
from pipelines.cron.job import CronJob, run_job
from pipelines.cron.outcome import EXIT_CODES, EXIT_OK, EXIT_USAGE

__all__ = ["UsageError", "build_parser", "parse_command_line", "register", "run"]

# Settings ``cnr-news cron`` sets itself: a ``-s`` for one of them would split what the crawl uses
# from what cron locks, reads back or waits for. Name -> the option to use instead.
RESERVED_SETTINGS = {
    "NEWS_DB_URL": "--db",
    "LOG_FILE": "--log-dir",
    "CLOSESPIDER_TIMEOUT": "--timeout",
    "NEWS_RUN_REPORT": "(set by cnr-news cron)",
}
# the ``cron`` sub-parser of ``cnr-news`` takes its words raw: a prefix no option uses, so
# argparse never reads ``--db`` there as an option of its own (see :func:`register`)
RAW_PREFIX = "\x01"
USAGE = "cnr-news cron [SPIDER] [options] [-- spider args]   (options may also come before SPIDER)"
DESCRIPTION = """One scheduled crawl, safe to start from cron or a systemd timer: it takes a lock (a second
run exits at once with status 75), checks the database can be written, runs `scrapy crawl SPIDER`
with a graceful stop after --timeout minutes (killed --kill-after seconds later), writes one log
file per run in --log-dir, records the run in crawl_runs and exits with a status that says what
happened (the reason on stderr)."""


def build_parser() -> argparse.ArgumentParser:
    """The real parser of ``cnr-news cron``'s options and SPIDER (spider arguments: after ``--``)."""
    p = argparse.ArgumentParser(
        prog="cnr-news cron",
        usage=USAGE,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="spider arguments: after --, as NAME=VALUE (passed as -a NAME=VALUE), e.g.\n"
        "  cnr-news cron cnr --db data/news.db --timeout 50 -- refresh=3\n\n"
        "exit status:\n" + "\n".join(f"  {code:>3}  {text}" for code, text in EXIT_CODES.items()),
    )
    p.add_argument("spider", nargs="?", default="cnr", help="spider to run (default: cnr)")
    p.add_argument(
        "--db",
        help="database URL or SQLite path; a relative path is taken from the current folder "
        "(default: $NEWS_DB_URL, else data/news.db)",
    )
    p.add_argument(
        "--log-dir",
        default=os.environ.get("NEWS_LOG_DIR", "logs"),
        help="one log file per run; created if missing (default: $NEWS_LOG_DIR, else logs)",
    )
    p.add_argument(
        "--timeout",
        type=argtypes.finite_float,
        default=60.0,
        help="minutes before a graceful stop (default: 60)",
    )
    p.add_argument(
        "--kill-after",
        type=argtypes.finite_float,
        default=300.0,
        help="seconds after --timeout before the crawl is killed (default: 300)",
    )
    p.add_argument(
        "--max-errors", type=int, default=100, help="errors above this fail the run (default: 100)"
    )
    p.add_argument("--lock", help="lock file (default: next to the SQLite file, else in --log-dir)")
    p.add_argument(
        "-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="a Scrapy setting (repeatable)"
    )
    return p


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``cron`` takes its words raw and parses them itself (:func:`parse_command_line`): with an
    ``argparse.REMAINDER`` for the spider arguments, every option after SPIDER was swallowed as a
    spider argument, and ``cnr-news`` parses with ``parse_args``, not ``parse_intermixed_args``."""
    p = sub.add_parser(
        "cron",
        help="one scheduled, locked, time-bounded crawl with a meaningful exit status",
        add_help=False,  # -h/--help reach build_parser()
        prefix_chars=RAW_PREFIX,
    )
    p.add_argument("argv", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    p.set_defaults(func=run)


# --- command line ------------------------------------------------------------------------------------


class UsageError(ValueError):
    """A bad ``cnr-news cron`` command line (exit status :data:`EXIT_USAGE`)."""


def parse_command_line(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """``[SPIDER] [options] [-- spider args]``, options before or after SPIDER -> (options, the
    words after the first ``--``). argparse errors (and ``--help``) exit through ``SystemExit``."""
    argv = list(argv)
    cut = argv.index("--") if "--" in argv else len(argv)
    parser = build_parser()
    args, rest = parser.parse_known_intermixed_args(argv[:cut])
    if args.spider.startswith("-") or "=" in args.spider:
        rest.insert(0, args.spider)
        args.spider = "cnr"
    pairs = [w for w in rest if "=" in w and not w.startswith("-")]
    if pairs:
        raise UsageError(
            f"{pairs[0]!r}: spider arguments go after --, e.g. cnr-news cron {args.spider} -- {' '.join(pairs)}"
        )
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    return args, argv[cut + 1 :]


def scrapy_args(extra: Sequence[str]) -> list[str]:
    """Spider arguments (the words after ``--``): ``NAME=VALUE`` -> ``-a NAME=VALUE``;
    ``-a X``/``-s X``/``--set X`` pairs and ``-aNAME=VALUE`` pass through."""
    out: list[str] = []
    it = iter(extra)
    for word in it:
        if word in ("-a", "-s", "--set"):
            value = next(it, None)
            if value is None or "=" not in value:
                raise UsageError(f"{word} needs NAME=VALUE after it")
            out += ["-s" if word == "--set" else word, value]
        elif word.startswith("-a") and "=" in word:
            out += ["-a", word[2:]]
        elif "=" in word and not word.startswith("-") and word.split("=", 1)[0].strip():
            out += ["-a", word]
        else:
            raise UsageError(
                f"unexpected spider argument {word!r}: after -- each spider argument is NAME=VALUE "
                "(SPIDER and cron's own options go before --)"
            )
    return out


def scrapy_settings(extra_args: Sequence[str]) -> dict[str, str]:
    """The ``-s NAME=VALUE`` pairs of a Scrapy argument list."""
    pairs = zip(extra_args[::2], extra_args[1::2], strict=False)
    return dict(value.split("=", 1) for flag, value in pairs if flag == "-s" and "=" in value)


def check_reserved(settings: dict[str, str]) -> None:
    for name in settings:
        if name in RESERVED_SETTINGS:
            raise UsageError(f"-s {name}=… is set by cnr-news cron: use {RESERVED_SETTINGS[name]}")


# --- the command -------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    from pipelines.db.engine import check_db_url, hide_password, safe_url

    try:
        if getattr(args, "argv", None) is not None:  # from cnr-news: the raw words after "cron"
            args, extra = parse_command_line(args.argv)
        else:  # a namespace from build_parser() and its spider arguments
            extra = list(getattr(args, "spider_args", None) or [])
        spider = args.spider
        for s in args.set:
            if "=" not in s or not s.split("=", 1)[0].strip():
                raise UsageError(f"-s needs NAME=VALUE, got {s!r}")
        extra_args = scrapy_args(extra) + [x for s in args.set for x in ("-s", s)]
        settings = scrapy_settings(extra_args)
        check_reserved(settings)
        if args.timeout <= 0 or args.kill_after < 0 or args.max_errors < 0:
            raise UsageError("--timeout must be > 0, --kill-after and --max-errors >= 0")
        try:
            db_url = absolute_db_url(check_db_url(args.db))
        except ValueError as exc:  # DatabaseURLError: the message names the URL and the reason
            raise UsageError(f"--db: {hide_password(str(exc))}") from None
        except Exception as exc:  # sqlalchemy.exc.ArgumentError and friends
            given = safe_url(args.db or os.environ.get("NEWS_DB_URL") or "")
            raise UsageError(
                f"--db {given!r} is not a database URL or path: {hide_password(str(exc))}"
            ) from None
    except SystemExit as exc:  # argparse: it has printed the usage and the error (or the help)
        return EXIT_USAGE if exc.code else EXIT_OK
    except UsageError as exc:
        print(f"cnr-news cron: {exc}\nusage: {USAGE}", file=sys.stderr)
        return EXIT_USAGE
    try:
        known = spider_names(settings)
    except Exception:  # the spider modules do not import: the crawl itself reports it, with its log
        known = None
    if known is not None and spider not in known:
        print(
            f"cnr-news cron: unknown spider {spider!r}; the spiders are: {', '.join(known) or '(none)'}",
            file=sys.stderr,
        )
        return EXIT_USAGE

    log_dir = Path(args.log_dir).expanduser().resolve()
    return run_job(
        CronJob(
            spider=spider,
            db_url=db_url,
            log_dir=log_dir,
            timeout_min=args.timeout,
            kill_after_s=args.kill_after,
            max_errors=args.max_errors,
            lock_path=Path(args.lock).expanduser().resolve() if args.lock else None,
            extra_args=extra_args,
        )
    )
