"""Stories: copies of one article across sites linked to their original (pipelines/stories)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session
from story_fixtures import load_articles, load_expected, make_item

from pipelines.db import query as queries
from pipelines.db.engine import make_engine, make_session_factory
from pipelines.db.models import Article, Story, StoryBand
from pipelines.db.store import delete_article, upsert_article
from pipelines.reprocess import build_stories
from pipelines.stories import index as story_index
from pipelines.stories.original import Member, choose_original, sites_named
from pipelines.stories.shingles import (
    BANDS,
    MINHASH_SCHEME,
    MINHASH_SEED,
    NUM_PERM,
    normalize,
    shingle_hashes,
    signature,
)
from tests.support.env import CNR_NEWS, project_env

EXPECTED = load_expected()
ARTICLES = {a["name"]: a for a in load_articles()}
ORG = "青岛市卫生健康委员会"


def _with_entities(item: Any) -> Any:
    """Mentions a crawl's pipelines would add: the organisation and the day of the event."""
    spans = []
    start = item.body.find("卫生健康委")
    while start >= 0:
        spans.append({"text": "卫生健康委", "start": start, "end": start + 5})
        start = item.body.find("卫生健康委", start + 5)
    if spans:
        item.organizations = [{"name": ORG, "kind": "government", "mentions": spans}]
    at = item.body.find("5月25日")
    if at >= 0:
        item.dates = [
            {"text": "5月25日", "start": at, "end": at + 5, "value_start": "2025-05-25", "granularity": "day"}
        ]
    return item


def _store(url: str, names: list[str]) -> tuple[str, Any, dict[str, int]]:
    """``names`` stored in the empty database at ``url`` (the ``db_url`` fixture's: both backends)."""
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with factory() as session, session.begin():
        for name in names:
            upsert_article(session, _with_entities(make_item(ARTICLES[name])))
    with engine.connect() as conn:
        keys = dict(conn.execute(select(Article.canonical_url, Article.id)).all())
    ids = {name: keys[ARTICLES[name]["url"]] for name in names}
    return url, engine, ids


def _groups(engine: Any) -> tuple[dict[int, int | None], dict[int, tuple[int | None, str]]]:
    with engine.connect() as conn:
        story_of = dict(conn.execute(select(Article.id, Article.story_id)).all())
        stories = {r.id: (r.original_pk, r.reason) for r in conn.execute(select(Story))}
    return story_of, stories


COPIES_FIRST = [n for n in ARTICLES if not n.startswith("cnr_")] + [
    n for n in ARTICLES if n.startswith("cnr_")
]
ORIGINALS_FIRST = list(reversed(COPIES_FIRST))


@pytest.mark.parametrize("order", [COPIES_FIRST, ORIGINALS_FIRST], ids=["copies-first", "originals-first"])
def test_every_copy_linked_to_its_original_and_no_lookalike(db_url: str, order: list[str]) -> None:
    _, engine, ids = _store(db_url, order)
    story_of, stories = _groups(engine)
    assert len(stories) == len(EXPECTED["stories"])
    for exp in EXPECTED["stories"]:
        sid = story_of[ids[exp["original"]]]
        assert sid is not None, exp["original"]
        assert stories[sid] == (ids[exp["original"]], exp["reason"])
        members = {pk for pk, s in story_of.items() if s == sid}
        assert members == {ids[exp["original"]], *(ids[c] for c in exp["copies"])}
    for name in EXPECTED["not_copies"]:
        assert story_of[ids[name]] is None, name
    with engine.connect() as conn:  # every article indexed, BANDS keys each
        assert conn.execute(select(func.count()).select_from(StoryBand)).scalar() == BANDS * len(order)
    engine.dispose()


def test_story_shows_original_copies_and_what_each_changed(db_url: str) -> None:
    _, engine, ids = _store(db_url, COPIES_FIRST)
    with engine.connect() as conn:
        st = queries.story(conn, ARTICLES["province_qingdao"]["url"])  # by a copy's URL
        assert st is not None and st["original"]["id"] == ids["cnr_qingdao"]
        assert st["reason"] == "cited_url" and "links to it" in st["evidence"]
        copies = {c["id"]: c for c in st["copies"]}
        assert set(copies) == {ids[n] for n in EXPECTED["stories"][0]["copies"]}
        for name, exp in EXPECTED["diff"].items():
            c = copies[ids[name]]
            got = {k: (len(c[k]) if isinstance(c[k], list) else c[k]) for k in exp}
            assert got == exp, name
        assert "近年来,青岛市把发展普惠托育" in copies[ids["province_qingdao"]]["removed"][0]
        assert queries.story(conn, str(st["id"])) == st
        assert queries.story(conn, ARTICLES["gov_qingdao_lookalike"]["url"]) is None
        listed = queries.stories(conn)
        assert [(s["original_id"], s["articles"]) for s in listed] == [
            (ids["cnr_qingdao"], 4),
            (ids["cnr_jinan_metro"], 2),
        ]
    engine.dispose()


def test_earlier_original_arriving_later_takes_over(db_url: str) -> None:
    """Without cited URLs or named sources, the earliest publication wins — re-evaluated on arrival."""
    base = ARTICLES["portal_qingdao"]

    def variant(name: str, hours: int) -> dict[str, Any]:
        return {
            **base,
            "name": name,
            "url": f"https://{name}.example.org/a.html",
            "site": f"{name}.example.org",
            "source": None,
            "published_at": (datetime(2025, 5, 26, 12, tzinfo=UTC) + timedelta(hours=hours)).isoformat(),
        }

    for a in (variant("late", 5), variant("later", 9), variant("early", -20)):
        ARTICLES[a["name"]] = a
    try:
        url, engine, ids = _store(db_url, ["late", "later"])
        story_of, stories = _groups(engine)
        assert list(stories.values()) == [(ids["late"], "earliest_published")]
        factory = make_session_factory(engine)
        with factory() as session, session.begin():
            upsert_article(session, make_item(ARTICLES["early"]))
        story_of, stories = _groups(engine)
        early = max(story_of)
        assert list(stories.values()) == [(early, "earliest_published")]
        assert len(set(story_of.values())) == 1
        engine.dispose()
    finally:
        for n in ("late", "later", "early"):
            ARTICLES.pop(n)


def test_story_link_is_written_with_the_article_or_not_at_all(db_url: str, monkeypatch) -> None:
    url, engine, ids = _store(db_url, ["cnr_qingdao"])

    def broken(session: Session, story_id: int) -> None:
        raise RuntimeError("disk trouble while choosing the original")

    monkeypatch.setattr(story_index, "refresh_story", broken)
    factory = make_session_factory(engine)
    with factory() as session, session.begin():
        with pytest.raises(RuntimeError):
            upsert_article(session, make_item(ARTICLES["farm_qingdao"]))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Article)).scalar() == 1
        assert conn.execute(select(func.count()).select_from(Story)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(StoryBand)).scalar() == BANDS  # the original's
    engine.dispose()


def test_changed_copy_leaves_its_story_and_deleting_the_original_reelects(db_url: str) -> None:
    url, engine, ids = _store(db_url, ["cnr_qingdao", "farm_qingdao", "portal_qingdao"])
    factory = make_session_factory(engine)
    # the portal replaces its copy with other text: it leaves the story
    other = {**ARTICLES["portal_qingdao"], "text": ARTICLES["qilu_jinan_metro_lookalike"]["text"]}
    with factory() as session, session.begin():
        assert upsert_article(session, make_item(other)) == "updated"
    story_of, stories = _groups(engine)
    assert story_of[ids["portal_qingdao"]] is None
    (sid,) = stories
    assert stories[sid][0] == ids["cnr_qingdao"]
    # the original goes: one article left, no story
    with factory() as session, session.begin():
        delete_article(session, ids["cnr_qingdao"])
    story_of, stories = _groups(engine)
    assert stories == {} and set(story_of.values()) == {None}
    with engine.connect() as conn:
        left = conn.execute(select(StoryBand.article_pk).distinct()).scalars().all()
        assert sorted(left) == sorted([ids["farm_qingdao"], ids["portal_qingdao"]])
    engine.dispose()


def test_queries_count_stories_by_default_in_the_cli(db_url: str) -> None:
    path, engine, ids = _store(db_url, list(ARTICLES))
    engine.dispose()
    env = project_env()

    def cli(*args: str) -> list[dict[str, Any]]:
        out = subprocess.run(
            [*CNR_NEWS, *args, "--db", path, "--format", "json"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
        return json.loads(out)

    # the organisation is in the 4 Qingdao copies and the 2 look-alikes: 3 stories, 6 articles
    (by_story,) = cli("orgs", "--about", "托育")
    assert (by_story["stories"], by_story["articles"]) == (3, 6)
    (by_article,) = cli("orgs", "--about", "托育", "--by", "article")
    assert by_article["articles"] == 6 and "stories" not in by_article
    (month,) = cli("timeline", ORG)
    assert (month["stories"], month["articles"]) == (3, 6)
    # 5月25日 is in the 4 Qingdao copies and the government's report (the Dazhong one says 25日)
    events = cli("events", "--between", "2025-05-25", "2025-05-25")
    assert sorted((e["id"], e["articles"]) for e in events) == [
        (ids["cnr_qingdao"], 4),
        (ids["gov_qingdao_lookalike"], 1),
    ]
    assert len(cli("events", "--between", "2025-05-25", "2025-05-25", "--by", "article")) == 5
    (st,) = cli("story", f"article:{ids['portal_qingdao']}")
    assert st["original"]["id"] == ids["cnr_qingdao"] and len(st["copies"]) == 3
    table = subprocess.run(
        [*CNR_NEWS, "story", str(st["id"]), "--db", path], capture_output=True, text=True, env=env
    )
    assert table.returncode == 0
    assert "title changed: 青岛“托育进社区·育儿有帮手”服务周启动 → 青岛启动“托育进社区”服务周" in table.stdout
    assert "why: cited_url" in table.stdout and "- 近年来" in table.stdout
    csv_out = subprocess.run(
        [*CNR_NEWS, "story", str(st["id"]), "--db", path, "--format", "csv"],
        capture_output=True,
        text=True,
        env=env,
    ).stdout.splitlines()
    assert csv_out[0].endswith("containment,title_changed,kept,changed,added,removed") and len(csv_out) == 5
    missing = subprocess.run(
        [*CNR_NEWS, "story", "999", "--db", path], capture_output=True, text=True, env=env
    )
    assert missing.returncode == 1 and "no story '999'" in missing.stderr


def test_reprocess_builds_stories_for_a_database_without_them(db_url: str) -> None:
    url, engine, ids = _store(db_url, list(ARTICLES))
    before = _groups(engine)
    with engine.begin() as conn:  # as a database made before stories existed
        conn.execute(text("UPDATE articles SET story_id = NULL, story_scheme = NULL"))
        conn.execute(text("DELETE FROM story_bands"))
        conn.execute(text("DELETE FROM stories"))
    engine.dispose()
    run = subprocess.run(
        [*CNR_NEWS, "reprocess", "--stories", "--db", url],
        capture_output=True,
        text=True,
        env=project_env(),
    )
    assert run.returncode == 0, run.stderr
    assert f"indexed {len(ARTICLES)} articles for stories: 4 linked" in run.stdout
    engine = make_engine(url)
    story_of, stories = _groups(engine)
    # same groups and originals (story ids may differ)
    assert sorted(stories.values()) == sorted(before[1].values())
    groups = lambda so: sorted(sorted(k for k, v in so.items() if v == s) for s in set(so.values()) if s)  # noqa: E731
    assert groups(story_of) == groups(before[0])
    totals: list[int] = []

    def bar(ids: Any, total: int) -> Any:  # what the CLI's progress bar is given
        totals.append(total)
        return ids

    again = build_stories(url, progress=bar)  # nothing left to do
    assert sum(again.values()) == 0 and totals == [0]
    engine.dispose()


def test_shingles_ignore_punctuation_spacing_and_width() -> None:
    a = "青岛市新增普惠性托育托位４０００个，力争每个街道至少建成一处社区托育点。"
    b = "青岛市新增普惠性托育托位 4000 个, 力争每个街道至少建成一处社区托育点"
    assert normalize(a) == normalize(b)
    assert list(shingle_hashes(a)) == list(shingle_hashes(b))
    assert len(shingle_hashes("")) == 0 and len(shingle_hashes("托育")) == 1


def test_signature_is_datasketch_affine64_value_for_value() -> None:
    """Stored band keys stay valid: our numpy MinHash gives datasketch 2's affine64 values (empty set,
    one shingle, a news body, and a set larger than one block of products)."""
    import numpy as np
    from datasketch import MinHash

    rng = np.random.default_rng(7)
    sets = [np.zeros(0, dtype=np.uint64), np.array([5], dtype=np.uint64)]
    sets.append(shingle_hashes(ARTICLES[next(iter(ARTICLES))]["text"]))
    sets.append(np.unique(rng.integers(0, 2**64 - 1, 20_000, dtype=np.uint64, endpoint=True)))
    for hashes in sets:
        peer = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, hashfunc=int, scheme=MINHASH_SCHEME)
        if len(hashes):
            peer.update_batch(hashes.tolist())
        assert signature(hashes).tolist() == np.asarray(peer.hashvalues, dtype=np.uint64).tolist()


def test_storing_articles_does_not_import_scipy() -> None:
    """The store's process (the crawl's, with the worker pool) loads no datasketch/scipy (~60 MB)."""
    code = "import sys, pipelines.db.store; print(sorted(m for m in ('datasketch', 'scipy') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=project_env()
    )
    assert out.stdout.strip() == "[]"


def test_original_evidence_order() -> None:
    t = datetime(2025, 5, 26, tzinfo=UTC)
    cnr = Member(1, "cnr:1", "cnr.cn", ("http://www.cnr.cn/sd/20250526/t20250526_1.shtml",), "央广网", t, t)
    farm = Member(
        2, "https://farm.com/1", "farm.com", ("https://farm.com/1",), None, t - timedelta(hours=3), t
    )
    portal = Member(3, "https://p.com/1", "p.com", ("https://p.com/1",), "来源:央广网客户端", t, t)
    assert choose_original([cnr, farm]).reason == "earliest_published"
    assert choose_original([cnr, farm]).original == 2
    named = choose_original([cnr, farm, portal])
    assert (named.original, named.reason) == (1, "named_source")
    farm.cites = {"cnr:1"}
    assert choose_original([cnr, farm]).reason == "cited_url"
    assert sites_named("新华社") >= {"news.cn"} and sites_named("www.dzwww.com") == {"dzwww.com"}
    assert sites_named("济南市卫健委") == frozenset()


def test_datasette_story_copies_query(tmp_path: Path) -> None:
    import sqlite3

    from pipelines.datasette import load_metadata

    path = tmp_path / "s.db"  # Datasette serves SQLite files only
    _, engine, ids = _store(f"sqlite:///{path}", COPIES_FIRST)
    engine.dispose()
    sql = load_metadata()["databases"]["news"]["queries"]["story_copies"]["sql"]
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    sid = con.execute("SELECT story_id FROM articles WHERE id = ?", (ids["cnr_qingdao"],)).fetchone()[0]
    rows = con.execute(sql, {"story": sid}).fetchall()
    con.close()
    assert [(r[0], r[1]) for r in rows][0] == (ids["cnr_qingdao"], "original")
    assert {r[0] for r in rows[1:]} == {ids[n] for n in EXPECTED["stories"][0]["copies"]}
    assert rows[0][7].startswith("cited_url: ") and all(r[1] == "copy" and r[7] is None for r in rows[1:])


def _reference_choice(members: list[Member]) -> tuple[int, str]:
    """The definition, pair by pair (what choose_original computes with indexes in O(n))."""
    far = datetime.max.replace(tzinfo=UTC)

    def order(m: Member) -> tuple:
        return (m.published_at is None, m.published_at or far, m.first_seen or far, m.id)

    cited = {m.id: sum(1 for c in members if c.id != m.id and c.cites & m.identities()) for m in members}
    named = {
        m.id: sum(1 for c in members if c.id != m.id and m.site in sites_named(c.source)) for m in members
    }
    for counts, reason in ((cited, "cited_url"), (named, "named_source")):
        most = max(counts.values())
        if most:
            return min((m for m in members if counts[m.id] == most), key=order).id, reason
    win = min(members, key=order)
    return win.id, "earliest_published" if win.published_at else "first_seen"


def test_original_choice_matches_the_pairwise_definition() -> None:
    import random

    rng = random.Random(7)
    sites = ["cnr.cn", "news.cn", "farm.com", "p.com"]
    sources = [None, "央广网", "新华社", "来源:央广网客户端", "farm.com", "济南市卫健委"]
    t = datetime(2025, 5, 26, tzinfo=UTC)
    for _ in range(300):
        n = rng.randint(2, 9)
        members = []
        for i in range(1, n + 1):
            site = rng.choice(sites)
            url = f"https://{site}/{i}"
            when = None if rng.random() < 0.3 else t + timedelta(hours=rng.randint(0, 3))
            members.append(Member(i, url, site, (url,), rng.choice(sources), when, t + timedelta(minutes=i)))
        for m in members:
            m.cites = {f"{o.site}/{o.id}" for o in members if o is not m and rng.random() < 0.15}
        got = choose_original(members)
        assert (got.original, got.reason) == _reference_choice(members)


def test_a_story_of_thousands_of_copies_is_chosen_with_a_short_evidence() -> None:
    t = datetime(2025, 5, 26, tzinfo=UTC)
    cnr = Member(1, "cnr:1", "cnr.cn", ("http://www.cnr.cn/sd/20250526/t20250526_1.shtml",), None, t, t)
    copies = [
        Member(i, f"https://f{i}.com/1", f"f{i}.com", (f"https://f{i}.com/1",), "央广网", t, t)
        for i in range(2, 3002)
    ]
    choice = choose_original(copies + [cnr])  # pairwise, 9 million comparisons; indexed, 3,001 steps
    assert (choice.original, choice.reason) == (1, "named_source")
    assert choice.evidence.startswith("article 2, 3, 4,") and "(3000 in all)" in choice.evidence
    assert len(choice.evidence) < 300


def test_cited_urls_are_read_once_and_kept_with_the_article(db_url: str) -> None:
    _, engine, ids = _store(db_url, ["cnr_qingdao", "farm_qingdao", "portal_qingdao"])
    with engine.connect() as conn:
        cites = dict(conn.execute(select(Article.id, Article.story_cites)).all())
    assert all(cites[pk] is not None for pk in ids.values())  # every story member's, computed
    factory = make_session_factory(engine)
    with factory() as session, session.begin():  # as a database from before revision 0005
        session.execute(text("UPDATE articles SET story_cites = NULL"))
    other = {**ARTICLES["portal_qingdao"], "text": ARTICLES["qilu_jinan_metro_lookalike"]["text"]}
    with factory() as session, session.begin():
        assert upsert_article(session, make_item(other)) == "updated"  # leaves; the story is chosen again
    with engine.connect() as conn:
        after = dict(conn.execute(select(Article.id, Article.story_cites)).all())
    assert after[ids["portal_qingdao"]] is None  # its text changed and it has no story: not read
    assert after[ids["cnr_qingdao"]] is not None and after[ids["farm_qingdao"]] is not None
    story_of, stories = _groups(engine)
    assert stories[story_of[ids["cnr_qingdao"]]][0] == ids["cnr_qingdao"]
    engine.dispose()
