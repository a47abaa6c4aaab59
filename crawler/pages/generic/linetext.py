"""Small tests on a line's text shared by cleaning, the headline and the article verdict."""

from __future__ import annotations

import re

from crawler.pages.generic.byline import is_byline_line
from crawler.pages.generic.selectors import WHITESPACE_RE
from crawler.pages.pubtime.parse import DATETIME_RE, fold

CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# what may surround the time on a date line: spaces, separators, brackets
DATE_LINE_JUNK_RE = re.compile(r"[\s:：|｜/()（）\[\]【】\-—·]+")
DATE_ONLY_MAX = 60  # a date line is at most this long


def squash(text: str) -> str:
    """NFKC, all whitespace removed: the form lines are compared and measured in."""
    return WHITESPACE_RE.sub("", fold(text))


def is_date_line(text: str) -> bool:
    """A short line holding a time and little else (or a byline): the metadata line of a story."""
    if len(text) > DATE_ONLY_MAX:
        return False
    m = DATETIME_RE.search(fold(text))
    if not m:
        return False
    rest = text[: m.start()] + text[m.end() :]
    rest = DATE_LINE_JUNK_RE.sub("", rest)
    if len(rest) <= 12:
        return True
    return is_byline_line(rest)
