"""Acceptance on ../shared (skips when absent): the seed against its gold, the real CNR page's truth."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from crawler.items import ArticleItem
from pipelines.text import apply_to_item, normalize_paragraphs, normalize_text
from tests.support.paths import shared_path

pytestmark = pytest.mark.shared
WHITESPACE_RE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return WHITESPACE_RE.sub("", unicodedata.normalize("NFKC", text))


def _check_against_gold(title: str, paragraphs: list[str], source: str | None) -> None:
    gold = json.loads(shared_path("seed", "gold.json").read_text(encoding="utf-8"))
    body = _norm("\n".join(paragraphs))
    assert _norm(title) == _norm(gold["title"])
    assert body.count(_norm(gold["title"])) == 0  # the title once: as the title, not in the body
    for para in gold["paragraphs"]:
        assert body.count(_norm(para)) == 1, para[:30]
    assert len(paragraphs) == len(gold["paragraphs"])
    full = _norm(title) + body
    for bad in gold["must_not_contain"]:
        assert _norm(bad) not in full, bad
    for good in gold["must_keep"]:
        assert _norm(good) in body, good
    assert source == gold["attribution_source"]


def _seed() -> str:
    return shared_path("seed", "000_f368e660888cc969.txt").read_text(encoding="utf-8")


def test_seed_normalize_text_matches_gold() -> None:
    result = normalize_text("", _seed())
    _check_against_gold(result.title, result.paragraphs, result.source)
    assert result.removed["pinyin_gloss"] > 0
    assert result.removed["duplicate_paragraph"] >= 4


def test_seed_item_path_matches_gold() -> None:
    """The path `cnr-news extract FILE.txt` takes: an item with the file's lines and no title."""
    item = ArticleItem(url="file:seed.txt", canonical_url="file:seed.txt", site="file", key="file:seed.txt")
    item.paragraphs = _seed().splitlines()
    apply_to_item(item)
    _check_against_gold(item.title, item.paragraphs, item.source)
    assert item.source_from == "attribution"
    assert item.removed["copyright"] >= 2


def test_seed_via_chain_matches_gold() -> None:
    from pipelines.chain import process_article

    item = ArticleItem(url="file:seed.txt", canonical_url="file:seed.txt", site="file", key="file:seed.txt")
    item.paragraphs = _seed().splitlines()
    process_article(item)
    _check_against_gold(item.title, item.paragraphs, item.source)


def test_seed_with_page_title_matches_gold() -> None:
    gold = json.loads(shared_path("seed", "gold.json").read_text(encoding="utf-8"))
    result = normalize_paragraphs(gold["title"], _seed().splitlines())
    _check_against_gold(result.title, result.paragraphs, result.source)


def test_cnr_truth_paragraphs_unchanged() -> None:
    truth = json.loads(shared_path("corpus", "cnr", "truth.json").read_text(encoding="utf-8"))
    for name, page in truth.items():
        result = normalize_paragraphs(page["title"], page["paragraphs"])
        assert result.paragraphs == page["paragraphs"], name
        assert result.title == page["title"]
        assert result.removed == {}
        body = "\n".join(result.paragraphs)
        for bad in page.get("must_not_contain", []):
            assert bad not in body
