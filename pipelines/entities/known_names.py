"""Names the tagger cannot know, from ``lexicon.json``: news outlets and international bodies
(``known_names``, as written); today's bodies and companies (``current_names``: 证监会, 华为, 行政院 —
where the text's segmentation starts and ends a word), those that are common words too (``in_lists``:
小米, 亚马逊 — only as items of a list beside a named body), department names that hold 和
(``coordinated_bodies``: 深圳市发展和改革委员会) and departments named since 2018 (``local_departments``:
安吉县融媒体中心); and a paper named in a byline (示例日报讯)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from pipelines.entities.filters import in_transcription_characters
from pipelines.entities.jieba_tables import word_flag
from pipelines.entities.lexicon import ACT_DAY, CJK_ONLY, ITEM_OPENERS, lexicon
from pipelines.entities.places import (
    countries,
    is_admin_place,
    is_admin_place_chain,
    starts_with_place,
    world_places,
)
from pipelines.entities.recognizers import ORG, Span
from pipelines.entities.word_edges import EDGE_WINDOW, GLUED_BEFORE, edges_of, on_word_edges
from pipelines.segment import cut

LIST_SEPARATORS = frozenset("、和与及或")  # between the items of a list of companies
CLAUSE_OPENERS = frozenset('，。；：！？\n “"')  # a clause opens after one
JOINING = LIST_SEPARATORS | GLUED_BEFORE  # 和县, 在县: a word joining two things before a head (县)
LOCAL_KINDS = frozenset({"government", "party"})  # current names read with the places before them
COMMITTEE_MAX = 5  # characters of a committee read before a department of current_names (自治区党委)
COORDINATED_HEADS_MAX = 3  # words of places and heads read before a department (山东省 济南市)
BRANCH_PLACES_MAX = 10  # characters of places read between a company and its branch (河北省唐山市)
FACILITY_WORDS = 10  # Chinese characters after a listed name read for a facility named after it
# after a listed company, the rest of a registered name before its legal form: words, or words, a place or a
# group in brackets and words (腾讯|科技（深圳）|有限公司, 特斯拉|（上海）|有限公司)
REGISTERED_BETWEEN = re.compile(
    r"(?P<words>[\u4e00-\u9fff]{0,8})(?:[（(](?P<inner>[\u4e00-\u9fff]{2,8})[）)](?P<more>[\u4e00-\u9fff]{0,6}))?"
)
REGISTERED_TAIL_MAX = 20  # characters looked at for the legal form after a listed company
# a registered name with a place or a group in brackets, opening a clause or a list's item: 本源量子计算科技|
# （合肥）|股份有限公司 (the legal form is checked against ``legal_forms`` after the match)
BRACKETED_NAME = re.compile(
    r"(?:^|(?<=[，。；：！？、\s“”]))(?P<name>[\u4e00-\u9fff]{2,12}?)[（(](?P<inner>[\u4e00-\u9fff]{2,4})[）)]"
    r"(?P<words>[\u4e00-\u9fff]{0,8}?)(?=[^\u4e00-\u9fff]|$|(?<=公司))"
)
# no word of a bracketed name's own part: a verb first (收购|某科技), a function word anywhere (在, 的, 和)
NOT_IN_BRACKETED_FLAGS = frozenset({"p", "c", "r", "d", "uj", "ul", "uz", "m", "q"})
PROPER_NOUN_FLAGS = frozenset({"nz", "nt"})  # jieba's proper nouns and organisations (格力电器, 联想集团)
PROPER_NOUN_LOOKBEHIND = 8  # characters segmented before a company's post
APPOSITIVE_WINDOW = 6  # characters segmented around a kind of body said before a name (评级机构|穆迪)
KIND_MODIFIER_FLAGS = frozenset({"n", "vn", "ns", "nz", "b", "an"})  # 评级|机构, 芯片|公司; not 该 (r)
DATE_AFTER = re.compile(ACT_DAY)  # 穆迪|23日发布
APPOSITIVE_CLAUSE_MARKS = frozenset("，。、")  # a clause or list mark right after the name (麦肯锡|、)
# the flags of the words of a registered name between the company and its legal form (科技, 精密|工业, 移动|软件);
# a verb only after another word (集成电路|制造: not 华为|起诉…公司)
REGISTERED_FLAGS = frozenset({"n", "nz", "ns", "nt", "ng", "vn", "an", "a", "b"})
FUND_LOOKBEHIND = 14  # characters segmented before a fund's post
FUND_WORDS = 4  # words of a fund's name read before its last word (俄罗斯|直接|投资|基金)
# the words of a fund's name: nouns, places, proper names (沙特: nr), 公共 (b), 直接 (ad), 投资 (vn)
FUND_NAME_FLAGS = frozenset({"n", "nz", "ns", "nt", "nr", "ng", "vn", "an", "b", "ad", "j"})


def proper_nouns_before_posts(
    text: str, post_starts: list[int], fits: Callable[[int, int], bool]
) -> list[Span]:
    """格力电器|董事长董明珠, 联想集团|总裁: a proper noun or organisation of jieba's dictionary (``nz``, ``nt``) of
    three or more characters right before a company's post (``in_lists.before_posts``), after a clause or list
    mark or at the text's start, is the company, named by no table (the tagger reads nothing there).
    ``post_starts``: where the text's company posts start (found once for this and :func:`funds_before_posts`)."""
    out: list[Span] = []
    for end in post_starts:
        words = cut(text[max(0, end - PROPER_NOUN_LOOKBEHIND) : end])
        word = words[-1] if words else ""
        start = end - len(word)
        if (
            len(word) >= 3
            and word_flag(word) in PROPER_NOUN_FLAGS
            and (start == 0 or text[start - 1] in ITEM_OPENERS)
            and fits(start, end)
        ):
            out.append(Span(start, end, ORG))
    return out


def funds_before_posts(text: str, post_starts: list[int], fits: Callable[[int, int], bool]) -> list[Span]:
    """俄罗斯直接投资基金|总裁, 挪威政府养老基金|首席执行官: a fund (``funds_before_posts``) right before a company's
    post (``in_lists.before_posts``) is the body that manages it — the words before it back to a place or a
    head (国家) opening them, up to :data:`FUND_WORDS` words of a name (no verb, no function word)."""
    lex = lexicon()
    out: list[Span] = []
    for end in post_starts:
        if not text.endswith(lex.fund_words, 0, end):
            continue
        words = cut(text[max(0, end - FUND_LOOKBEHIND) : end])
        if not words or words[-1] not in lex.fund_words:
            continue
        start, pos = None, end - len(words[-1])
        for word in reversed(words[-1 - FUND_WORDS : -1]):
            if not CJK_ONLY.match(word) or word_flag(word) not in FUND_NAME_FLAGS:
                break
            pos -= len(word)
            if starts_with_place(text[pos:end]) or word in lex.heads:
                start = pos  # the earliest place or head the run of words opens with
        if start is not None and fits(start, end):
            out.append(Span(start, end, ORG))
    return out


def names_after_kinds(text: str, fits: Callable[[int, int], bool]) -> list[Span]:
    """国际评级机构|穆迪, 咨询公司|麦肯锡: a foreign company or agency named right after a kind of body
    (``appositive_kinds``) that a word modifies (评级, 咨询; not 该|公司), a proper noun of jieba's dictionary or
    a transcribed name of three or four characters, before a date, a verb or a clause mark."""
    out: list[Span] = []
    for m in lexicon().appositive_kind_re.finditer(text):
        before = cut(text[max(0, m.start() - APPOSITIVE_WINDOW) : m.start()])
        if not before or word_flag(before[-1]) not in KIND_MODIFIER_FLAGS:
            continue
        words = cut(text[m.end() : m.end() + APPOSITIVE_WINDOW])
        name = words[0] if words else ""
        flag = word_flag(name)
        if not (
            CJK_ONLY.match(name)
            and 2 <= len(name) <= 4
            and (
                flag == "nz"
                or (flag in ("nr", "nrt") and len(name) >= 3 and in_transcription_characters(name))
            )
        ):
            continue
        end = m.end() + len(name)
        nxt = words[1] if len(words) > 1 else ""
        if (
            DATE_AFTER.match(text, end)
            or (word_flag(nxt) or "").startswith("v")
            or end == len(text)
            or text[end] in APPOSITIVE_CLAUSE_MARKS
        ):
            if fits(m.end(), end):
                out.append(Span(m.end(), end, ORG))
    return out


def departments(text: str) -> list[Span]:
    """发展和改革委员会, 住房和城乡建设厅 (``lexicon.json`` coordinated_bodies), 融媒体中心, 大数据发展管理局
    (local_departments) with the places and heads right before them (深圳市|发展和改革委员会,
    国家|卫生和计划生育委员会, 安吉县|融媒体中心): names the grammar stops reading at 和 or at a word it
    does not know."""
    return [
        Span(with_places_before(text, m.start()), m.end(), ORG)
        for m in lexicon().department_re.finditer(text)
    ]


def with_places_before(text: str, start: int) -> int:
    """``start`` moved back over the administrative places and heads right before it (山东省 济南市);
    a place that is a list's or a preposition's word and a head (武警中队和|县|消防救援大队: 和县 is a
    county too) gives only its head."""
    lex = lexicon()
    lo = max(0, start - 4 * EDGE_WINDOW)
    for word in reversed(cut(text[lo:start])[-COORDINATED_HEADS_MAX:]):
        if len(word) == 2 and word[0] in JOINING and word[1] in lex.heads:
            return start - 1
        if not (is_admin_place(word) or word in lex.heads or is_admin_place_chain(word)):
            break
        start -= len(word)
    return start


def body_start(text: str, start: int, name: str) -> int:
    """Where the current name ``name`` at ``start`` begins as a body of the text: a department of
    government or party with its places (安吉县|网信办) or with its place's committee (天津市委|网信办), a
    body or party abroad with its country (日本|防卫省, 韩国|共同民主党, 美国|证监会), an army's unit with
    the army (解放军|南部战区); a company with the city or province of its branch right before it (唐山|建行,
    广东|宏远), not a country (中国|华为: 华为)."""
    lex = lexicon()
    kind = lex.kind_of(name)
    if kind in LOCAL_KINDS:
        at = with_places_before(text, start)
        committee = lex.committee_before_re.search(text, max(0, start - COMMITTEE_MAX), start)
        if at == start and committee is not None:
            place_at = with_places_before(text, committee.start())
            if place_at < committee.start():
                return place_at  # 天津市委|网信办: the place's committee's department
        return at
    if kind == "military":  # 中国人民解放军|南部战区: the army's unit, named with it
        army = next((a for a in lex.armies if text.endswith(a, 0, start)), "")
        return start - len(army)
    if not lexicon().is_listed_company(name):
        words = cut(text[max(0, start - EDGE_WINDOW) : start])
        return start - len(words[-1]) if words and words[-1] in countries() else start
    # the city or province as written right before (jieba may read 是|唐|山 there)
    k = next((k for k in (4, 3, 2) if k <= start and is_admin_place(text[start - k : start])), 0)
    return start - k


def service_end(text: str, name: str, end: int) -> int:
    """Where a military name of ``current_names`` ending at ``end`` ends with a service of its own after it
    (北部战区|海军, 南部战区|空军: ``current_names.armies.services``) where a word of the text ends there;
    ``end`` itself when none follows or ``name`` is no military name."""
    lex = lexicon()
    if lex.kind_of(name) != "military":
        return end
    service = next((s for s in lex.services if text.startswith(s, end)), None)
    if service is None or end + len(service) not in edges_of(
        text, end, min(len(text), end + len(service) + EDGE_WINDOW)
    ):
        return end
    return end + len(service)


def branch_end(text: str, end: int) -> int:
    """Where a current name ending at ``end`` ends with its branch after it: places and a branch's word
    (建行|徐州市分行, 华为|上海分公司); ``end`` itself when none follows."""
    lex = lexicon()
    # the places as written (jieba reads 上海市分行 as one word), the longest first
    for k in range(min(BRANCH_PLACES_MAX, len(text) - end), 1, -1):
        places = text[end : end + k]
        if is_admin_place(places) or is_admin_place_chain(places):
            branch = next((b for b in lex.branch_suffixes_longest_first if text.startswith(b, end + k)), None)
            return end + k + len(branch) if branch else end
    return end


def registered_end(text: str, end: int) -> int:
    """Where a listed company ending at ``end`` ends with the rest of a registered name after it: words of a
    business, a place or a group in brackets, a legal form (腾讯|科技（深圳）有限公司, 顺丰速运|有限公司,
    立讯精密|工业股份有限公司, 特斯拉|（上海）有限公司); ``end`` itself when none follows."""
    window = text[end : end + REGISTERED_TAIL_MAX]
    forms = lexicon().legal_forms
    for i in range(len(window)):  # the first legal form after the company
        form = next((f for f in forms if window.startswith(f, i)), None)
        if form is None:
            continue
        m = REGISTERED_BETWEEN.fullmatch(window, 0, i)
        if m is None:
            return end
        inner = m.group("inner")
        if (inner is None or says_where_or_what(inner)) and _business_words(
            m.group("words") + (m.group("more") or "")
        ):
            return end + i + len(form)
        return end
    return end


def bracketed_names(text: str) -> list[Span]:
    """Registered names with a place or a group in brackets before their legal form, each opening a clause
    or a list's item (``本源量子计算科技（合肥）股份有限公司``, ``安踏（福建）鞋业有限公司``): the tagger reads
    a name of common words there in part or not at all, but a bracket saying where or what (``says_where_or_what``)
    then business words and a legal form say a company is registered under all of it."""
    if "（" not in text and "(" not in text:
        return []
    found: list[Span] = []
    forms = lexicon().legal_forms
    for m in BRACKETED_NAME.finditer(text):
        words = m.group("words")
        form = next((f for f in forms if words.endswith(f)), None)
        if form is None or not says_where_or_what(m.group("inner")):
            continue
        if not _business_words(words[: len(words) - len(form)]) or not _a_registered_name(m.group("name")):
            continue
        if _body_word_after(text, m.end("words")):
            continue  # 南方航空（集团）公司|党委: a body of the company, read whole by the grammar
        found.append(Span(m.start("name"), m.end("words"), ORG))
    return found


def _a_registered_name(name: str) -> bool:
    """The words of a registered name before its brackets: no function word, and a verb only before a
    business word (量子计算|科技; not 比赛得到|优妮姿)."""
    words = cut(name)
    flags = [word_flag(w) for w in words]
    if any(f in NOT_IN_BRACKETED_FLAGS for f in flags):
        return False
    registered = lexicon().registered_words_re
    return all(
        f != "v" or (i + 1 < len(words) and registered.fullmatch(words[i + 1]) is not None)
        for i, f in enumerate(flags)
    )


def _body_word_after(text: str, end: int) -> bool:
    """A word ending in a body's suffix right after ``end`` (党委, 工会, 分公司)."""
    words = cut(text[end : end + EDGE_WINDOW])
    return bool(words) and lexicon().suffix_of(words[0]) is not None


def company_end(text: str, start: int, end: int) -> int:
    """Where a listed company at ``start:end`` ends with its registered name (:func:`registered_end`) or,
    with no legal form, the words of a group after it (``companies.registered_words.after_name``: 美的|集团,
    腾讯|控股) where the segmentation ends a word there; ``end`` itself when none follows."""
    stop = registered_end(text, end)
    if stop > end:
        return stop
    m = lexicon().name_runs_on_re.match(text, end, min(len(text), end + REGISTERED_TAIL_MAX))
    if m is None or m.end() == end or not on_word_edges(text, start, m.end()):
        return end
    return m.end()


def _business_words(run: str) -> bool:
    """The words between a company and its legal form name a business: nouns and the like, a verb only
    after one (集成电路|制造), nothing else (华为|起诉|某某公司, 华为|与|某某公司)."""
    if not run:
        return True
    words = cut(run)
    lex = lexicon()
    return all(
        lex.registered_words_re.fullmatch(w) is not None
        or word_flag(w) in REGISTERED_FLAGS
        or (i > 0 and word_flag(w) == "v")
        for i, w in enumerate(words)
    )


def says_where_or_what(word: str) -> bool:
    """A bracket's words inside a registered name that say where or what a company is (（深圳）, （中国）,
    （集团）), not who."""
    return (
        is_admin_place(word)
        or word in world_places()
        or lexicon().registered_words_re.fullmatch(word) is not None
    )


def items_beside(
    text: str, candidates: list[tuple[int, int]], named: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The ``candidates`` that are items of a list beside a ``named`` body, or beside a candidate that is
    (谷歌、微软、Meta或|亚马逊; |小米|和华为; 苹果、|小米|和华为): one separator between them."""
    ends = {b for _, b in named}
    starts = {a for a, _ in named}
    kept: list[tuple[int, int]] = []
    left = list(candidates)
    while left:
        more = [
            (a, b)
            for a, b in left
            if (a >= 1 and text[a - 1] in LIST_SEPARATORS and a - 1 in ends)
            or (b < len(text) and text[b] in LIST_SEPARATORS and b + 1 in starts)
        ]
        if not more:
            break
        kept += more
        ends.update(b for _, b in more)
        starts.update(a for a, _ in more)
        left = [c for c in left if c not in more]
    return sorted(kept)


def _acts(text: str, start: int, end: int) -> bool:
    """The name at ``start:end`` opens a clause and a company's act follows it (``in_lists.before_acts``:
    据了解，|海天|近日发布通知), or a reporter names it as the source (记者从|京东|获悉)."""
    lex = lexicon()
    before, after = lex.in_list_source
    if text.endswith(before, 0, start) and text.startswith(after, end):
        return True
    return (start == 0 or text[start - 1] in CLAUSE_OPENERS) and lex.in_list_act_re.match(
        text, end
    ) is not None


def names_a_facility(text: str, end: int) -> bool:
    """A listed name that a facility is named after (华润|深圳湾|体育中心, a stadium; 万达|广场): a facility's
    word (``not_organisations.facilities``) right after it, or after a place word (jieba's ``ns``) right
    after it — the text names the building, not the company (not 北部战区海军|领导在码头)."""
    lex = lexicon()
    stop = end
    while stop < len(text) and stop - end < FACILITY_WORDS and "\u4e00" <= text[stop] <= "\u9fff":
        stop += 1
        word = lex.facility_word(text[end:stop])
        if word is not None:
            between = text[end : stop - len(word)]
            return not between or word_flag(between) == "ns"
    return False


def after_a_surname(text: str, start: int, end: int) -> bool:
    """A two-character name right after one of the commonest surnames standing alone as a word (大使李|长和,
    黄|建行): a person's given name, whether or not the tagger found the person; not after a preposition
    (向|华为) nor a word's last character (浙江|恒大)."""
    if end - start != 2 or start == 0:
        return False
    c = text[start - 1]
    if c not in lexicon().commonest_surnames or c in JOINING:
        return False
    edges = edges_of(text, max(0, start - 1 - EDGE_WINDOW), end)
    return start - 1 in edges and start in edges


def inside_a_person(text: str, start: int, end: int, persons: list[tuple[int, int]]) -> bool:
    """A person's span holds ``start:end`` and more (何|小鹏, 王|海信: a given name that is a company's
    name too) — not a preposition read as a surname (记者|从|奇瑞|获悉: 从奇瑞)."""
    return any(
        a <= start and end <= b and b - a > end - start and not (a == start - 1 and text[a] in GLUED_BEFORE)
        for a, b in persons
    )


# A paper's byline opening a paragraph: 示例日报讯, 齐鲁晚报讯 (not 本报讯: one character before 报).
PAPER_BYLINE = re.compile(
    r"(?:^|(?<=\n))[ \t\u3000]*(?P<name>[\u4e00-\u9fff]{2,8}?(?:日报|晚报|早报|时报|商报|都市报|青年报|报))讯"
)


def broadcasters(text: str) -> list[Span]:
    """美国之音, 德国之声: a country's name right before one of ``broadcaster_voices`` (its international
    broadcaster); the voice is looked for first, then the country before it."""
    lex = lexicon()
    out: list[Span] = []
    for m in lex.voice_re.finditer(text):
        for k in range(min(m.start(), _longest_country()), 1, -1):
            if text[m.start() - k : m.start()] in countries():
                out.append(Span(m.start() - k, m.end(), ORG))
                break
    return out


@functools.cache
def _longest_country() -> int:
    return max(map(len, countries()))


class KnownNameRecognizer:
    """Names of ``lexicon.json``'s known_names (news outlets: 央广网, 新浪科技 …) and the registered names of
    ``companies.groups`` (小米科技有限责任公司), as written; its
    current_names (today's bodies and companies: 证监会, 华为 …) where they start and end words of the
    text's segmentation, and those that are common words too (小米, 亚马逊) only as items of a list beside
    such a name — none inside a person the tagger found (何小鹏: 小鹏); and a paper named in a byline at the
    start of a paragraph (示例日报讯)."""

    name = "known"

    def __init__(self, persons: Callable[[str], list[tuple[int, int]]] | None = None) -> None:
        self.persons = persons  # the tagger's persons of a text: a current name inside one is the person's

    def spans(self, text: str) -> list[Span]:
        lex = lexicon()
        found = [Span(m.start(), m.end(), ORG) for m in lex.known_name_re.finditer(text)]
        found.extend(broadcasters(text))  # 德国之声
        # a group's registered name, as written (小米科技有限责任公司: the tagger reads nothing there)
        found.extend(Span(m.start(), m.end(), ORG) for m in lex.registered_group_re.finditer(text))
        persons: list[tuple[int, int]] | None = None  # asked for when a listed name is first on word edges

        def fits(a: int, b: int) -> bool:
            nonlocal persons
            if not on_word_edges(text, a, b) or after_a_surname(text, a, b) or names_a_facility(text, b):
                return False
            if persons is None:
                persons = self.persons(text) if self.persons is not None else []
            return not inside_a_person(text, a, b, persons)

        for m in lex.current_name_re.finditer(text):
            if fits(*m.span()):
                stop = company_end(text, m.start(), m.end()) if lex.is_listed_company(m.group()) else m.end()
                stop = service_end(text, m.group(), stop)
                found.append(Span(body_start(text, m.start(), m.group()), branch_end(text, stop), ORG))
        # a common-word company (小米, 中国石油) is one only beside a named body, before a company's post
        # or opening a clause before a company's act (海天|近日发布)
        listed = list(lex.in_list_name_re.finditer(text))
        maybe = (
            bool(found)
            or lex.in_list_post_re.search(text) is not None
            or any(_acts(text, m.start(), m.end()) for m in listed)
        )
        candidates = [
            (m.start(), company_end(text, m.start(), m.end()))
            for m in (listed if maybe else ())
            if fits(*m.span())
        ]
        if candidates:
            # the post or act after the company's whole name (京东集团|近日发布)
            posts = [
                (a, b)
                for a, b in candidates
                if lex.in_list_post_re.match(text, b) is not None or _acts(text, a, b)
            ]
            found.extend(Span(a, b, ORG) for a, b in posts)
            if found:
                named = [(s.start, s.end) for s in found]
                rest = [c for c in candidates if c not in posts]
                found.extend(Span(a, b, ORG) for a, b in items_beside(text, rest, named))
        post_starts = [
            m.start() for m in lex.in_list_post_re.finditer(text)
        ]  # a company's posts: 董事长, 总裁
        found.extend(proper_nouns_before_posts(text, post_starts, fits))
        found.extend(names_after_kinds(text, fits))
        found.extend(funds_before_posts(text, post_starts, fits))
        found.extend(departments(text))
        found.extend(bracketed_names(text))
        found.extend(Span(m.start("name"), m.end("name"), ORG) for m in PAPER_BYLINE.finditer(text))
        return found
