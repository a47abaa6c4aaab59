"""Block scoring and selection: which blocks of a :class:`~crawler.pages.generic.textwalk.Walk` are the article.

Lines score by their non-link text and sentence punctuation (prose has punctuation, menus do not);
each line is credited to its container and, at half weight, the container's parent. The best
container, discounted by its link density, is the article: a parent holding several good parts is
preferred, on a page of several posts the first post is taken, and good siblings and adjacent prose
blocks are appended. "Unlikely" blocks (furniture by name, hidden) are set aside unless they hold
most of the page's prose.

Length alone does not decide: blocks inside teaser items (:mod:`crawler.pages.generic.teasers`) are
discounted, and when the page's anchors (:mod:`crawler.pages.generic.anchor`: the confirmed headline,
the container marked as the article, JSON-LD ``articleBody``) point elsewhere than the longest block,
the best block near them wins if it holds real prose.
"""

from __future__ import annotations

from typing import Any

from crawler.pages.generic.anchor import Anchors, inside, misplaced, near_anchor
from crawler.pages.generic.selectors import CONTAINER_TAGS
from crawler.pages.generic.teasers import Teasers
from crawler.pages.generic.textwalk import Line, Walk
from crawler.pages.pubtime.parse import DATETIME_RE

MIN_SCORED_CHARS = 8  # a line needs this much non-link text to score
UNLIKELY_KEEP_SHARE = 0.5  # an "unlikely" block holding more of the page's prose than this stays
PARENT_CLIMB_RATIO = 0.75  # climb to the parent when it scores at least this share of the best
SIBLING_SHARE = 0.2  # append siblings scoring at least this share of the best
SIBLING_PARAGRAPH_CHARS = 40  # a sibling <p> with this much prose is part of the article
ENTRY_MIN_PROSE = 100  # a post of a multi-post page has at least this much prose
ENTRY_MAX_LEVELS = 8  # how far above the best block repeated posts are looked for
TEASER_PENALTY = 0.3  # a line inside a teaser item scores this share
ANCHOR_SHARE = 0.25  # the best block near the anchors wins when it scores this share of the best anywhere
ANCHOR_MIN_SCORE = 5.0  # ... and at least this much (a real paragraph of prose)
SHORT_POST_RIVAL_MAX = 30.0  # a marked container with no scoring line beats a rival scoring less than this


def _line_score(line: Line) -> float:
    prose = line.prose_chars
    if prose < MIN_SCORED_CHARS or line.in_link:
        return 0.0
    if line.punct == 0 and prose < 25:
        return 0.0
    return 1.0 + line.punct + min(prose / 50.0, 4.0)


class Scorer:
    def __init__(self, w: Walk, anchors: Anchors | None = None) -> None:
        self.w = w
        self.anchors = anchors if anchors is not None else Anchors()
        self.teasers = Teasers(w)
        self.choice: str | None = None  # how the anchors overruled the best-scoring block, if they did
        self.rival: Any | None = None  # the best-scoring block the anchors overruled
        self.blocks: list[Any] = []  # the chosen blocks (the top block and its siblings), in order
        lines = w.lines
        self.cum_chars = [0]
        self.cum_link = [0]
        for ln in lines:
            self.cum_chars.append(self.cum_chars[-1] + ln.chars)
            self.cum_link.append(self.cum_link[-1] + ln.link_chars)
        total_prose = sum(ln.prose_chars for ln in lines if not ln.in_link) or 1
        # "unlikely" blocks that hold most of the page's prose are kept (a page-wide wrapper).
        self.dropped: set[Any] = set()
        for el in w.unlikely:
            a, b = w.ranges.get(el, (0, 0))
            prose = sum(ln.prose_chars for ln in lines[a:b] if not ln.in_link) if b > a else 0
            if prose <= UNLIKELY_KEEP_SHARE * total_prose:
                self.dropped.add(el)
        self.kept = [not any(u in self.dropped for u in ln.unlikely) for ln in lines]
        self.scores: dict[Any, float] = {}
        for ln, keep in zip(lines, self.kept, strict=True):
            if not keep:
                continue
            s = _line_score(ln)
            if not s:
                continue
            owner = ln.owner
            level1 = owner if owner.tag in CONTAINER_TAGS else owner.getparent()
            if level1 is None:
                continue
            if self.teasers.item_of(level1) is not None:
                s *= TEASER_PENALTY  # a teaser's summary: it counts less here and in the list around it
            self.scores[level1] = self.scores.get(level1, 0.0) + s
            level2 = level1.getparent()
            if level2 is not None:
                self.scores[level2] = self.scores.get(level2, 0.0) + s / 2

    def kept_lines(self, a: int, b: int) -> list[Line]:
        """Lines ``a:b`` of the walk, less those inside set-aside furniture."""
        return [ln for ln, keep in zip(self.w.lines[a:b], self.kept[a:b], strict=True) if keep]

    def link_density(self, el: Any) -> float:
        a, b = self.w.ranges.get(el, (0, 0))
        chars = self.cum_chars[b] - self.cum_chars[a] if b > a else 0
        return (self.cum_link[b] - self.cum_link[a]) / chars if chars else 1.0

    def final(self, el: Any) -> float:
        score = self.scores.get(el, 0.0)
        if not score:
            return 0.0
        return score * (1.0 - self.link_density(el))

    def _best_of(self, keep: Any = None) -> tuple[Any | None, float]:
        best_el, best_score = None, 0.0
        for el in self.scores:
            if el not in self.w.ranges or (keep is not None and not keep(el)):
                continue
            s = self.final(el)
            if s > best_score:
                best_el, best_score = el, s
        return best_el, best_score

    def best(self) -> tuple[Any | None, float]:
        best_el, best_score = self._best_of()
        if best_el is None:
            return None, 0.0
        anchors = self.anchors
        if anchors and (self.teasers.item_of(best_el) is not None or misplaced(self.w, anchors, best_el)):
            # the longest block is a teaser or away from where the page puts its article (a "more
            # news" rail longer than a short story): the best block by the headline or in the marked
            # container, when it holds real prose
            rival = self.rival = best_el
            el, score = self._best_of(
                # a block around the rival too (the page's body) is no way out of it
                lambda e: near_anchor(self.w, anchors, e) and not inside(rival, e)
            )
            if el is not None and score >= max(ANCHOR_MIN_SCORE, ANCHOR_SHARE * best_score):
                best_el, best_score = el, score
                self.choice = "anchored"
            elif (
                len(anchors.marked) == 1
                and anchors.headline is not None
                and best_score < SHORT_POST_RIVAL_MAX
            ):
                # a short post (a line or two, no sentence to score) in the container the page
                # marks as its article, under its headline: that container, not a dialog elsewhere
                self.choice = "short_post"
                return anchors.marked[0], self.final(anchors.marked[0])
            else:
                self.rival = None
        # climb while the parent (holding several parts of the article) scores about as well
        for _ in range(3):
            parent = best_el.getparent()
            if parent is None or parent not in self.w.ranges or parent.tag in ("html",):
                break
            if self.rival is not None and inside(self.rival, parent):
                break  # not back around the block the anchors overruled
            ps = self.final(parent)
            if ps >= PARENT_CLIMB_RATIO * best_score:
                best_el, best_score = parent, max(ps, best_score)
            else:
                break
        entry = self._first_entry(best_el)
        if entry is not best_el:
            return entry, self.final(entry)
        return best_el, best_score

    def _is_entry(self, el: Any) -> bool:
        """A block with its own heading, a date line and some prose: one post of a multi-post page."""
        a, b = self.w.ranges[el]
        if not any(a <= self.w.ranges[h][0] < b for h in self.w.headings):
            return False
        lines = self.w.lines[a:b]
        if sum(ln.prose_chars for ln in lines if not ln.in_link) < ENTRY_MIN_PROSE:
            return False
        return any(len(ln.text) <= 100 and DATETIME_RE.search(ln.text) for ln in lines)

    def _first_entry(self, top: Any) -> Any:
        """On a page of several posts (a blog's front page), the first post is the article."""
        child = top
        for _ in range(ENTRY_MAX_LEVELS):
            parent = child.getparent()
            if parent is None or child not in self.w.ranges:
                break
            signature = (child.tag, child.get("class"))
            entries = [
                c
                for c in parent
                if c in self.w.ranges and (c.tag, c.get("class")) == signature and self._is_entry(c)
            ]
            if len(entries) >= 2 and child in entries:
                if entries[0] is child:
                    return top
                a, b = self.w.ranges[entries[0]]
                inside = [el for el in self.scores if el in self.w.ranges and a <= self.w.ranges[el][0] < b]
                best = max(inside, key=self.final, default=None)
                return best if best is not None and self.final(best) > 0 else top
            child = parent
        return top

    def selected_ranges(self, top: Any, top_score: float) -> list[tuple[int, int]]:
        """The top block's lines plus good siblings' (readability's sibling step): siblings that
        score well anywhere, and prose blocks (a lead, an abstract, notes) right next to it."""
        parent = top.getparent()
        if parent is None:
            self.blocks = [top]
            return [self.w.ranges[top]]
        sibs = [
            c for c in parent if c is top or self.w.ranges.get(c, (0, 0))[1] > self.w.ranges.get(c, (0, 0))[0]
        ]
        at = sibs.index(top)
        adjacent: set[int] = set()
        for step in (-1, 1):  # contiguous prose blocks on either side
            i = at + step
            while 0 <= i < len(sibs) and self._prose_paragraph(self.w.ranges[sibs[i]]):
                adjacent.add(i)
                i += step
        out = []
        self.blocks = []
        threshold = max(3.0, SIBLING_SHARE * top_score)
        for i, sib in enumerate(sibs):
            if (
                self.rival is not None
                and sib is not top
                and (inside(sib, self.rival) or inside(self.rival, sib))
            ):
                continue  # the block the anchors overruled does not come back as a sibling
            if sib is top or i in adjacent:
                out.append(self.w.ranges[sib])
                self.blocks.append(sib)
            elif self.final(sib) >= threshold and self.link_density(sib) < 0.25:
                out.append(self.w.ranges[sib])
                self.blocks.append(sib)
            elif sib.tag not in CONTAINER_TAGS and self._prose_paragraph(self.w.ranges[sib]):
                out.append(self.w.ranges[sib])  # a lead paragraph (<p class="chapo">) next to the body block
                self.blocks.append(sib)
        # a <figure> between chosen blocks belongs to the text (its picture; its caption goes with it)
        first, last = sibs.index(self.blocks[0]), sibs.index(self.blocks[-1])
        figures = [c for c in sibs[first:last] if c.tag == "figure"]
        self.blocks = sorted([*self.blocks, *figures], key=lambda el: self.w.ranges[el][0])
        return out

    def _prose_paragraph(self, rng: tuple[int, int]) -> bool:
        lines = self.kept_lines(rng[0], rng[1])
        prose = sum(ln.prose_chars for ln in lines)
        chars = sum(ln.chars for ln in lines) or 1
        punct = sum(ln.punct for ln in lines)
        return prose >= SIBLING_PARAGRAPH_CHARS and prose / chars > 0.75 and punct >= 2


def select(w: Walk, anchors: Anchors | None = None) -> tuple[Scorer, Any | None, list[tuple[int, int]]]:
    """Score the walk; the article's top block (None when nothing scores) and its line ranges."""
    sc = Scorer(w, anchors)
    top, top_score = sc.best()
    if top is None:
        ranges = []
    elif sc.choice == "short_post":
        ranges = [w.ranges[top]]  # the post and nothing around it: its neighbours outscored it
        sc.blocks = [top]
    else:
        ranges = sc.selected_ranges(top, top_score)
    return sc, top, ranges
