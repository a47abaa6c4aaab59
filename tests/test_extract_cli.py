"""``cnr-news extract`` on saved files (pipelines/cli/extract.py)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.cli.extract import BASE_KEYS, guess_url
from tests.support.paths import FIXTURES, shared_path


def squash(s: str) -> str:
    """Compare after NFKC and without whitespace (the normaliser may rewrite punctuation width)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def extract(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict]]:
    code = main(["extract", *argv])
    out = capsys.readouterr().out
    return code, [json.loads(line) for line in out.splitlines() if line.strip()]


def test_real_cnr_page_matches_truth(capsys: pytest.CaptureFixture[str]) -> None:
    truth_all = json.loads(shared_path("corpus", "cnr", "truth.json").read_text("utf-8"))
    name, truth = next(iter(truth_all.items()))
    code, (rec,) = extract(capsys, str(shared_path("corpus", "cnr", name)))
    assert code == 0 and rec["error"] is None
    assert list(rec)[: len(BASE_KEYS)] == list(BASE_KEYS)
    assert rec["is_article"] and rec["template"] == "cnr-2021"
    assert squash(rec["title"]) == squash(truth["title"])
    assert rec["published_at"] == truth["published_at"]
    assert rec["source"] == truth["source"]
    assert rec["editors"] == [truth["editor"]]
    assert rec["channel"] == truth["channel"]
    body = squash(rec["body"])
    for p in truth["paragraphs"]:
        assert body.count(squash(p)) == 1, p
    assert [squash(p) for p in rec["paragraphs"]] == [squash(p) for p in truth["paragraphs"]]
    for bad in truth["must_not_contain"]:
        assert squash(bad) not in body
    assert rec["url"].endswith("/t20220213_525739615.shtml") and ".cnr.cn/" in rec["url"]


def test_every_zh_news_page_extracts_without_error(capsys: pytest.CaptureFixture[str]) -> None:
    pages = shared_path("corpus", "zh-news", "pages")
    code, recs = extract(capsys, str(pages))
    assert len(recs) == len(list(pages.glob("*.html")))
    assert [r["path"] for r in recs if r["error"]] == []
    assert code == 0
    by_name = {Path(r["path"]).name: r for r in recs}
    for name, rec in by_name.items():
        assert "\ufffd" not in rec["body"], name
        if name.startswith(("test_list_page", "gerapy_samples_list")):
            assert not rec["is_article"], name  # list pages are recognised


def test_fixture_site_directory(capsys: pytest.CaptureFixture[str]) -> None:
    site = FIXTURES / "cnr_site"
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    code, recs = extract(capsys, str(site))
    assert code == 0
    assert all(r["error"] is None for r in recs)
    by_url = {r["url"]: r for r in recs}
    for a in manifest["articles"]:
        rec = by_url["http://" + a["url"].split("://", 1)[1]]  # URL read from the mirror layout (http)
        assert rec["is_article"] and rec["title"] == a["title"]
        assert rec["published_at"] == a["published_at"]
    for url in manifest["non_articles"]:
        assert not by_url["http://" + url.split("://", 1)[1]]["is_article"]
    assert not by_url["http://www.cnr.cn/index.html"]["is_article"]


def test_txt_file_and_published_at(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    txt = tmp_path / "story.txt"
    txt.write_text(
        "5月23日，济南市举办托育服务宣传月启动活动。\n\n今年的活动主题是“普惠托育，科学育儿”。\n", "utf-8"
    )
    code, (rec,) = extract(capsys, str(txt), "--published-at", "2025-05-24T09:00:00")
    assert code == 0 and rec["error"] is None
    assert rec["title"] == "" and rec["template"] == "text"
    assert len(rec["paragraphs"]) == 2
    assert rec["published_at"] == "2025-05-24T09:00:00+08:00"
    assert rec["url"].startswith("file://")


def test_failing_file_gets_error_and_others_go_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "a.html"
    good.write_bytes(
        "<html><head><title>标题</title></head><body><p>一段足够长的正文内容。</p></body></html>".encode()
    )
    missing = tmp_path / "missing.html"
    code, recs = extract(capsys, str(missing), str(good))
    assert code == 1
    assert recs[0]["error"] and "missing.html" in recs[0]["path"]
    assert recs[1]["error"] is None


def test_explicit_url_and_bad_published_at(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = FIXTURES / "cnr_site" / "www.cnr.cn" / "sd" / "20250524" / "t20250524_100010.shtml"
    code, (rec,) = extract(capsys, str(page), "--url", "http://www.cnr.cn/sd/20250524/t20250524_100010.shtml")
    assert code == 0 and rec["key"] == "cnr:100010" and rec["channel"] == "山东"
    assert main(["extract", str(page), "--published-at", "yesterday"]) == 2


def test_url_guesses(tmp_path: Path) -> None:
    assert (
        guess_url(Path("/x/t20220213_525739615.html"))
        == "http://www.cnr.cn/20220213/t20220213_525739615.shtml"
    )
    assert guess_url(Path("/m/news.cnr.cn/native/gd/20250524/t20250524_1.shtml")) == (
        "http://news.cnr.cn/native/gd/20250524/t20250524_1.shtml"
    )
    assert guess_url(tmp_path / "page.html").startswith("file://")
