"""The date step is MIT-clean: the whole chain runs without importing jionlp or its GPL-3.0 jiojio.

Run in a fresh interpreter so that what other tests imported does not count.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.support.paths import ROOT

CODE = """
import sys
from datetime import datetime, timedelta, timezone
from crawler.items import ArticleItem
from pipelines.chain import process_article

item = ArticleItem(url="http://x.cnr.cn/a", canonical_url="http://x.cnr.cn/a", site="cnr.cn", key="k")
item.paragraphs = ["2025年5月15日—6月15日是宣传月。", "5月23日上午，活动启动；上周五，专家组抵达。春节期间客流增加。"]
item.published_at = datetime(2025, 5, 24, 9, tzinfo=timezone(timedelta(hours=8)))
item = process_article(item)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("jionlp", "jiojio"))
print(json.dumps({"dates": [d["text"] for d in item.dates], "loaded": loaded}, ensure_ascii=False))
"""


def test_chain_imports_no_jionlp_nor_jiojio() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import json\n" + CODE], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["loaded"] == []
    assert "2025年5月15日—6月15日" in result["dates"] and "春节" in result["dates"]
