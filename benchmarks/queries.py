#!/usr/bin/env python3
"""Query speed on a synthetic database: insert throughput, size, and search/orgs/events latency.

    python benchmarks/queries.py [--n 100000] [--db PATH] [--keep] [--reps 40] [--seed 7]

Synthesises ``--n`` articles of Chinese news text from templates and vocabulary lists (places ×
organisation types, topics, people, dates written the way the papers write them; 300–900
characters each) and writes them through the storage path (``pipelines.db.store.upsert_article``,
which feeds the FTS index) into a fresh SQLite file, in transactions of 500 articles. Then, on a
read-only connection (as ``cnr-news`` queries do), times ``--reps`` runs of each query kind:

- ``search`` of a two-character term (from frequent ones such as 工作 to rare ones), top 20 with
  snippets, as ``cnr-news search`` does;
- ``search`` of a four-character term;
- ``orgs`` (top 20 over everything) and ``orgs --since`` (last 90 days);
- ``events --between D1 D2`` over random 30-day windows;
- ``orgs --place`` (a province, a city) and the headline question in one city (``orgs --about 托育
  --place 济南``), beside ``orgs --since`` and ``orgs --about`` of the same run.

Printed: insert throughput (articles/s), database size (and the FTS share), and median / p95 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import _common  # noqa: F401 - first: puts the project on sys.path
from sqlalchemy import text

from crawler.items import ArticleItem
from pipelines.db import fts
from pipelines.db import query as queries
from pipelines.db.engine import make_engine, make_readonly_engine, make_session_factory
from pipelines.db.models import (
    Article,
    DateMention,
    Mention,
    Organization,
    OrganizationAlias,
    Person,
    PersonMention,
)
from pipelines.db.store import content_hash, upsert_article
from pipelines.entities.places import lookup

SH = ZoneInfo("Asia/Shanghai")

PLACES = (
    "济南市 青岛市 淄博市 烟台市 潍坊市 济宁市 泰安市 威海市 日照市 临沂市 德州市 聊城市 滨州市 菏泽市 枣庄市 "
    "北京市 上海市 天津市 重庆市 广州市 深圳市 杭州市 南京市 武汉市 成都市 西安市 郑州市 长沙市 沈阳市 "
    "哈尔滨市 昆明市 贵阳市 南宁市 福州市 厦门市 合肥市 南昌市 太原市 石家庄市 兰州市 银川市 西宁市 "
    "乌鲁木齐市 拉萨市 呼和浩特市 海口市 长春市 大连市 苏州市 宁波市"
).split()
ORG_TYPES = (
    "卫生健康委员会 教育局 公安局 人民医院 儿童医院 气象台 发展和改革委员会 市场监督管理局 生态环境局 "
    "交通运输局 财政局 人力资源和社会保障局 住房和城乡建设局 农业农村局 文化和旅游局 民政局 应急管理局 "
    "科学技术局 商务局 自然资源和规划局 中级人民法院 人民检察院 总工会 妇女联合会 红十字会 科学技术协会 "
    "婴幼儿托育服务行业协会 疾病预防控制中心 税务局 统计局"
).split()
NATIONAL = (
    "国家卫生健康委员会 教育部 公安部 国家发展和改革委员会 生态环境部 交通运输部 财政部 农业农村部 "
    "国家统计局 中国气象局 国务院 全国人大常委会 中国人民银行 国家医保局 工业和信息化部"
).split()
TOPICS = (
    "托育 养老 教育 医疗 交通 环保 科技 农业 就业 住房 文旅 消费 安全 防汛 减灾 卫健 医保 社保 税收 "
    "物流 金融 乡村 城市 社区 体育 文化 出口 招商 人才 创新"
).split()
NOUNS = (
    "服务 工作 项目 政策 体系 机制 改革 发展 建设 治理 保障 监管 宣传 培训 试点 示范 标准 规划 方案 行动"
).split()
VERBS = "召开 举办 部署 推进 启动 发布 开展 印发 组织 召集".split()
EVENTS = "工作会议 座谈会 新闻发布会 培训班 推进会 现场会 宣传月活动 专项行动 调研活动 表彰大会".split()
ADJ = "高质量 普惠 规范化 数字化 智慧 绿色 安全 便民 多元化 精准".split()
SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅玉兰志文斌辉海波宁晨")
TITLES = "局长 副局长 主任 副主任 院长 书记 处长 理事长 科长 专家".split()
FILLER = (
    "会议强调，要坚持以人民为中心的发展思想，切实把各项工作落到实处。",
    "各部门要加强协调配合，形成工作合力，确保各项任务按期完成。",
    "据介绍，近年来全市持续加大投入，群众的获得感、幸福感、安全感不断增强。",
    "下一步，将进一步完善相关制度，推动工作取得新的更大成效。",
    "与会代表围绕重点难点问题进行了深入交流，提出了意见建议。",
    "活动现场，工作人员向市民发放宣传资料，耐心解答群众咨询。",
    "记者从会上获悉，相关配套措施正在抓紧制定，预计年内出台。",
    "专家表示，这一举措有利于激发市场活力，促进经济社会高质量发展。",
)


def _zipf_choice(rng: random.Random, seq: list[str] | tuple[str, ...], s: float = 1.1) -> str:
    # cheap Zipf-like pick: low indices much more often
    i = int(len(seq) * rng.random() ** (1 + s))
    return seq[min(i, len(seq) - 1)]


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.start = date(2016, 1, 1)
        self.days = (date(2025, 12, 31) - self.start).days

    def article(self, n: int) -> ArticleItem:
        rng = self.rng
        pub_day = self.start + timedelta(days=rng.randrange(self.days))
        published = datetime(
            pub_day.year, pub_day.month, pub_day.day, rng.randrange(7, 22), rng.randrange(60), tzinfo=SH
        )
        place = _zipf_choice(rng, PLACES, 0.6)
        topic, topic2 = _zipf_choice(rng, TOPICS, 0.4), rng.choice(TOPICS)
        orgs = [place + _zipf_choice(rng, ORG_TYPES, 0.5) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.4:
            orgs.append(_zipf_choice(rng, NATIONAL, 0.5))
        persons = [
            rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(("", *GIVEN))
            for _ in range(rng.randint(0, 2))
        ]
        noun, adj, event = rng.choice(NOUNS), rng.choice(ADJ), rng.choice(EVENTS)
        title = f"{place}{rng.choice(VERBS)}{adj}{topic}{noun}{event}"
        ev_day = pub_day - timedelta(days=rng.randrange(0, 4))
        nxt = pub_day + timedelta(days=rng.randrange(5, 60))
        paras: list[str] = []
        dates: list[tuple[str, date, date, str]] = []
        ev_text = f"{ev_day.month}月{ev_day.day}日"
        dates.append((ev_text, ev_day, ev_day, "day"))
        paras.append(
            f"{ev_text}，{orgs[0]}{rng.choice(VERBS)}{adj}{topic}{noun}{event}。"
            + (f"{orgs[0]}{rng.choice(TITLES)}{persons[0]}出席并讲话。" if persons else "")
        )
        for i in range(rng.randint(3, 7)):
            org = rng.choice(orgs)
            s = [rng.choice(FILLER)]
            if rng.random() < 0.5:
                s.append(
                    f"{org}有关负责人介绍，今年以来，全市{topic}{noun}工作取得积极进展，{topic2}{rng.choice(NOUNS)}持续推进。"
                )
                dates.append(("今年", date(pub_day.year, 1, 1), date(pub_day.year, 12, 31), "year"))
            if rng.random() < 0.35:
                y = pub_day.year - rng.randint(1, 3)
                s.append(
                    f"{y}年，{place}入选全国{topic}{rng.choice(NOUNS)}{rng.choice(('示范城市', '试点城市', '先行区'))}。"
                )
                dates.append((f"{y}年", date(y, 1, 1), date(y, 12, 31), "year"))
            if rng.random() < 0.3:
                txt = f"{nxt.month}月{nxt.day}日"
                s.append(
                    f"按照要求，{txt}前各单位要完成{topic}{rng.choice(NOUNS)}{rng.choice(('备案', '自查', '验收', '申报'))}工作。"
                )
                dates.append((txt, nxt, nxt, "day"))
            s.append(
                f"截至目前，全市共建成各类{adj}{topic}{rng.choice(('机构', '站点', '中心', '项目'))}{rng.randint(10, 999)}个，{rng.choice(FILLER)}"
            )
            if i == 0 and len(persons) > 1:
                s.append(f"{persons[1]}表示，将认真落实{org}的部署要求。")
            rng.shuffle(s)
            paras.append("".join(s))
        paras.append(f"（{orgs[0]}）")
        url = f"https://news.example.cn/{pub_day:%Y%m%d}/t{pub_day:%Y%m%d}_{n}.shtml"
        item = ArticleItem(
            url=url,
            canonical_url=url,
            site=rng.choice(("cnr.cn", "cnr.cn", "news.cn", "people.com.cn")),
            key=f"bench:{n}",
            title=title,
            published_at=published,
        )
        item.paragraphs = paras
        where = lookup(place)  # the story's place, as the entity step would read it from the dateline
        if where is not None:
            item.place = {"province": where.province, "city": where.name}
        body = item.body
        item.organizations = [
            {"name": o, "kind": None, "parent": None, "mentions": _spans(body, o)}
            for o in dict.fromkeys(orgs)
        ]
        item.persons = [{"name": p, "mentions": _spans(body, p)} for p in dict.fromkeys(persons)]
        seen: set[str] = set()
        for txt, v1, v2, gran in dates:
            if txt in seen:
                continue
            seen.add(txt)
            for m in _spans(body, txt):
                item.dates.append(
                    {**m, "value_start": v1.isoformat(), "value_end": v2.isoformat(), "granularity": gran}
                )
        return item


def _spans(body: str, form: str) -> list[dict[str, object]]:
    out, i = [], body.find(form)
    while i >= 0:
        out.append({"text": form, "start": i, "end": i + len(form)})
        i = body.find(form, i + len(form))
    return out


def _stats(ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return (
        f"median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms   max {ms[-1]:7.1f} ms   (n={len(ms)})"
    )


def _write_store(session, items: list[ArticleItem]) -> None:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    for item in items:
        upsert_article(session, item, now=now)


class BulkWriter:
    """The rows ``upsert_article`` writes, inserted in bulk (ids assigned here), and the full-text
    index fed through ``fts.sync_article`` per article — the same indexing path as the crawl."""

    def __init__(self) -> None:
        self.next_id = 1
        self.orgs: dict[str, int] = {}
        self.persons: dict[str, int] = {}

    def __call__(self, session, items: list[ArticleItem]) -> None:  # type: ignore[no-untyped-def]
        now = datetime.now(UTC)
        arts, dms, ments, pms, new_orgs, new_aliases, new_persons = [], [], [], [], [], [], []
        for item in items:
            pk = self.next_id
            self.next_id += 1
            arts.append(
                {
                    "id": pk,
                    "key": item.key,
                    "canonical_url": item.canonical_url,
                    "url": item.url,
                    "site": item.site,
                    "title": item.title,
                    "published_at": item.published_at,
                    "body": item.body,
                    "paragraphs": item.paragraphs,
                    "content_hash": content_hash(item),
                    "first_seen": now,
                    "last_crawled": now,
                    "template": "bench",
                    "place_province": item.place.get("province"),
                    "place_city": item.place.get("city"),
                }
            )
            for d in item.dates:
                dms.append(
                    {
                        "article_pk": pk,
                        "start": d["start"],
                        "end": d["end"],
                        "text": d["text"],
                        "value_start": date.fromisoformat(d["value_start"]),
                        "value_end": date.fromisoformat(d["value_end"]),
                        "granularity": d["granularity"],
                    }
                )
            for o in item.organizations:
                oid = self.orgs.get(o["name"])
                if oid is None:
                    oid = self.orgs[o["name"]] = len(self.orgs) + 1
                    new_orgs.append({"id": oid, "name": o["name"], "kind": None})
                    new_aliases.append({"alias": o["name"], "organization_id": oid})
                ments += [{"article_pk": pk, "organization_id": oid, **m} for m in o["mentions"]]
            for p in item.persons:
                pid = self.persons.get(p["name"])
                if pid is None:
                    pid = self.persons[p["name"]] = len(self.persons) + 1
                    new_persons.append({"id": pid, "name": p["name"]})
                pms += [{"article_pk": pk, "person_id": pid, **m} for m in p["mentions"]]
        for model, rows in (
            (Organization, new_orgs),
            (OrganizationAlias, new_aliases),
            (Person, new_persons),
            (Article, arts),
            (DateMention, dms),
            (Mention, ments),
            (PersonMention, pms),
        ):
            if rows:
                session.execute(model.__table__.insert(), rows)
        for a in arts:
            fts.sync_article(session, a["id"], a["title"], a["body"])


def build(path: Path, n: int, seed: int, writer: str, batch: int = 500) -> tuple[float, int]:
    engine = make_engine(f"sqlite:///{path}")
    factory = make_session_factory(engine)
    gen = Generator(seed)
    write = _write_store if writer == "store" else BulkWriter()
    chars = 0
    t0 = time.perf_counter()
    done = 0
    while done < n:
        items = [gen.article(i) for i in range(done, min(n, done + batch))]
        chars += sum(len(it.body) for it in items)
        with factory() as session, session.begin():
            write(session, items)
        done += len(items)
        if done % 10000 == 0 or done == n:
            el = time.perf_counter() - t0
            print(f"  {done:>7} articles  {el:6.0f} s  {done / el:6.0f} articles/s", flush=True)
    elapsed = time.perf_counter() - t0
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
    engine.dispose()
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    print(f"  average body: {chars / max(n, 1):.0f} characters")
    return elapsed, chars


def time_it(fn, reps: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for i in range(reps):
        t = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="articles to synthesise (default 100000)")
    ap.add_argument("--db", type=Path, help="use/keep this database file (reused when it exists)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary database")
    ap.add_argument("--reps", type=int, default=40, help="timed runs per query kind")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--writer",
        choices=("bulk", "store"),
        default="bulk",
        help="bulk: rows inserted in bulk, index fed by fts.sync_article (default); "
        "store: every article through store.upsert_article (the crawl path; slower)",
    )
    ap.add_argument(
        "--store-sample",
        type=int,
        default=2000,
        help="with --writer bulk, also time N articles "
        "through store.upsert_article into a scratch database (0: skip)",
    )
    args = ap.parse_args()

    tmp = None
    if args.db:
        path = args.db
    else:
        tmp = tempfile.mkdtemp(prefix="news-bench-")
        path = Path(tmp) / "bench.db"
    if not path.exists():
        print(f"synthesising {args.n} articles into {path}")
        elapsed, chars = build(path, args.n, args.seed, args.writer)
        print(
            f"insert ({args.writer}): {args.n / elapsed:.0f} articles/s "
            f"({chars / elapsed / 1e6:.2f} M characters/s), {elapsed:.0f} s"
        )
        if args.writer == "bulk" and args.store_sample:
            with tempfile.TemporaryDirectory() as scratch:
                el, _ = build(Path(scratch) / "store.db", args.store_sample, args.seed + 2, "store")
            print(
                f"insert (store.upsert_article, {args.store_sample} articles): {args.store_sample / el:.0f} articles/s"
            )
    else:
        print(f"reusing {path}")
    size = path.stat().st_size
    engine = make_readonly_engine(f"sqlite:///{path}")
    rng = random.Random(args.seed + 1)
    with engine.connect() as conn:
        n_articles = conn.execute(text("SELECT count(*) FROM articles")).scalar()
        try:
            fts_bytes = conn.execute(
                text("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'articles_fts%'")
            ).scalar()
        except Exception:  # dbstat not compiled in
            fts_bytes = None
        print(
            f"database: {n_articles} articles, {size / 1e6:.0f} MB"
            + (f" (full-text index + its token store: {fts_bytes / 1e6:.0f} MB)" if fts_bytes else "")
        )

        two = [t for t in TOPICS + NOUNS] + [
            "济南",
            "北京",
            "记者",
            "会议",
            "群众",
            "托育",
            "卫健",
            "防汛",
            "出口",
        ]
        four = [
            "托育服务",
            "卫生健康",
            "高质量发展",
            "工作会议",
            "示范城市",
            "疾病预防",
            "养老服务",
            "普惠托育",
            "数字化改革",
            "宣传资料",
            "生态环境",
            "防汛减灾",
        ]
        four = [t[:4] for t in four]
        two_ms = time_it(lambda i: queries.search(conn, two[i % len(two)], limit=20), args.reps)
        four_ms = time_it(lambda i: queries.search(conn, four[i % len(four)], limit=20), args.reps)
        # the worst case: the most frequent terms of the corpus (in nearly every article)
        worst = ["工作", "全市", "发展", "截至"]
        worst_ms = time_it(
            lambda i: queries.search(conn, worst[i % len(worst)], limit=20), max(8, args.reps // 4)
        )
        filt_ms = time_it(
            lambda i: queries.search(
                conn,
                two[i % len(two)],
                queries.Filters(since=datetime(2024, 1, 1, tzinfo=SH), site="cnr.cn"),
                limit=20,
            ),
            args.reps,
        )
        orgs_ms = time_it(lambda i: queries.orgs(conn, limit=20), max(5, args.reps // 4))
        since = datetime(2025, 10, 1, tzinfo=SH)
        orgs_since_ms = time_it(
            lambda i: queries.orgs(conn, queries.Filters(since=since), limit=20), max(5, args.reps // 4)
        )
        quarter = max(5, args.reps // 4)
        about_ms = time_it(lambda i: queries.orgs(conn, queries.Filters(about="托育"), limit=20), quarter)
        provinces = ["山东", "广东", "江苏", "四川"]
        province_ms = time_it(
            lambda i: queries.orgs(conn, queries.Filters(place=provinces[i % 4]), limit=20), quarter
        )
        cities = ["济南", "青岛", "杭州", "成都", "苏州"]
        city_ms = time_it(
            lambda i: queries.orgs(conn, queries.Filters(place=cities[i % 5]), limit=20), quarter
        )
        headline_ms = time_it(
            lambda i: queries.orgs(
                conn, queries.Filters(about="托育", place=cities[i % 5], since=since), limit=20
            ),
            quarter,
        )
        starts = [date(2016, 1, 1) + timedelta(days=rng.randrange(3600)) for _ in range(args.reps)]
        events_ms = time_it(
            lambda i: queries.events(conn, starts[i], starts[i] + timedelta(days=30), limit=20), args.reps
        )
        contained_ms = time_it(
            lambda i: queries.events(
                conn, starts[i], starts[i] + timedelta(days=30), limit=20, contained=True
            ),
            args.reps,
        )
        sample = queries.search(conn, "托育", limit=1)
    engine.dispose()
    print(f"search, 2-character terms:        {_stats(two_ms)}")
    print(f"search, 4-character terms:        {_stats(four_ms)}")
    print(f"search, most frequent terms:      {_stats(worst_ms)}")
    print(f"search, 2-char + --since/--site:  {_stats(filt_ms)}")
    print(f"orgs (top 20, all articles):      {_stats(orgs_ms)}")
    print(f"orgs --since (last 3 months):     {_stats(orgs_since_ms)}")
    print(f"orgs --about 托育:                {_stats(about_ms)}")
    print(f"orgs --place PROVINCE:            {_stats(province_ms)}")
    print(f"orgs --place CITY:                {_stats(city_ms)}")
    print(f"orgs --about 托育 --place CITY --since (last 3 months): {_stats(headline_ms)}")
    print(f"events --between (30 days):       {_stats(events_ms)}")
    print(f"events --between --contained:     {_stats(contained_ms)}")
    if sample:
        print(f"example hit for 托育: [{sample[0]['id']}] {sample[0]['title']} — {sample[0]['snippet'][:60]}")
    if tmp and not args.keep:
        for f in Path(tmp).iterdir():
            f.unlink()
        os.rmdir(tmp)
    elif tmp:
        print(f"kept {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
