"""Stories: copies of one article linked to their original — quality, speed, and memory of the index.

    python benchmarks/stories.py [--n 100000] [--copy-share 0.15] [--sample 20] [--db PATH]

1. **Fixture set** (fixtures/stories/): every copy linked to its original, no look-alike linked,
   the original chosen by the expected evidence.
2. **Synthetic set** of ``--n`` articles, generated quickly (no crawl, no pipelines: bodies from
   jieba's dictionary words by frequency), with planted copies of a share of them — trimmed,
   re-titled, glossed (pinyin glosses and comment widgets, cleaned by the normaliser as in a crawl),
   boilerplate added — and *look-alikes* (the same event reported independently: two sentences and
   the names shared, the rest different). Articles are written in bulk, then matched one by one in
   arrival order exactly as the storage layer does (:func:`pipelines.stories.index.link_article`:
   fingerprint, one indexed lookup, exact check of the candidates, keys and story written).
   Printed: precision and recall of copy links (pairs of articles put in one story vs pairs planted
   in one family), the share of stories whose original is the planted one, milliseconds to match a
   new article (median, p95), and the index's size (``story_bands``: rows, bytes on disk via
   SQLite's ``dbstat``, bytes per article) and the process's peak RSS.
3. **Peers from the same run**: datasketch's in-memory ``MinHashLSH`` over the same signatures and
   band layout (its memory and query time), and brute force — exact shingle overlap of a sample of
   ``--sample`` articles with every article (its time per query, and the copies it finds that the
   index missed).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import _common  # noqa: F401 - first: puts the project on sys.path
import numpy as np
from sqlalchemy import insert, select, text

sys.path.insert(0, str(_common.ROOT / "tests"))

from story_fixtures import load_articles, load_expected, make_item  # noqa: E402

from pipelines.db.engine import make_engine, make_session_factory  # noqa: E402
from pipelines.db.models import Article, Story  # noqa: E402
from pipelines.db.store import upsert_article  # noqa: E402
from pipelines.stories import index as story_index  # noqa: E402
from pipelines.stories.original import media_sites  # noqa: E402
from pipelines.stories.shingles import (  # noqa: E402
    BANDS,
    MINHASH_SCHEME,
    MINHASH_SEED,
    NUM_PERM,
    ROWS,
    shingle_hashes,
    signature,
)
from pipelines.text import normalize_text  # noqa: E402

T0 = datetime(2025, 1, 1, tzinfo=UTC)
FARMS = [f"kuaixun{i:02d}.com" for i in range(40)]
BOILERPLATE = [
    "免责声明:本文转自网络,版权归原作者所有,如有侵权请联系删除。",
    "更多精彩内容,请关注本站微信公众号,每天为您推送本地最新资讯。",
    "责任编辑:李明",
    "点击下载客户端,第一时间获取更多新闻线索和便民信息。",
    "本文仅代表作者观点,不代表本站立场。转载请注明出处。",
]
WIDGETS = ["相关推荐", "评论列表", "暂无评论,快抢沙发吧~", "你 发表评论:"]
INTROS = ["编者按:以下内容转自权威媒体,供读者参考。", "据媒体报道,", "【本地关注】"]


# --- 1. the fixture set --------------------------------------------------------------------------------


def fixture_check(tmp: Path) -> None:
    arts = load_articles()
    expected = load_expected()
    engine = make_engine(f"sqlite:///{tmp / 'fixtures.db'}")
    factory = make_session_factory(engine)
    order = [a for a in arts if not a["name"].startswith("cnr_")] + [
        a for a in arts if a["name"].startswith("cnr_")
    ]
    with factory() as session, session.begin():
        for a in order:  # copies first: the original arrives last and must take over
            upsert_article(session, make_item(a))
    with engine.connect() as conn:
        by_url = {
            r.canonical_url: r
            for r in conn.execute(select(Article.id, Article.canonical_url, Article.story_id))
        }
        stories = {r.id: r for r in conn.execute(select(Story.id, Story.original_pk, Story.reason))}
    url = {a["name"]: a["url"] for a in arts}
    linked = total = right_original = 0
    for st in expected["stories"]:
        orig = by_url[url[st["original"]]]
        story = stories.get(orig.story_id) if orig.story_id else None
        if story and story.original_pk == orig.id and story.reason == st["reason"]:
            right_original += 1
        for c in st["copies"]:
            total += 1
            linked += bool(orig.story_id) and by_url[url[c]].story_id == orig.story_id
    false_links = sum(by_url[url[n]].story_id is not None for n in expected["not_copies"])
    print(
        f"fixture set: {linked}/{total} copies linked to their original; "
        f"{right_original}/{len(expected['stories'])} originals chosen by the expected evidence; "
        f"{false_links}/{len(expected['not_copies'])} look-alikes linked"
    )
    engine.dispose()


# --- 2. the synthetic set -------------------------------------------------------------------------------


def vocabulary() -> tuple[list[str], np.ndarray]:
    import jieba

    path = Path(jieba.__file__).with_name("dict.txt")
    words, freqs = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and 2 <= len(parts[0]) <= 4 and parts[1].isdigit() and not parts[0].isascii():
            words.append(parts[0])
            freqs.append(int(parts[1]))
    p = np.array(freqs, dtype=np.float64) ** 0.75  # flatter than Zipf: word2vec's smoothing
    return words, p / p.sum()


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.random = random.Random(seed)
        self.words, self.p = vocabulary()
        self.pool = self.rng.choice(len(self.words), size=4_000_000, p=self.p)  # drawn once, reused
        self.at = 0

    def _take(self, n: int) -> list[str]:
        if self.at + n > len(self.pool):
            self.at = 0
            self.rng.shuffle(self.pool)
        idx = self.pool[self.at : self.at + n]
        self.at += n
        return [self.words[i] for i in idx]

    def sentence(self) -> str:
        n = int(self.rng.integers(6, 16))
        w = self._take(n)
        cut = int(self.rng.integers(2, n - 2))
        return "".join(w[:cut]) + "," + "".join(w[cut:]) + "。"

    def paragraph(self) -> str:
        return "".join(self.sentence() for _ in range(int(self.rng.integers(2, 5))))

    def article(self) -> tuple[str, list[str]]:
        title = "".join(self._take(int(self.rng.integers(3, 6))))
        return title, [self.paragraph() for _ in range(int(self.rng.integers(3, 7)))]


def gloss(paragraph: str, rng: random.Random) -> str:
    """Pinyin glosses after some words, as content farms add them (the normaliser removes them)."""
    from pypinyin import Style, pinyin

    out, i = [], 0
    while i < len(paragraph):
        n = rng.randint(2, 4)
        piece = paragraph[i : i + n]
        out.append(piece)
        if rng.random() < 0.15 and all("\u4e00" <= c <= "\u9fff" for c in piece):
            out.append("(" + "".join(s[0] for s in pinyin(piece, style=Style.TONE)) + ")")
        i += n
    return "".join(out)


def make_copy(kind: str, title: str, paras: list[str], g: Generator) -> tuple[str, list[str]]:
    rng = g.random
    if kind == "retitled":
        return "".join(g._take(rng.randint(3, 5))), list(paras)
    if kind == "trimmed":
        keep = max(1, round(len(paras) * rng.uniform(0.6, 0.9)))
        kept = list(paras[:keep])
        if rng.random() < 0.5 and kept[-1].count("。") > 1:  # cut the last sentence of the last one kept
            kept[-1] = kept[-1][: kept[-1].rstrip("。").rfind("。") + 1]
        return title, kept
    if kind == "glossed":
        raw = "\n".join([title, title, *(gloss(p, rng) for p in paras), *WIDGETS])
        clean = normalize_text(title, raw)
        return clean.title or title, list(clean.paragraphs)
    # boilerplate: an intro and footer lines the cleaner may or may not know
    return title, [rng.choice(INTROS), *paras, *rng.sample(BOILERPLATE, rng.randint(2, 4))]


def lookalike(paras: list[str], g: Generator) -> tuple[str, list[str]]:
    """The same event reported independently: two of its sentences (a quote, the key figure) and the
    rest written anew."""
    sentences = [s + "。" for p in paras for s in p.split("。") if s]
    shared = g.random.sample(sentences, min(2, len(sentences)))
    title, own = g.article()
    own[0] = shared[0] + own[0]
    own[-1] = own[-1] + "".join(shared[1:])
    return title, own


def generate(n: int, copy_share: float, lookalike_share: float, g: Generator) -> list[dict]:
    """``n`` articles: originals, their copies and look-alikes, each with its planted family."""
    media = sorted({s for sites in media_sites().values() for s in sites})
    site_name = {s: name for name, sites in media_sites().items() for s in sites}
    arts: list[dict] = []
    kinds = ["retitled", "trimmed", "glossed", "boilerplate"]
    while len(arts) < n:
        fam = len(arts)
        title, paras = g.article()
        site = g.random.choice(media)
        when = T0 + timedelta(minutes=g.random.randint(0, 60 * 24 * 365))
        arts.append(
            dict(family=fam, role="original", site=site, title=title, paras=paras, when=when, source=None)
        )
        if g.random.random() < copy_share:
            for _ in range(g.random.choice([1, 1, 2, 3])):
                kind = g.random.choice(kinds)
                t, p = make_copy(kind, title, paras, g)
                late = timedelta(minutes=g.random.randint(30, 60 * 48))
                named = g.random.random() < 0.5
                early = g.random.random() < 0.1 and named  # a wrong, earlier time; the 来源 tells the truth
                arts.append(
                    dict(
                        family=fam,
                        role=kind,
                        site=g.random.choice(FARMS),
                        title=t,
                        paras=p,
                        when=when - late if early else when + late,
                        source=f"来源:{site_name[site]}" if named else None,
                    )
                )
        if g.random.random() < lookalike_share:
            t, p = lookalike(paras, g)
            arts.append(
                dict(
                    family=len(arts),
                    role="lookalike",
                    site=g.random.choice(media),
                    title=t,
                    paras=p,
                    when=when + timedelta(hours=2),
                    source=None,
                )
            )
    return arts[:n]


def bulk_insert(engine, arts: list[dict]) -> None:
    now = datetime.now(UTC)
    rows = []
    for i, a in enumerate(arts, 1):
        url = f"https://www.{a['site']}/a/{i}.html"
        rows.append(
            {
                "id": i,
                "key": url,
                "canonical_url": url,
                "url": url,
                "site": a["site"],
                "title": a["title"],
                "published_at": a["when"],
                "source": a["source"],
                "body": "\n".join(a["paras"]),
                "paragraphs": a["paras"],
                "content_hash": str(i),
                "first_seen": now,
                "last_crawled": now,
            }
        )
    with engine.begin() as conn:
        for k in range(0, len(rows), 5000):
            conn.execute(insert(Article), rows[k : k + 5000])


def pairs(groups: dict[object, list[int]]) -> int:
    return sum(len(v) * (len(v) - 1) // 2 for v in groups.values())


def index_bytes(engine) -> int | None:
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(text("SELECT SUM(pgsize) FROM dbstat WHERE name = 'story_bands'")).scalar() or 0
            )
    except Exception:  # SQLite built without the dbstat table
        return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="synthetic articles (default 100000)")
    ap.add_argument("--copy-share", type=float, default=0.15, help="share of originals that get 1-3 copies")
    ap.add_argument(
        "--lookalike-share", type=float, default=0.05, help="share of originals with a look-alike"
    )
    ap.add_argument("--sample", type=int, default=20, help="articles brute force is run for (peer)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", help="SQLite file to build (default: a temporary one)")
    args = ap.parse_args()
    tmpdir = tempfile.TemporaryDirectory()
    tmp = Path(tmpdir.name)

    fixture_check(tmp)

    t = time.perf_counter()
    g = Generator(args.seed)
    arts = generate(args.n, args.copy_share, args.lookalike_share, g)
    print(
        f"\nsynthetic set: {len(arts):,} articles generated in {time.perf_counter() - t:.0f} s — "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(Counter(a["role"] for a in arts).items()))
    )
    db = Path(args.db) if args.db else tmp / "stories.db"
    if db.exists():
        db.unlink()
    engine = make_engine(f"sqlite:///{db}")
    t = time.perf_counter()
    bulk_insert(engine, arts)
    print(f"bulk insert: {time.perf_counter() - t:.0f} s")

    # arrival order: publication time (a copy with a wrong, earlier time arrives before its original)
    order = sorted(range(1, len(arts) + 1), key=lambda i: (arts[i - 1]["when"], i))
    factory = make_session_factory(engine)
    match_ms: list[float] = []
    fp_ms: list[float] = []
    cpu_ms: list[float] = []  # CPU time of this process: what a match costs when the machine is busy
    sigs: dict[int, np.ndarray] = {}
    t_all = time.perf_counter()
    for k in range(0, len(order), 500):
        with factory() as session, session.begin():
            for pk in order[k : k + 500]:
                article = session.get(Article, pk)
                assert article is not None
                c0, t0 = time.process_time(), time.perf_counter()
                fp = story_index.fingerprint(article.body)
                t1 = time.perf_counter()
                story_index.link_article(session, article, fp)
                t2, c2 = time.perf_counter(), time.process_time()
                fp_ms.append((t1 - t0) * 1000)
                match_ms.append((t2 - t0) * 1000)
                cpu_ms.append((c2 - c0) * 1000)
                if fp.indexable:
                    sigs[pk] = signature(fp.hashes)  # for the in-memory peer (not timed)
        if (k // 500) % 40 == 0:
            print(f"  matched {k + 500:,} articles ({time.perf_counter() - t_all:.0f} s)", file=sys.stderr)
    total_s = time.perf_counter() - t_all

    with engine.connect() as conn:
        story_of = dict(conn.execute(select(Article.id, Article.story_id)).all())
        originals = dict(conn.execute(select(Story.id, Story.original_pk)).all())
        band_rows = conn.execute(text("SELECT count(*) FROM story_bands")).scalar() or 0
    fam: dict[object, list[int]] = defaultdict(list)
    pred: dict[object, list[int]] = defaultdict(list)
    both: dict[object, list[int]] = defaultdict(list)
    for pk, a in enumerate(arts, 1):
        fam[a["family"]].append(pk)
        if story_of.get(pk):
            pred[story_of[pk]].append(pk)
            both[(story_of[pk], a["family"])].append(pk)
    tp, n_pred, n_true = pairs(both), pairs(pred), pairs(fam)
    precision = tp / n_pred if n_pred else 1.0
    recall = tp / n_true if n_true else 1.0
    planted_original = {a["family"]: pk for pk, a in enumerate(arts, 1) if a["role"] == "original"}
    right = sum(
        1
        for sid, opk in originals.items()
        if opk is not None and planted_original.get(arts[opk - 1]["family"]) == opk
    )
    missed = Counter()
    for pk, a in enumerate(arts, 1):
        if a["role"] not in ("original", "lookalike"):
            o = planted_original[a["family"]]
            if not (story_of.get(pk) and story_of.get(pk) == story_of.get(o)):
                missed[a["role"]] += 1
    false_lookalikes = sum(
        1 for pk, a in enumerate(arts, 1) if a["role"] == "lookalike" and story_of.get(pk) is not None
    )
    size = index_bytes(engine)
    print(f"\nmatching {len(arts):,} articles in arrival order: {total_s:.0f} s")
    print(
        f"copy links (pairs in one story): precision {precision:.4f}, recall {recall:.4f} "
        f"({tp:,} of {n_true:,} planted pairs found, {n_pred - tp:,} wrong pairs)"
    )
    print(f"copies not linked, by kind: {dict(missed) or 'none'}; look-alikes linked: {false_lookalikes}")
    print(f"original chosen = the planted original: {right:,} of {len(originals):,} stories")
    med, p95 = statistics.median(match_ms), float(np.percentile(match_ms, 95))
    print(
        f"matching a new article (fingerprint + lookup + check + write): median {med:.2f} ms, p95 {p95:.2f} ms "
        f"(fingerprint alone: median {statistics.median(fp_ms):.2f} ms); last 10%: "
        f"median {statistics.median(match_ms[-len(match_ms) // 10 :]):.2f} ms; CPU time of this process per match: "
        f"median {statistics.median(cpu_ms):.2f} ms (load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )
    size_s = (
        f"{size / 2**20:.1f} MiB on disk ({size / len(arts):.0f} bytes per article)" if size else "size n/a"
    )
    print(
        f"index (story_bands): {band_rows:,} rows ({BANDS} bands of {ROWS} of {NUM_PERM} MinHash values), "
        f"{size_s}; database {db.stat().st_size / 2**20:.0f} MiB; peak RSS {_common.peak_rss_mb():.0f} MiB"
    )
    engine.dispose()

    # --- 3. peers ---------------------------------------------------------------------------------------
    from datasketch import MinHash, MinHashLSH

    gc.collect()
    tracemalloc.start()
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
    mh = {
        pk: MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, hashvalues=s, scheme=MINHASH_SCHEME)
        for pk, s in sigs.items()
    }
    before = tracemalloc.get_traced_memory()[0]
    t = time.perf_counter()
    for pk, m in mh.items():
        lsh.insert(pk, m)
    ins_s = time.perf_counter() - t
    lsh_mem = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    q_ms = []
    for pk in random.Random(1).sample(sorted(mh), min(2000, len(mh))):
        t = time.perf_counter()
        lsh.query(mh[pk])
        q_ms.append((time.perf_counter() - t) * 1000)
    print(
        f"\npeer, datasketch MinHashLSH in memory (same signatures and bands): index {lsh_mem / 2**20:.1f} MiB "
        f"of Python objects (not counting the signatures), lost when the process ends; insert {ins_s:.1f} s; "
        f"query median {statistics.median(q_ms):.3f} ms (candidates only, no check, no write)"
    )
    del lsh, mh

    # brute force: exact overlap of a sample with every article, vectorised (a binary search per shingle)
    hs = [shingle_hashes("\n".join(a["paras"])) for a in arts]
    lengths = np.array([len(h) for h in hs])
    flat = np.concatenate(hs)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    found_more = checked = 0
    bf_ms = []
    for pk in random.Random(2).sample(range(1, len(arts) + 1), min(args.sample, len(arts))):
        q = hs[pk - 1]
        if len(q) < story_index.MIN_SHINGLES:
            continue
        t = time.perf_counter()
        pos = np.minimum(np.searchsorted(q, flat), len(q) - 1)  # q is sorted: one binary search each
        shared = np.add.reduceat((q[pos] == flat).astype(np.int32), offsets)
        containment = shared / np.maximum(1, np.minimum(lengths, len(q)))
        jaccard = shared / np.maximum(1, lengths + len(q) - shared)
        hits = {
            int(i) + 1
            for i in np.nonzero(
                (containment >= story_index.MIN_CONTAINMENT) & (jaccard >= story_index.MIN_JACCARD)
            )[0]
        } - {pk}
        bf_ms.append((time.perf_counter() - t) * 1000)
        checked += 1
        found_more += sum(1 for h in hits if not (story_of.get(h) and story_of.get(h) == story_of.get(pk)))
    if bf_ms:
        print(
            f"peer, brute force (exact overlap with all {len(arts):,} articles, numpy): median "
            f"{statistics.median(bf_ms):.0f} ms per article; on {checked} sampled articles it found "
            f"{found_more} copies the index did not link"
        )
    tmpdir.cleanup()


if __name__ == "__main__":
    main()
