"""Fault suite, encodings at the page level (issue 8): every encoding case the fault server serves
goes through ``decode_html`` and both page objects with its exact text, without U+FFFD or mojibake.

The crawl-level check (the same pages fetched by a real crawl and read back from the database) is
in ``test_fault_crawl_input.py``.
"""

from __future__ import annotations

import pytest

from crawler.pages.cnr.page import parse_cnr
from crawler.pages.encoding import decode_html
from crawler.pages.generic.page import parse_generic
from tests.support.fault_server import ENCODING_CASES, EncodingCase, encoded_article

MOJIBAKE_MARKERS = ("\ufffd", "锟斤拷", "Ã", "Â", "ï»¿")


def assert_clean(text: str) -> None:
    for marker in MOJIBAKE_MARKERS:
        assert marker not in text, f"mojibake marker {marker!r} in {text[:80]!r}"


@pytest.mark.parametrize("case", ENCODING_CASES, ids=lambda c: c.name)
def test_encoding_matrix_page_objects(case: EncodingCase) -> None:
    body, ctype = encoded_article(case)
    text, codec = decode_html(body, ctype)
    assert not codec.endswith("+replace"), codec
    assert case.text in text
    assert_clean(text)

    generic = parse_generic(f"http://127.0.0.1/enc/{case.name}.html", body, content_type=ctype)
    assert generic.is_article
    assert case.text in generic.body
    assert_clean(generic.title + generic.body)

    url = f"http://www.cnr.cn/sd/20250520/t20250520_{900000 + ENCODING_CASES.index(case)}.shtml"
    cnr = parse_cnr(url, body, content_type=ctype)
    assert case.text in cnr.body
    assert_clean(cnr.title + cnr.body)
