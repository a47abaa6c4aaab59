"""Where a story is: its province and city, for relative names (市委 -> 济南市委).

The administrative table (province / city / county with their short forms) and the world table are
read lazily, once, from ``china_location.txt`` (levels 0-2 of jionlp's location dictionary) and
``world_location.txt`` beside this module: data taken from jionlp 1.5.31 (Apache-2.0, see
``LICENSE-jionlp.txt``), so that neither jionlp nor its GPL-3.0 dependency jiojio is needed. Without
them the story place falls back to the publishing channel and to ``X市`` / ``X省`` words in the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from urllib.parse import urlsplit

from pipelines.entities.lexicon import lexicon

# A dateline at the start of a story: "央广网济南5月23日消息", "新华社北京1月2日电", "本报济南讯".
DATELINE = re.compile(
    r"^\s*[(（【]?\s*(?:央广网|中国之声|新华社|中新网|中新社|人民网|本报|本台|新华网|央视网|记者[\u4e00-\u9fff]{2,4})?"
    r"\s*(?P<place>[\u4e00-\u9fff]{2,8}?)\s*(?:\d{1,2}月\d{1,2}日|讯)"
)
# "X市" / "X省" written out, used when the administrative table is unavailable.
PLACE_WORD = re.compile(r"[\u4e00-\u9fff]{2,3}(?:市|省)")
# First path segment of a URL, e.g. the CNR channel "sd" in www.cnr.cn/sd/...
URL_CHANNEL = re.compile(r"^/([a-z]{2,8})(?:/|$)")


@dataclass(frozen=True)
class Place:
    name: str  # full name, e.g. 济南市
    level: int  # 0 province, 1 city, 2 county/district
    province: str
    city: str | None


@dataclass(frozen=True)
class StoryPlace:
    province: str | None = None
    city: str | None = None
    county: str | None = None
    # the place is read from a dateline or a channel, or most of the story's places are in its province;
    # else it is the best guess relative names (市委) are resolved with, and no place to file the story under
    sure: bool = True
    # a story abroad: it names places abroad far more often than China's (no place then)
    abroad: bool = False

    def as_dict(self) -> dict[str, str]:
        """Where the story is, for readers (the item's ``place`` field, what ``--place`` filters on): the
        levels that are known, by name (``{"province": "山东省", "city": "济南市"}``); ``{}`` when the
        place is no more than a guess."""
        if not self.sure:
            return {}
        return {
            k: v for k, v in (("province", self.province), ("city", self.city), ("county", self.county)) if v
        }

    def for_level(self, level: str) -> str | None:
        """The full place name a relative reference at ``level`` (province/city/county/district) means."""
        if level == "province":
            return self.province
        if level == "city":
            return self.city
        return self.county


@dataclass(frozen=True)
class PlaceTable:
    by_name: dict[str, Place]  # full and short names (short only for provinces and cities)

    @cached_property
    def lengths(self) -> dict[str, tuple[int, ...]]:
        """First character -> the lengths of the names starting with it, longest first."""
        found: dict[str, set[int]] = {}
        for name in self.by_name:
            found.setdefault(name[0], set()).add(len(name))
        return {c: tuple(sorted(ks, reverse=True)) for c, ks in found.items()}

    def hits(self, text: str) -> Iterator[tuple[int, str]]:
        """(start, name) of the place names in ``text``, left to right, the longest name at a position
        and none overlapping (what one regular expression of all names, longest first, finds; a
        dictionary probe per position is ~10x faster than that alternation of 3,000 names)."""
        by_name, lengths, starts = self.by_name, self.lengths, self.starts
        i = 0
        for m in self.first_characters.finditer(text):  # only where a name can start
            at = m.start()
            if at < i or text[at : at + 2] not in starts:
                continue  # inside the name found before, or no name starts with these two characters
            for k in lengths[text[at]]:
                if text[at : at + k] in by_name:
                    yield at, text[at : at + k]
                    i = at + k
                    break

    @cached_property
    def starts(self) -> frozenset[str]:
        """The first two characters of every name (every name has two or more)."""
        return frozenset(name[:2] for name in self.by_name)

    @cached_property
    def first_characters(self) -> re.Pattern[str]:
        """Any character a place name starts with."""
        if not self.lengths:
            return re.compile("(?!)")  # no table: nothing matches
        return re.compile("[" + "".join(re.escape(c) for c in sorted(self.lengths)) + "]")


AUTONOMOUS_PREFECTURE = "自治州"


def _data_file(name: str) -> Path | None:
    """A data file beside this module (package data), or None where it is not installed."""
    p = Path(__file__).with_name(name)
    return p if p.exists() else None


@cache
def place_table() -> PlaceTable:
    path = _data_file("china_location.txt")
    by_name: dict[str, Place] = {}
    if path is None:
        return PlaceTable(by_name)
    province = city = None
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            depth = len(line) - len(line.lstrip("\t"))
            if depth > 2:
                continue
            parts = line.strip().split("\t")
            if len(parts) < 2:
                continue
            full, short = parts[0], (parts[2] if len(parts) > 2 else parts[0])
            if depth == 0:
                province, city = full, None
                place = Place(full, 0, full, None)
            elif depth == 1:
                city = full
                place = Place(full, 1, province or full, full)
            else:
                place = Place(full, 2, province or "", city)
            # Municipalities appear as province and city: keep the city reading (level 1) for both.
            if full not in by_name or depth == 1:
                by_name[full] = place
            if depth < 2 and len(short) >= 2 and short not in by_name:
                by_name[short] = place
            if depth == 1 and full.endswith(AUTONOMOUS_PREFECTURE) and short + "州" not in by_name:
                by_name[short + "州"] = place  # 临夏州 for 临夏回族自治州, as the news writes it
    return PlaceTable(by_name)


@cache
def _world_rows() -> tuple[tuple[str, ...], ...]:
    """The world location table's lines: a continent (``亚洲:``) as one field, a country as its fields
    (short name, full name, capital, main cities ``a/b/c``); empty without the table."""
    path = _data_file("world_location.txt")
    if path is None:
        return ()
    with path.open(encoding="utf-8") as fh:
        return tuple(tuple(line.rstrip("\n").split("\t")) for line in fh if line.strip())


@cache
def world_places() -> frozenset[str]:
    """Countries (short and full names), their capitals and main cities, continents: from the world
    location table (empty without it); and regions below the country (:func:`_world_regions`)."""
    names: set[str] = set(_world_regions())
    for row in _world_rows():
        if len(row) == 1 and row[0].strip().endswith(":"):
            names.add(row[0].strip()[:-1])
            continue
        for cell in row:
            names.update(w for w in cell.strip().split("/") if len(w) >= 2)
    return frozenset(names)


def _world_regions() -> list[str]:
    """Regions abroad below the country (``world_regions.txt``: 阿拉斯加, 魁北克, 西伯利亚)."""
    path = _data_file("world_regions.txt")
    if path is None:
        return []
    with path.open(encoding="utf-8") as fh:
        return [w for w in (line.strip() for line in fh) if len(w) >= 2 and not w.startswith("#")]


def is_place(word: str) -> bool:
    """A Chinese administrative place or a country, capital or main city abroad."""
    return word in place_table().by_name or word in world_places()


ADMIN_LEVELS = ("市", "县", "区")  # 江阴 for 江阴市: a county's name is kept only in full


def is_place_stem(word: str) -> bool:
    """A place (:func:`is_place`), or a city's, county's or district's name without its level word
    (江阴 for 江阴市, 柳江 for 柳江区)."""
    return is_place(word) or any(is_place(word + level) for level in ADMIN_LEVELS)


def is_place_chain(word: str) -> bool:
    """Two places written together, the larger first (巴西圣保罗, 山东济南): a place, not a name."""
    return any(is_place(word[:k]) and is_place(word[k:]) for k in range(2, len(word) - 1))


def is_admin_place_chain(word: str) -> bool:
    """Two administrative places written together (上海市浦东新区: one word to jieba)."""
    return any(is_admin_place(word[:k]) and is_admin_place(word[k:]) for k in range(2, len(word) - 1))


@cache
def countries() -> frozenset[str]:
    """Countries only (short and full names: 美国, 美利坚合众国), not their cities: the first two
    fields of the world location table."""
    return frozenset(
        name.strip() for row in _world_rows() if len(row) > 1 for name in row[:2] if len(name.strip()) >= 2
    )


def lookup(name: str) -> Place | None:
    return place_table().by_name.get(name)


def is_admin_place(word: str) -> bool:
    """True for a province, city or county name (full or, for provinces/cities, short)."""
    return word in place_table().by_name


def starts_with_place(name: str, *, abroad: bool = False) -> bool:
    """``name`` starts with a place (``abroad``: one of the world table: 斯洛伐克|教育部) of two to six
    characters and goes on for two more or longer (美国|国会, not 美国 alone)."""
    known = world_places() if abroad else None
    return any(
        (name[:k] in known if known is not None else is_place(name[:k]))
        for k in range(2, min(len(name) - 1, 7))
    )


def starts_with_admin_place(name: str) -> bool:
    """True when ``name``'s first two or three characters are an administrative place (湖南省…, 长沙市…)."""
    return is_admin_place(name[:2]) or is_admin_place(name[:3])


def channel_province(channel: str | None, url: str | None) -> str | None:
    """Province of a regional channel ("sd", "山东", a CNR URL under /sd/)."""
    table = lexicon().channels
    candidates: list[str] = []
    if channel:
        candidates.append(channel.strip().lower())
    if url:
        m = URL_CHANNEL.match(urlsplit(url).path or "")
        if m:
            candidates.append(m.group(1))
        host = urlsplit(url).hostname or ""
        candidates.extend(host.split(".")[:1])
    for c in candidates:
        if c in table:
            return table[c]
        place = lookup(c) or lookup(c + "省")
        if place is not None and place.level == 0:
            return place.province
        for prov in set(table.values()):
            if c and prov.startswith(c):
                return prov
    return None


def _city_votes(counts: Counter[Place]) -> list[tuple[int, Place]]:
    """(votes, city): a city's own mentions plus those of its counties and districts (顺德区 -> 佛山市)."""
    votes: Counter[str] = Counter()
    for p, n in counts.items():
        if p.level == 1:
            votes[p.name] += n
        elif p.level == 2 and p.city:
            votes[p.city] += n
    table = place_table().by_name
    return [(n, table[c]) for c, n in votes.items() if c in table and table[c].level == 1]


def _leading_province(counts: Counter[Place]) -> tuple[str | None, bool]:
    """The province most of the story's places are in (its own mentions, its cities' and counties'),
    when one leads the others; and whether it holds more than half of them (a story that names places
    all over China — a national round-up, a thesis's references — is filed under no province)."""
    votes: Counter[str] = Counter()
    for p, n in counts.items():
        if p.province:
            votes[p.province] += n
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None, False
    return ranked[0][0], ranked[0][1] * 2 > sum(votes.values())


# A place name before this is a time zone (北京时间), not where the story is.
TIME_ZONE_AFTER = "时间"
# A story whose places abroad outnumber its places of China (China's own names among them: lexicon
# home_country) this many times over, with no dateline or channel to place it, is a story abroad.
ABROAD_RATIO = 2
ABROAD_MIN = 3  # … and names at least this many places abroad


def _a_mention(text: str, start: int, name: str, place: Place) -> bool:
    """The place name at ``start`` says where something is: not a time zone (``北京时间``), not a
    county's name that is a common word only (``郊区``, ``城区``, ``矿区``: CC-CEDICT's common-only
    words; the district of 铜陵 is no suburb of Tokyo)."""
    if text.startswith(TIME_ZONE_AFTER, start + len(name)):
        return False
    return place.level != 2 or not _common_word(name)


@cache
def _common_word(name: str) -> bool:
    """CC-CEDICT knows ``name`` only as a common word (per name, once: a text may repeat it)."""
    from pipelines.entities.common_words import is_common_word  # CC-CEDICT: read once, shared

    return is_common_word(name)


@cache
def abroad_table() -> PlaceTable:
    """The world table's places that are not China's (countries, capitals, main cities, regions; not
    中国, not 香港 or 台湾, not the continents), as a table whose hits can be counted."""
    own = place_table().by_name
    china = next((row for row in _world_rows() if row and row[0] == "中国"), ())
    skip = {w for cell in china for w in cell.split("/")}
    continents = {
        row[0].strip()[:-1] for row in _world_rows() if len(row) == 1 and row[0].strip().endswith(":")
    }
    by_name = {
        w: Place(w, -1, "", None)
        for w in world_places()
        if w not in own and w not in skip and w not in continents
    }
    return PlaceTable(by_name)


def _dateline_place(where: str, table: PlaceTable, shortest: int = 1) -> Place | None:
    """The place of ``table`` a dateline's place names: the whole or its longest end of ``shortest``
    characters or more (新华社|华盛顿, 本报|济南)."""
    for cut in range(len(where) - shortest + 1):
        place = table.by_name.get(where[cut:])
        if place is not None:
            return place
    return None


def _abroad(text: str, counts: Counter[Place], home: bytearray) -> bool:
    """The text names places abroad at least :data:`ABROAD_MIN` times and :data:`ABROAD_RATIO` times
    as often as places of China (``counts``, and China's own names: lexicon ``home_country``; ``home``:
    the positions of China's place names, where no place abroad is read)."""
    abroad = sum(1 for start, _ in abroad_table().hits(text) if not home[start])
    if abroad < ABROAD_MIN:
        return False  # most stories: China's own names need no counting
    at_home = sum(counts.values()) + len(lexicon().home_country_re.findall(text))
    return abroad > ABROAD_RATIO * at_home


def story_place(
    body: str,
    title: str = "",
    channel: str | None = None,
    url: str | None = None,
    *,
    persons: Sequence[tuple[int, int]] = (),
    places: Sequence[str] = (),
) -> StoryPlace:
    """The story's province and city: dateline first, then the channel or the province most places are
    in, and the city with most mentions (its own and its counties') in that province. A story with
    neither dateline nor channel that names places abroad more than twice as often as China's (中国
    and 我国 among them) has none; a place before ``时间`` and a county named by a common word are no
    mentions. The place is ``sure`` (filed for readers: :meth:`StoryPlace.as_dict`) from a dateline, a
    channel, or a province holding most of the places named; else it is the guess relative names are
    resolved with.

    ``persons``: (start, end) of person names in ``body``; a place name inside one (中山 in 孙中山) is
    no mention of the place. ``places``: the places a tagger found in ``body`` (LOC spans), read when
    the administrative table is unavailable."""
    table = place_table()
    province = channel_province(channel, url)
    counts: Counter[Place] = Counter()
    dateline: Place | None = None
    m = DATELINE.match(body)
    if m:
        dateline = _dateline_place(m.group("place"), table)
        if dateline is None and province is None and _dateline_place(m.group("place"), abroad_table(), 2):
            return StoryPlace(abroad=True)  # 新华社华盛顿5月3日电: however often it names China
    text = title + "\n" + body
    home = bytearray(len(text))  # 1 where a place of China is named (蒙古 in 内蒙古 is no place abroad)
    if table.by_name:
        shift = len(title) + 1  # body offsets in ``text``
        inside = {i for a, b in persons for i in range(a + shift, b + shift)}
        for start, name in table.hits(text):
            home[start : start + len(name)] = b"\x01" * len(name)
            if start in inside and start + len(name) - 1 in inside:
                continue
            place = table.by_name[name]
            if _a_mention(text, start, name, place):
                counts[place] += 1
    if dateline is None and province is None and _abroad(text, counts, home):
        return StoryPlace(abroad=True)  # a story abroad (马克龙 in Moscow; 东京郊区): no place of China
    cities = _city_votes(counts)
    counties = [(n, p) for p, n in counts.items() if p.level == 2]
    sure = province is not None or dateline is not None
    if province is None:
        if dateline is not None:
            province = dateline.province
        else:
            province, sure = _leading_province(counts)
    city = county = None
    if dateline is not None and dateline.level >= 1:
        city = dateline.city
        if dateline.level == 2:
            county = dateline.name
    elif cities:
        in_province = [(n, p) for n, p in cities if province is None or p.province == province]
        ranked = sorted(in_province, key=lambda np: -np[0])
        if ranked and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
            city = ranked[0][1].name  # a tie between cities leaves the city unknown
    if city is not None:
        cp = table.by_name.get(city)
        if cp is not None:
            province = cp.province
    if county is None and counties:
        # in the story's city, or with none known in its province (解放区 of 焦作 is no county of 北京)
        in_city = [
            (n, p)
            for n, p in counties
            if (p.city == city if city is not None else province in (None, p.province))
        ]
        if in_city:
            county = max(in_city, key=lambda np: np[0])[1].name
    if not table.by_name and city is None:
        words = Counter(w for w in [*PLACE_WORD.findall(text), *places] if w.endswith("市"))
        if words:
            city = words.most_common(1)[0][0]
    if province is None and dateline is not None:
        province = dateline.province
    if province is None and city is None and county is None:
        return StoryPlace()
    return StoryPlace(province=province, city=city, county=county, sure=sure and province is not None)
