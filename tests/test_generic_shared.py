"""The generic extractor on the real pages in ../shared (skipped when absent).

* ``corpus/zh-news/pages/``: every page extracts; list pages are not articles; article pages have a
  title, a publication time and a body.
* ``corpus/zh-news/wce-dev/``: body F1 and published-day accuracy, scored by
  ``tools/score_extraction.py`` itself (loaded in place). The side-by-side comparison with
  trafilatura and GNE, and the timings, are in ``benchmarks/extract.py``.
"""

from __future__ import annotations

import contextlib
import io
import json
import runpy
from pathlib import Path

import pytest

from crawler.pages.generic.page import parse_generic
from tests.support.paths import shared_path

pytestmark = pytest.mark.shared


def _pages() -> list[Path]:
    return sorted(shared_path("corpus", "zh-news", "pages").glob("*.html"))


def test_every_real_page_extracts_lists_are_not_articles() -> None:
    problems = []
    for path in _pages():
        item = parse_generic(f"https://news.example.com/{path.name}", path.read_bytes())
        if "list" in path.name:
            if item.is_article:
                problems.append(f"{path.name}: list page taken for an article")
        elif not (item.is_article and item.title and item.published_at and item.paragraphs):
            problems.append(
                f"{path.name}: article={item.is_article} title={item.title!r} time={item.published_at}"
            )
    assert not problems, problems


def test_wce_dev_body_f1_and_published_day(tmp_path: Path) -> None:
    pages = shared_path("corpus", "zh-news", "wce-dev")
    scorer = runpy.run_path(str(shared_path("tools", "score_extraction.py")))
    truth = json.loads((pages / "truth.json").read_text("utf-8"))
    preds = tmp_path / "pred.jsonl"
    with preds.open("w", encoding="utf-8") as fh:
        for name in truth:
            item = parse_generic(f"file:///{name}", (pages / name).read_bytes())
            published = item.published_at.isoformat() if item.published_at else None
            fh.write(
                json.dumps({"path": name, "body": item.body, "published_at": published, "title": item.title})
                + "\n"
            )
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        scorer["main"](["score_extraction.py", str(pages / "truth.json"), str(preds)])
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["f1"] >= 0.90, result
    # published day over the pages whose truth names a full day ("1998-3", "UNKNWON" cannot match)
    by_name = {json.loads(line)["path"]: json.loads(line) for line in preds.read_text("utf-8").splitlines()}
    full = [(n, g) for n, g in truth.items() if scorer["ymd"](g.get("date") or "")]
    right = sum(scorer["ymd"](g["date"]) == scorer["ymd"](by_name[n]["published_at"]) for n, g in full)
    assert right / len(full) >= 0.80, (right, len(full))


def test_real_cnr_page_through_the_generic_extractor() -> None:
    """The CNR page object falls back to this extractor: it must get the real page right on its own."""
    truth = json.loads(shared_path("corpus", "cnr", "truth.json").read_text("utf-8"))[
        "t20220213_525739615.html"
    ]
    raw = shared_path("corpus", "cnr", "t20220213_525739615.html").read_bytes()
    item = parse_generic(truth["url_guess"], raw)
    assert item.is_article
    assert item.title == truth["title"]
    assert item.published_at is not None and item.published_at.isoformat() == truth["published_at"]
    assert (item.source, item.editors, item.authors) == (truth["source"], [truth["editor"]], [])
    assert item.paragraphs == truth["paragraphs"]
    assert not [s for s in truth["must_not_contain"] if s in item.body]
