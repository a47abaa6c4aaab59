"""``cnr-news check-site [--base URL] [--http-base URL] [--channels C1,C2]``: is cnr.cn still what the
crawler expects? Fetches robots.txt of each host, each channel's first list page and one article per
channel, and prints a table (status, encoding, list markup or template matched, fields found). Exit
status 0 when everything looks right, 1 when something does not (the table says what). The work is
done by :mod:`pipelines.sitecheck`.
"""

from __future__ import annotations

import argparse
import sys

from crawler.pages.cnr import urls as U
from pipelines.sitecheck import check_site, make_fetch, table


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "check-site",
        help="check robots.txt, channel lists and one article per channel of cnr.cn against the crawler",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    p.add_argument("--base", help="a local mirror laid out as <base>/<host>/<path> instead of cnr.cn")
    p.add_argument("--http-base", help="that mirror's http:// origin (--base is then the https:// one)")
    p.add_argument("--channels", help="channel list URLs, comma-separated (default: NEWS_CNR_CHANNELS)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per request (default: 20)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    homepage = settings.get("NEWS_CNR_HOMEPAGE") or U.DEFAULT_HOMEPAGE
    channels = [c.strip() for c in (args.channels or "").split(",") if c.strip()] or list(
        settings.getlist("NEWS_CNR_CHANNELS") or U.DEFAULT_CHANNELS
    )
    for c in [homepage, *channels]:
        if not U.is_cnr_url(c):
            print(f"cnr-news check-site: not a cnr.cn http(s) URL: {c!r}", file=sys.stderr)
            return 2
    if args.http_base and not args.base:
        print("cnr-news check-site: --http-base needs --base", file=sys.stderr)
        return 2
    mirror = U.Mirror(args.base, args.http_base) if args.base else None
    user_agent = settings.get("USER_AGENT")
    rows = check_site(homepage, channels, make_fetch(mirror, user_agent, args.timeout), user_agent)
    print(table(rows))
    bad = [r for r in rows if not r.ok]
    where = f" (mirror {args.base})" if args.base else ""
    print(
        f"\n{len(rows) - len(bad)} of {len(rows)} checks OK{where}"
        + (f"; {len(bad)} problems" if bad else "")
    )
    return 1 if bad else 0
