"""The calendar date a URL's path carries: ``/2022/02/13/``, ``/2018-03/02/``, ``/2019/0615/``,
``/20220213/``, ``t20220213_…``."""

from __future__ import annotations

import re
from datetime import date

# Scheme and host, removed before looking for a date (a host may hold digits).
URL_ORIGIN_RE = re.compile(r"^[a-z]+://[^/]+", re.I)
# URL dates: /2022/02/13/, /2022-02/13/, /202202/13/, /20220213/, t20220213_ …
URL_DATE_RES: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<!\d)((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?:/|_|-|\.|$)"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})[/_-](\d{2})(?:/|_|-|\.|$)"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})[/_-](\d{2})(\d{2})(?:/|_|-|\.|$)"),
    re.compile(r"(?:^|[/_a-zA-Z-])((?:19|20)\d{2})(\d{2})(\d{2})(?:\d{0,6})(?=[/_.-]|$)"),
)


def date_from_url(url: str | None) -> date | None:
    """The calendar date a URL's path carries, if any."""
    if not url:
        return None
    path = URL_ORIGIN_RE.sub("", url)
    for rx in URL_DATE_RES:
        for m in rx.finditer(path):
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None
