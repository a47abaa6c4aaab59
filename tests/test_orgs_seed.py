"""Issue 5 acceptance on the seed story (../shared/seed/gold.json): organisations and persons."""

from __future__ import annotations

import json

import pytest

from crawler.items import ArticleItem
from pipelines.entities import apply_to_item
from tests.support.paths import shared_path

pytestmark = pytest.mark.shared

SEED_URL = "https://www.cnr.cn/sd/gd/20250523/t20250523_527000000.shtml"


@pytest.fixture(scope="module")
def seed() -> tuple[dict, ArticleItem]:
    gold = json.loads(shared_path("seed", "gold.json").read_text(encoding="utf-8"))
    item = ArticleItem(url=SEED_URL, canonical_url=SEED_URL, site="cnr.cn", key="cnr:seed", channel="山东")
    item.title = gold["title"]
    item.paragraphs = list(gold["paragraphs"])
    apply_to_item(item)
    return gold, item


def test_every_required_organisation_with_its_surface_forms(seed):
    gold, item = seed
    found = {o["name"]: {m["text"] for m in o["mentions"]} for o in item.organizations}
    for name, forms in gold["organizations"]["required"].items():
        assert name in found, f"{name} not reported (got {sorted(found)})"
        assert set(forms) <= found[name], f"{name}: surface forms {set(forms) - found[name]} missing"


def test_at_least_90_percent_of_reported_are_gold(seed):
    gold, item = seed
    allowed = set(gold["organizations"]["required"]) | set(gold["organizations"]["optional"])
    names = [o["name"] for o in item.organizations]
    good = [n for n in names if n in allowed]
    assert names
    assert len(good) / len(names) >= 0.9, f"not in gold: {sorted(set(names) - allowed)}"


def test_both_persons_found_and_nothing_else(seed):
    gold, item = seed
    names = {p["name"] for p in item.persons}
    assert set(gold["persons"]["required"]) <= names
    assert names <= set(gold["persons"]["required"]), (
        f"junk persons: {names - set(gold['persons']['required'])}"
    )


def test_mention_offsets_point_into_the_body(seed):
    _gold, item = seed
    body = item.body
    for ent in item.organizations + item.persons:
        for m in ent["mentions"]:
            assert body[m["start"] : m["end"]] == m["text"]


def test_nested_name_is_one_organisation_with_its_parent(seed):
    _gold, item = seed
    by_name = {o["name"]: o for o in item.organizations}
    nested = by_name["国家卫生健康委人口监测与家庭发展司"]
    assert nested["parent"] == "国家卫生健康委员会"
    assert "国家卫生健康委员会" not in by_name  # the parent is recorded, not mentioned a second time
    assert by_name["济南市人民政府"]["kind"] == "government"
