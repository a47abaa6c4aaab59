"""The Python API (pipelines/api.py): its docstring examples run, and it returns what
``cnr-news extract`` prints."""

from __future__ import annotations

import doctest
import json

from pipelines import api
from pipelines.cli import main
from tests.support.paths import FIXTURES

PAGE = FIXTURES / "cnr_site" / "www.cnr.cn" / "sd" / "20250524" / "t20250524_100010.shtml"
PAGE_URL = "http://www.cnr.cn/sd/20250524/t20250524_100010.shtml"


def test_docstring_examples() -> None:
    result = doctest.testmod(api, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8 and result.failed == 0
    for name in ("extract", "normalize_text", "extract_dates", "extract_entities"):
        assert name in api.__all__ and ">>> " in (getattr(api, name).__doc__ or ""), name


def test_extract_is_the_cli_record(capsys) -> None:
    assert main(["extract", str(PAGE), "--url", PAGE_URL, "--published-at", "2025-05-24T09:00"]) == 0
    cli = json.loads(capsys.readouterr().out)
    got = api.extract(PAGE.read_bytes(), PAGE_URL, published_at="2025-05-24T09:00")
    assert list(got) == list(cli)
    assert {k: v for k, v in got.items() if k != "path"} == {k: v for k, v in cli.items() if k != "path"}
    assert got["key"] == "cnr:100010" and got["published_at"] == "2025-05-24T09:00:00+08:00"
    # text in, not bytes: the same article
    text = api.extract(PAGE.read_bytes().decode("gb18030"), PAGE_URL)
    assert text["title"] == got["title"] and text["paragraphs"] == got["paragraphs"]
