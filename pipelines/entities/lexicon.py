"""The organisation tables (``lexicon.json``), loaded once, with the regexes built from them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

LEXICON_PATH = Path(__file__).with_name("lexicon.json")

# An ordinal or numbered unit inside a name: 第五中学, 二中, ２５队, 301医院.
ORDINAL_TOKEN = re.compile(r"^(?:第[一二三四五六七八九十百零〇\d０-９]+|[一二三四五六七八九十\d０-９]+)$")
# A session or term before a body: 第六届, 六届, 十五大.
TERM_TOKEN = re.compile(r"^第?[一二三四五六七八九十百零〇\d０-９]+届$")
# CJK ideographs only (person names, name heads).
CJK_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
FOREIGN_BODY_ENDINGS = ("党", "省", "拉达")  # 共同民主党, 防卫省 (Japan's ministries), 最高拉达: bodies
LIST_MARK = "、"  # between the items of a list (the tagger's and the list readers' one mark)
# a list's item or a name opens after one of these (list_siblings.no_bodies_in_lists, filters.group_prefix_before)
ITEM_OPENERS = '、，。；：！？（(\n “"'
# a count between 等 and a list's kind (等12家企业, 等十余家单位)
LIST_COUNT = "(?:[0-9０-９一二三四五六七八九十百千余多几]+家)?"
# The dot between the parts of a transliterated name, as stories write it (middle dot, bullet, full-width
# stop, katakana middle dot, hyphenation point); a person's name is written with the first.
NAME_DOTS = "·•．・‧"
NAME_HYPHENS = "-－—‐"  # between the parts of a transcribed name (博格丹-马丁, 施特劳斯—卡恩)
ACT_DAY = r"[0-9０-９]{1,2}日"  # a day between a company and its act (格力电器|19日|发布)
# A transliterated foreign name: 克林顿, 约翰·史密斯.
FOREIGN_NAME = re.compile(rf"^[\u4e00-\u9fff]+(?:[{NAME_DOTS}][\u4e00-\u9fff]+)+$")
# a foreign name in parts with a hyphen (多琳·博格丹-马丁, 让-保罗·萨特): a name where its characters are a
# transcription's (filters.is_foreign_name; not 京雄－石雄, a railway)
HYPHENED_NAME = re.compile(rf"^[\u4e00-\u9fff]+(?:[{NAME_DOTS}{re.escape(NAME_HYPHENS)}][\u4e00-\u9fff]+)+$")


@dataclass(frozen=True)
class Lexicon:
    suffix_kind: dict[str, str]  # suffix -> kind
    suffixes_longest_first: tuple[str, ...]
    suffix_last_chars: frozenset[str]  # the last character of every suffix (a quick no)
    weak_suffixes: frozenset[str]
    standalone_suffixes: frozenset[str]
    standalone_names: frozenset[str]
    known_name_re: re.Pattern[str]  # news outlets … matched as written (known_names.py)
    voice_re: re.Pattern[str]  # 之声, 之音: after a country, its broadcaster (known_names.broadcasters)
    appositive_kind_re: re.Pattern[str]  # 机构, 公司: 评级机构|穆迪 (known_names.names_after_kinds)
    system_after_re: re.Pattern[str]  # 体系: 香港|银行|体系 (filters.a_places_system)
    current_name_re: re.Pattern[str]  # today's bodies and companies, matched on word edges
    committee_before_re: re.Pattern[str]  # 市委 right before a department of current_names (天津市委|网信办)
    group_prefix_re: re.Pattern[str]  # 中车 before a subsidiary read from its place (中车|株洲电力机车…)
    in_list_name_re: re.Pattern[str]  # 小米, 亚马逊: a company only in a list beside one
    in_list_names: frozenset[str]  # those names (武汉三镇 is a club, though 镇 ends towns)
    in_list_post_re: re.Pattern[str]  # 董事长, 总裁: after such a name, the name is the company
    in_list_act_re: re.Pattern[str]  # (近日)发布, 宣布: after such a name opening a clause, the company
    in_list_source: tuple[tuple[str, ...], tuple[str, ...]]  # 记者从 … 获悉: around such a name, the company
    registered_group_re: re.Pattern[
        str
    ]  # 小米科技有限责任公司: a group's registered names (companies.groups)
    # 发展和改革委员会, 住房和城乡建设厅 (a department name holding 和), 融媒体中心 (local_departments)
    department_re: re.Pattern[str]
    current_bodies: frozenset[str]  # the names of current_name_re
    armies: tuple[str, ...]  # 中国人民解放军, 解放军: a military name after one is its unit (longest first)
    services: tuple[str, ...]  # 海军, 空军: after a military name, that command's unit
    known_bodies: frozenset[str]  # those and the names of known_name_re
    person_groups: tuple[str, ...]  # 团队, 课题组: X团队 names the person X
    branch_suffixes: tuple[str, ...]
    branch_suffixes_longest_first: tuple[str, ...]
    not_after_suffix: tuple[str, ...]
    blocklist: frozenset[str]
    heads: frozenset[str]
    head_starts: tuple[str, ...]  # the same, for str.startswith (a unit's own name starts with one)
    name_verbs: frozenset[str]
    portfolio_units: tuple[str, ...]  # 司, 局: a unit named by two portfolios joined (统计与风险监测司)
    department_suffixes: frozenset[str]  # 司: a ministry's department, never a kind of body (科技与|财务司)
    relative_levels: dict[str, str]
    autonomous_levels: tuple[tuple[str, str], ...]  # (自治区, province): a relative name's level word
    relative_bodies: tuple[str, ...]
    abbreviations: dict[str, tuple[str, str]]  # short -> (final form, infix form)
    abbreviation_guard: tuple[str, ...]
    abbreviation_context: dict[str, tuple[str, tuple[str, ...]]]  # short -> (chars before, blocked prefixes)
    person_junk: frozenset[str]
    titles: tuple[str, ...]  # longest first
    title_re: re.Pattern[str]  # any of titles
    envoy_posts: tuple[str, ...]  # 大使, 特别代表: after 'A驻B' the body is B (longest first)
    org_not_first: tuple[str, ...]  # 哥哥…: a span starting with a kinship word is a relation
    ally_verb_re: re.Pattern[str]  # (也|，)和|俄国联盟|，: 联盟 the verb, matched at the span's start - 2
    event_suffixes: tuple[str, ...]
    event_committees: tuple[str, ...]  # 执行委员会, 组委会: an event's committee, named with the event
    event_exceptions: tuple[str, ...]
    facility_suffixes: tuple[str, ...]
    facility_exceptions: tuple[str, ...]  # 艺术剧院: a troupe, not its building
    not_suffix_words: frozenset[str]  # 社会, 关系, 僵局: end in a suffix, never end a name
    team_suffixes: tuple[str, ...]  # 队: the model's team names are not widened by the grammar
    not_teams: tuple[str, ...]  # 总队: a province's corps, widened over its places
    set_phrase_suffixes: frozenset[str]  # 法院: 高等法院 (jieba's set phrase) ends a name after a head
    vertical_bodies: frozenset[str]  # 国家税务总局: its local offices are named with it
    body_endings: tuple[str, ...]  # 社, 局, 公司 …: a tagger's place ending so is a body (法新社罗马…电)
    department_endings: tuple[str, ...]  # 厅: such a place after an administrative place is a body
    japanese_surnames: frozenset[str]  # 桥本: 桥本龙太郎 is a person's name of five characters
    country_generic_before: frozenset[str]  # 外国: 外国公司 is no one company
    country_generic_suffixes: tuple[str, ...]  # 美国公司, 日本企业: a country's companies
    place_list_joiners: str  # 、和与及: between the places of a list
    place_list_kinds: tuple[str, ...]  # 上海、江苏和浙江省电厂: bodies of a kind in each place
    no_short_mentions: frozenset[str]  # 政府: never taken as the story's one government
    government_suffix: str  # 政府: after a country's name, the state itself (美国政府)
    government_qualifiers: tuple[str, ...]  # 联邦, 中央: 美国联邦政府
    country_abbreviations: frozenset[str]  # 俄, 以: 俄政府
    government_regimes: tuple[str, ...]  # 法西斯, 傀儡: 法西斯政府 names no body
    party_government: str  # 党政府: 工党政府 names the party
    market_words_re: re.Pattern[str]  # 港股, 股价: a company's shares after its name (filters.trim_org)
    body_activity_re: re.Pattern[
        str
    ]  # 审查, 调查 ending a span: what the body does (filters.before_activity)
    activity_nouns_max: int  # characters of a noun read before such an activity (纪律|审查)
    ordinal_unit_re: re.Pattern[
        str
    ]  # 第一师, 第三巡回法庭: a body's unit right after it (ordinal_unit_after)
    unnamed_units_re: re.Pattern[str]  # 有关司局, 相关部门 ending a span: units, not named (trim_org)
    body_outlet_re: re.Pattern[str]  # 网站, 官网 ending a span: the body's website, not a name (trim_org)
    key_lab_unit_re: re.Pattern[str]  # 重点实验室: a unit named by its host and fields (key_labs)
    key_lab_host_re: re.Pattern[str]  # 大学, 研究所: a key laboratory's host ends so (key_labs)
    key_lab_field_max: int  # characters of a key laboratory's fields between its host and its unit
    board_re: re.Pattern[str]  # 董事会 ending a span (filters.trim_org ends the name before it before a post)
    board_post_re: re.Pattern[str]  # 主席, 成员: a board's posts
    etc_kind_re: re.Pattern[str]  # 等单位, 等俱乐部 ending a span: a list's end, not a name (trim_org)
    event_leg_suffixes: tuple[str, ...]  # 站: 联赛|香港站, a leg of a contest (step)
    event_leg_after: tuple[str, ...]  # 赛, 杯, 巡演: what such a leg follows
    party: str  # 党: a name the model ends so (人民党) is a party, however often it is tagged
    peoples_suffix: tuple[str, ...]  # 回族, 犹太人
    two_character_endings: frozenset[str]  # 罗网, 拉网: a thing, not a body
    unresolvable_levels: tuple[str, ...]  # 镇政府, 特区政府: which town, which region? (no place level)
    bare_bodies: frozenset[str]
    abstract_endings: tuple[str, ...]  # 国家治理体系, 新时代: ideas, not bodies
    discipline_re: re.Pattern[str]  # 生物学, 社会学 ending a name: a subject, no body (trimmed after one)
    enterprise_kinds: tuple[str, ...]  # 杭州工矿企业, 民营企业: a category of enterprises
    place_endings: tuple[str, ...]  # 重庆江津杜市镇: a town, not a body
    profession_endings: tuple[str, ...]  # 规划师: the last character of a profession's word
    after_a_place: tuple[str, ...]  # 站: 北京站, 首尔站 — a place's station, a place
    quantified_re: re.Pattern[str]  # 各地政府, 不少数据公司, 一家公司
    describing_words: tuple[str, ...]  # 著名, 大型, 主力: a description of some body, no name
    generic_flags: frozenset[str]  # jieba flags of a common noun before a company-type suffix
    generic_suffixes: tuple[str, ...]
    generic_phrase_suffixes: tuple[str, ...]  # 物流快递公司, 考古队: common words before these
    generic_phrase_min_freq: int
    generic_newer_words: frozenset[str]  # 大数据, 方舱: common nouns jieba's dictionary lacks
    generic_newer_words_re: re.Pattern[str]  # any of them, longest first, in a group (re.split keeps them)
    quantified_before_re: re.Pattern[str]  # 一个|国际联络小组: some body of that kind
    quantified_list_re: re.Pattern[str]  # 各种|机器局、制造局: every body of a list (match at its start)
    person_place_after_re: re.Pattern[str]  # 徐霞客|大道, 德邦|快递: named after a person
    person_place_end_re: re.Pattern[str]  # 京广高铁: a "name" ending in a place word
    people_after_re: re.Pattern[str]  # 马格德林|人: a people, after a name in transcription characters
    person_place_before_re: re.Pattern[str]  # 名城|卡诺: a place (search with endpos at the name's start)
    person_place_before_len: int  # the longest of those words: how far before the name to search
    announcement_after_re: re.Pattern[str]  # 伊戈尔|：拟: a listed company's announcement
    document_number_after_re: re.Pattern[str]  # 吉政明电|〔2022〕: the issuer's code of a document number
    left_edge_flags: frozenset[str]  # 跟|人大常委会: a function word glued before a name
    left_edge_words: frozenset[str]  # 本报讯|中共安徽省委, 原|国家科委
    left_edge_phrases: tuple[str, ...]  # 三是|厅党组: read from the first characters, not the first word
    coordinators: frozenset[str]  # 和, 与: two bodies in one span
    clause_verbs: frozenset[str]  # 下设, 联合: a clause between two bodies in one span
    fund_words: tuple[str, ...]  # 基金: a fund before a company's post (known_names.funds_before_posts)
    verb_name_endings: frozenset[str]  # 组织, 控股: verbs that end names (tokens._ends_in_a_verb)
    person_title_endings: tuple[str, ...]  # 师: 弘一法师 is a person jieba names one (tokens._a_body_word)
    clause_name_words: frozenset[str]  # 联合, 选举: clause verbs that are also words of names
    clause_built_words: frozenset[str]  # 新建, 扩建: clause verbs whose object is a thing built
    clause_adverbs: frozenset[str]  # 将, 已, 还: a predicate opens after a body in one span
    paired_bodies: dict[str, tuple[str, ...]]  # 管委会 after 党工委: the same zone's
    locative_prepositions: frozenset[str]  # 在, 于: before a place's short name, a clause (在|渝|建设…)
    place_initials: frozenset[str]  # 渝, 沪: a place's one-character short name
    founding_verbs: frozenset[str]  # 建设, 设立: after 在|渝, the clause's verb
    event_seasons: frozenset[str]  # 冬季: a word of an event's name (亚洲冬季运动会组委会)
    office_parents: tuple[str, ...]  # 委, 政府: a field office (金融|办) is named right after one
    office_after: frozenset[str]  # 负责人, 、: what follows a field office's name
    coordinated_posts: tuple[str, ...]  # 总统: 美国总统和国会 -> 国会
    coordinated_actors: frozenset[str]  # 党, 中央, 领导人: no field of a department named by two
    foreign_bodies: tuple[str, ...]  # 议会: never a relative reference to the story's city
    person_after_surname: frozenset[str]  # 所长, 母, 老板: surname + these is no name
    person_bad_last: frozenset[str]  # 说, 式: never the last character of a name
    person_plant_last: frozenset[str]  # 苏铁|林, 黄瓜|皮: a common word and one of these is no name
    currencies: tuple[str, ...]  # 瑞士|法郎: a place and one of these is a currency
    list_item_separators: frozenset[str]  # 胡一刀&李小飞刀: what bounds an item of a list of names
    list_item_not_last: frozenset[str]  # 王小明|文: never the left-out last character of such an item
    person_glued_flags: frozenset[str]  # 可|凤霞: a word of the sentence before a name
    person_not_second: frozenset[str]  # 县, 市: never a Chinese name's second character (郭县平)
    person_pronoun_first: frozenset[str]  # 其, 该: before a common word, no name (其研究)
    person_place_last: frozenset[str]  # 滩, 村: 屈原滩 beside 屈原 is a place
    person_place_direction: frozenset[str]  # 东, 南: 江阴南 (a county and a direction) is a place
    person_glued_last: frozenset[str]  # 便, 写: 王梓木|便 -> 王梓木
    person_glued_before_acts: dict[str, tuple[str, ...]]  # 作 before 主旨发言: 陈来|作主旨发言 -> 陈来
    person_glued_first: frozenset[str]  # 遵, 为: 遵|温源宁 -> 温源宁
    given_name_max_freq: int  # 绍棠 beside 刘绍棠 is a mention of him unless a word this common
    surname_mention_re: re.Pattern[str]  # 吴|先生: a surname alone before a form of address or a post
    surname_family_forms: frozenset[str]  # 家: 刘家 is the family of the story's nearest 刘
    surname_not_before: frozenset[str]  # 第七|任主席: a count before the surname, no mention
    surname_not_prefix: frozenset[str]  # 老先生: 老 before an address is a prefix, not a surname
    unnamed_not: frozenset[str]  # 专家和老师: 和 a conjunction, not the surname of a 和老师
    surname_prefix_re: re.Pattern[str]  # 老胡, 小王: the familiar forms before a surname
    leader_forms: dict[str, str]  # 毛主席 -> 毛泽东: a leader named by surname and post
    more_surnames: frozenset[str]  # 肖, 崔, 薛: surnames jieba's names start too rarely
    compound_surnames: frozenset[str]  # 欧阳, 司马: surnames of two characters
    hesitant_surnames: frozenset[str]  # 楼, 信: rarer surnames, for the tagger's hesitant persons only
    word_surnames: frozenset[str]  # 初, 常: surnames that are common words, read so before 某 only
    commonest_surnames: frozenset[str]  # 王, 李, 张 …: a name with one is Chinese, not a transliteration
    person_pairs: dict[str, tuple[str, str]]  # 马列 -> (马克思, 列宁): two persons by a character each
    person_renderings: dict[str, str]  # 川普 -> 特朗普: Taiwan's or Hong Kong's form -> the mainland's
    national_prefixes: tuple[str, ...]  # 中国, 国家 …: 证监会 beside 中国证监会 is one body (short_forms.py)
    short_form_aliases: dict[str, tuple[str, ...]]  # 央行 -> 中国人民银行, within a story that names both
    national_bodies: dict[str, str]  # 中国证监会, 证监会 -> 中国证券监督管理委员会 (national_bodies.py)
    national_markers: tuple[str, ...]  # 中国, 国家 …: a form starting so names the body in any story
    national_hong_kong_macao: frozenset[str]  # 中国证券监督管理委员会: its bare form names a body there too
    national_not_before: tuple[str, ...]  # 各国|外交部: a bare form after one is no body of China
    national_not_after: tuple[str, ...]  # 共产党|宣言: nor one before one of these
    national_everywhere: frozenset[
        str
    ]  # 新华社, 国台办: forms with no marker that name the body in any story
    national_kinds: dict[str, str]  # 中国人民银行 -> government: a body whose suffix tells its kind wrong
    international_bodies: dict[str, str]  # 欧盟, 北约, WTO -> 欧洲联盟, 北大西洋公约组织, 世界贸易组织
    company_groups: dict[str, str]  # 中石油, 中国石油天然气集团有限公司 -> 中国石油 (national_bodies.py)
    # 技术, 科技, 集团 …: a registered name's generic words and nothing else (canonical.without_registered_form)
    registered_words_re: re.Pattern[str]
    group_words_re: re.Pattern[str]  # 集团, 控股, 中国: the words after a company's name without a legal form
    name_runs_on_re: re.Pattern[str]  # 集团, 控股: a listed company's name runs on over them (美的|集团)
    current_person_re: re.Pattern[str]  # 普京, 钟南山, 韩国瑜: today's persons, matched on word edges
    person_context_before_re: re.Pattern[str]  # 采访了|殷勇: a verb that takes a person, right before
    person_context_after_re: re.Pattern[str]  # 信长星|强调: a verb of saying right after a clause's subject
    current_persons: frozenset[str]  # the names of current_person_re
    composed_character_re: re.Pattern[str]  # 郑乃|〈王光〉: a character written as its two components
    person_pair_re: re.Pattern[str]
    leader_form_re: re.Pattern[str]
    unnamed_person_re: re.Pattern[str]  # 吴|先生, 梁|某: a person the story names by surname alone
    surname_said_re: re.Pattern[str]  # 姓|宫|的: a person the story names by surname alone
    honorific_after: frozenset[str]  # 侯|老: the surname is the mention of the name 侯老
    unnamed_forms: frozenset[str]  # 先生, 局长 …: the forms after a surname that name a person so
    not_person_flags: frozenset[str]  # jieba flags of words that are never a person's name
    gloss_not_person_re: re.Pattern[str]  # CC-CEDICT: "US coffee shop chain", "(brand)"
    gloss_person_re: re.Pattern[str]  # CC-CEDICT: "(1893-1976)", "surname", "poet"
    gloss_role_re: re.Pattern[str]  # CC-CEDICT: "poet", "surname": a person (李白 is no dynasty)
    gloss_state_re: re.Pattern[str]  # CC-CEDICT: "Korean Goryeo dynasty": 高丽国 is a kingdom
    gloss_years_re: re.Pattern[str]  # CC-CEDICT: "(1893-1976)": the years of a life
    gloss_roles_re: re.Pattern[str]  # a role, plural too: "one of the … best-known … writers"
    known_person_not_sense_re: re.Pattern[str]  # a first sense that is a reign's title, not the man
    known_person_not_name_re: re.Pattern[str]  # "Red Army (1928-1937)": a body or event with years
    known_person_not_flags: frozenset[str]  # jieba flags that read a known person's word otherwise
    legal_forms: tuple[str, ...]  # 有限公司, 股份有限公司 …, longest first
    legal_min_core: int
    latin_org_words: frozenset[str]  # inc, bank, club …: a Latin-script name with one is an organisation
    latin_not_acronyms: frozenset[str]  # CNH, GDP, SUV: capitals that name no body
    latin_not_last_words: frozenset[str]  # auditorium, awards: a venue or an event
    not_after_word: dict[str, tuple[str, ...]]
    channels: dict[str, str]
    home_country_re: re.Pattern[str]  # 中国, 我国: China named as a country (places.story_place)
    list_sibling_not_tails: frozenset[str]  # a list of kinds' last word (list_siblings.bodies_in_lists)
    list_sibling_post_re: re.Pattern[str]  # 负责人: a post after a list's last item ends the item
    list_kinds_re: re.Pattern[str]  # 等企业 after a list's last item: a list of bodies (bodies_in_lists)
    list_not_kinds_re: re.Pattern[str]  # 等领域 closing a list: a list of fields (no_bodies_in_lists)
    relative_re: re.Pattern[str]
    abbreviation_re: re.Pattern[str]
    full_form_re: re.Pattern[str]  # any full form of an abbreviation (卫生健康委员会, 归国华侨联合会 …)

    def suffix_of(self, word: str) -> str | None:
        """The longest institutional suffix ``word`` ends with, or None."""
        if not word or word[-1] not in self.suffix_last_chars:
            return None  # most words: no suffix ends with their last character
        kinds = self.suffix_kind
        for n in range(min(len(word), len(self.suffixes_longest_first[0])), 0, -1):
            if word[-n:] in kinds:
                return word[-n:]
        return None

    def names_a_party(self, name: str) -> bool:
        """人民党, 宋双党: three or more characters ending in 党 and no blocklisted word (入党, 政党)."""
        return len(name) >= 3 and name.endswith(self.party) and name not in self.blocklist

    def is_listed_company(self, name: str) -> bool:
        """A name of ``current_names`` that is a company: no body's suffix the lexicon knows and no ending of
        a body abroad (华为, 建行; not 网信办, 证监会, 防卫省)."""
        return (
            name in self.current_bodies
            and self.kind_of(name) is None
            and not name.endswith(FOREIGN_BODY_ENDINGS)
        )

    def is_listed_body(self, name: str) -> bool:
        """A body or company a table names by this name or form (中石化, 央行, 证监会, 欧盟, 华为): a span the
        tagger closed on a word after it is the body (中石化|签署, ``edges.trim_edges``), and its units are
        nested in it however the cut reads (银行|货币: 行货, ``canonical.parent_of``)."""
        return (
            name in self.current_bodies
            or name in self.company_groups
            or name in self.national_bodies
            or name in self.international_bodies
        )

    def is_a_facility(self, name: str) -> bool:
        """A building, a venue or a site (中国印刷博物馆, 深圳湾体育中心), not a troupe (中国青年艺术剧院)."""
        return name.endswith(self.facility_suffixes) and not name.endswith(self.facility_exceptions)

    def facility_word(self, name: str) -> str | None:
        """The facility's word ``name`` ends with (体育中心 of 深圳湾体育中心), or None (:meth:`is_a_facility`)."""
        if not self.is_a_facility(name):
            return None
        return max((w for w in self.facility_suffixes if name.endswith(w)), key=len)

    def is_not_organisation(self, name: str) -> bool:
        """An event (十一届三中全会), a facility (中国印刷博物馆), a town (杜市镇), an idea (国家治理体系),
        a category of enterprises (杭州工矿企业), a thing (罗网), members (中共党员) or a people (回族, 犹太人) — never a
        body the lexicon names (宁德时代, a company, ends as 新时代 does; 武汉三镇, a club, as 杜市镇)."""
        if name in self.known_bodies or name in self.in_list_names:
            return False
        if name.endswith(self.event_suffixes) and not name.endswith(self.event_exceptions):
            return True
        if self.is_a_facility(name):
            return True
        if name.endswith(self.abstract_endings) or name.endswith(self.place_endings):
            return True
        subject = self.discipline_re.search(name)
        if subject is not None and self.suffix_of(name[: subject.start()]) is None:
            return True  # 国际|生物学; after a body the subject is trimmed off (filters.trim_org)
        if name.endswith(self.enterprise_kinds):
            return True
        if len(name) == 2 and name[-1] in self.two_character_endings:
            return True
        return len(name) <= 5 and name.endswith(self.peoples_suffix)

    def kind_of(self, name: str) -> str | None:
        s = self.suffix_of(name)
        return self.suffix_kind.get(s) if s else None


def names_re(names: list[str]) -> re.Pattern[str]:
    """Any of ``names`` as written, the longest first (an alternation takes the first that matches)."""
    return re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))) or "(?!)")


def _run_re(words: list[str]) -> re.Pattern[str]:
    """Any run of ``words`` (none too), for ``fullmatch``: 技术|科技|集团 …"""
    return re.compile(f"(?:{names_re(words).pattern})*")


def _words_re(words: list[str], *, plural: bool = False) -> str:
    """A pattern matching any of ``words`` as a whole word (``plural``: with an ``s`` after it too)."""
    return r"\b(?:" + "|".join(map(re.escape, words)) + r")" + ("s?" if plural else "") + r"\b"


def _composed_character_re(rule: dict[str, Any]) -> re.Pattern[str]:
    """``〈王光〉``: an opening bracket, a first component of ``rule["first"]`` and one more character, the
    closing bracket of the same pair; the two characters are the match's last group."""
    first = "".join(map(re.escape, rule["first"]))
    return re.compile(
        "|".join(
            f"{re.escape(pair[0])}([{first}][\u4e00-\u9fff]){re.escape(pair[1])}" for pair in rule["brackets"]
        )
    )


def _ally_verb_re(rule: dict[str, Any]) -> re.Pattern[str]:
    """``(也|，)和|俄国联盟|，``: a clause's start or an adverb, 与/和, the span (group ``name``) ending in
    the suffix, and the clause's end."""
    before, with_, end = (re.escape("".join(rule[k])) for k in ("before_with", "with", "clause_end"))
    suffix = re.escape(rule["suffix"])
    return re.compile(f"(?:^|[{before}])[{with_}](?P<name>[^{end}]{{1,8}}?{suffix})(?:$|[{end}])")


def _items(d: dict, key: str) -> list[str]:
    v = d[key]
    return list(v["items"] if isinstance(v, dict) else v)


@cache
def lexicon() -> Lexicon:
    raw = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    suffix_kind: dict[str, str] = {}
    for kind, words in raw["suffixes"].items():
        if kind.startswith("_"):
            continue
        for w in words:
            suffix_kind.setdefault(w, kind)
    rel = raw["relative"]
    levels = dict(rel["levels"])
    bodies = tuple(sorted(rel["bodies"], key=len, reverse=True))
    relative_re = re.compile(
        "(?P<level>"
        + "|".join(map(re.escape, levels))
        + ")(?P<body>"
        + "|".join(map(re.escape, bodies))
        + ")"
    )
    abbr = {k: (v[0], v[1]) for k, v in raw["abbreviations"].items() if not k.startswith("_")}
    abbreviation_re = re.compile("|".join(map(re.escape, sorted(abbr, key=len, reverse=True))))
    glosses = raw["dictionary_glosses"]
    roles = _words_re(glosses["person_roles"])
    known, current = _items(raw, "known_names"), _items(raw, "current_names")
    coordinated = raw["coordinated_bodies"]
    legal_forms = tuple(sorted(_items(raw, "legal_forms"), key=len, reverse=True))
    return Lexicon(
        suffix_kind=suffix_kind,
        suffixes_longest_first=tuple(sorted(suffix_kind, key=len, reverse=True)),
        suffix_last_chars=frozenset(s[-1] for s in suffix_kind),
        weak_suffixes=frozenset(_items(raw, "weak_suffixes")),
        standalone_suffixes=frozenset(_items(raw, "standalone_suffixes")),
        standalone_names=frozenset(_items(raw, "standalone_names")),
        known_name_re=names_re(known),
        voice_re=names_re(_items(raw, "broadcaster_voices")),
        appositive_kind_re=names_re(_items(raw, "appositive_kinds")),
        system_after_re=names_re(_items(raw, "systems_after")),
        current_name_re=names_re(current),
        committee_before_re=re.compile(
            f"(?:{names_re(raw['current_names']['committees']['items']).pattern})$"
        ),
        group_prefix_re=re.compile(f"(?:{names_re(_items(raw, 'group_prefixes')).pattern})$"),
        in_list_name_re=names_re(raw["current_names"]["in_lists"]["items"]),
        in_list_names=frozenset(raw["current_names"]["in_lists"]["items"]),
        in_list_post_re=names_re(raw["current_names"]["in_lists"]["before_posts"]["items"]),
        in_list_source=(
            tuple(raw["current_names"]["in_lists"]["before_acts"]["source_before"]),
            tuple(raw["current_names"]["in_lists"]["before_acts"]["source_after"]),
        ),
        in_list_act_re=re.compile(
            f"(?:{names_re(raw['current_names']['in_lists']['before_acts']['times']).pattern}|{ACT_DAY})?"
            f"(?:{names_re(raw['current_names']['in_lists']['before_acts']['items']).pattern})"
        ),
        armies=tuple(sorted(raw["current_names"]["armies"]["items"], key=len, reverse=True)),
        services=tuple(raw["current_names"]["armies"]["services"]),
        registered_group_re=names_re(
            [
                form
                for name, forms in raw["companies"]["groups"].items()
                if name[0] != "_"
                for form in forms
                if form.endswith(legal_forms)
            ]
        ),
        department_re=re.compile(
            f"(?:{names_re(coordinated['stems']).pattern})(?:{names_re(coordinated['suffixes']).pattern})"
            f"|{names_re(_items(raw, 'local_departments')).pattern}"
        ),
        current_bodies=frozenset(current),
        known_bodies=frozenset(known) | frozenset(current),
        person_groups=tuple(_items(raw, "person_groups")),
        branch_suffixes=tuple(_items(raw, "branch_suffixes")),
        branch_suffixes_longest_first=tuple(sorted(_items(raw, "branch_suffixes"), key=len, reverse=True)),
        not_after_suffix=tuple(sorted(_items(raw, "not_after_suffix"), key=len, reverse=True)),
        blocklist=frozenset(_items(raw, "suffix_blocklist")),
        heads=frozenset(_items(raw, "heads")),
        head_starts=tuple(sorted(_items(raw, "heads"), key=len, reverse=True)),
        name_verbs=frozenset(_items(raw, "name_verbs")),
        portfolio_units=tuple(raw["name_verbs"]["portfolio_units"]),
        department_suffixes=frozenset(raw["name_verbs"]["department_suffixes"]),
        relative_levels=levels,
        autonomous_levels=tuple((k, v) for k, v in rel["autonomous_levels"].items() if k[0] != "_"),
        relative_bodies=bodies,
        abbreviations=abbr,
        abbreviation_guard=tuple(_items(raw, "abbreviation_guard")),
        abbreviation_context={
            k: (v["after"], tuple(v["not_after"]))
            for k, v in raw["abbreviation_context"].items()
            if not k.startswith("_")
        },
        person_junk=frozenset(_items(raw, "person_junk")),
        titles=tuple(sorted(_items(raw, "titles"), key=len, reverse=True)),
        title_re=names_re(_items(raw, "titles")),
        envoy_posts=tuple(sorted(_items(raw, "envoy_posts"), key=len, reverse=True)),
        org_not_first=tuple(_items(raw, "org_not_first")),
        ally_verb_re=_ally_verb_re(raw["ally_verb"]),
        event_suffixes=tuple(raw["not_organisations"]["events"]),
        event_committees=tuple(_items(raw, "event_committees")),
        event_exceptions=tuple(raw["not_organisations"]["event_exceptions"]),
        facility_suffixes=tuple(raw["not_organisations"]["facilities"]),
        facility_exceptions=tuple(raw["not_organisations"]["facility_exceptions"]),
        not_suffix_words=frozenset(_items(raw, "not_suffix_words")),
        team_suffixes=tuple(_items(raw, "team_suffixes")),
        not_teams=tuple(raw["team_suffixes"]["not_teams"]),
        set_phrase_suffixes=frozenset(_items(raw, "set_phrase_suffixes")),
        vertical_bodies=frozenset(_items(raw, "vertical_bodies")),
        body_endings=tuple(_items(raw, "body_endings")),
        department_endings=tuple(_items(raw, "department_endings")),
        japanese_surnames=frozenset(_items(raw, "japanese_surnames")),
        country_generic_before=frozenset(raw["generic_bodies"]["after_country"]["before"]),
        country_generic_suffixes=tuple(raw["generic_bodies"]["after_country"]["suffixes"]),
        place_list_joiners=raw["generic_bodies"]["after_place_list"]["joiners"],
        place_list_kinds=tuple(raw["generic_bodies"]["after_place_list"]["suffixes"]),
        no_short_mentions=frozenset(raw["short_mentions"]["never"]),
        government_suffix=raw["country_governments"]["suffix"],
        government_qualifiers=tuple(raw["country_governments"]["qualifiers"]),
        country_abbreviations=frozenset(raw["country_governments"]["abbreviations"]),
        government_regimes=tuple(raw["country_governments"]["regimes"]),
        party_government=raw["country_governments"]["party"] + raw["country_governments"]["suffix"],
        market_words_re=names_re(_items(raw, "market_words")),
        board_re=re.compile(f"(?:{names_re(raw['boards']['items']).pattern})$"),
        board_post_re=names_re(raw["boards"]["posts"]),
        etc_kind_re=re.compile(
            f"(?<![{raw['kinds_after_etc']['not_before']}])等"
            f"(?:{names_re(raw['kinds_after_etc']['items']).pattern})$"
        ),
        body_activity_re=re.compile(f"(?:{names_re(_items(raw, 'body_activities')).pattern})$"),
        activity_nouns_max=raw["body_activities"]["nouns_before_max"],
        ordinal_unit_re=re.compile(
            f"第[{re.escape(raw['ordinal_units']['numerals'])}]+(?:{names_re(raw['ordinal_units']['items']).pattern})"
        ),
        key_lab_unit_re=names_re(raw["key_labs"]["units"]),
        key_lab_host_re=names_re(raw["key_labs"]["hosts"]),
        key_lab_field_max=int(raw["key_labs"]["max_field_chars"]),
        body_outlet_re=re.compile(f"(?:{names_re(_items(raw, 'body_outlets')).pattern})$"),
        unnamed_units_re=re.compile(
            f"(?:{names_re(raw['unnamed_units']['determiners']).pattern})"
            f"(?:{names_re(raw['unnamed_units']['units']).pattern})$"
        ),
        event_leg_suffixes=tuple(raw["event_legs"]["suffixes"]),
        event_leg_after=tuple(raw["event_legs"]["after"]),
        party=raw["country_governments"]["party"],
        peoples_suffix=tuple(raw["not_organisations"]["peoples_suffix"]),
        two_character_endings=frozenset(raw["not_organisations"]["two_character_endings"]["items"]),
        unresolvable_levels=tuple(rel["unresolvable_levels"]),
        bare_bodies=frozenset(_items(raw, "bare_bodies")),
        abstract_endings=tuple(raw["not_organisations"]["abstract_endings"]),
        discipline_re=re.compile(f"(?:{names_re(raw['not_organisations']['disciplines']).pattern})$"),
        enterprise_kinds=tuple(raw["not_organisations"]["kinds_of_enterprise"]),
        place_endings=tuple(raw["not_organisations"]["place_endings"]),
        after_a_place=tuple(raw["not_organisations"]["after_a_place"]),
        profession_endings=tuple(raw["not_organisations"]["profession_endings"]),
        describing_words=tuple(raw["describing_words"]["items"]),
        quantified_re=re.compile(
            "^(?:"
            + "|".join(raw["quantified_names"]["start"])
            + ")|"
            + "|".join(raw["quantified_names"]["counted"])
        ),
        generic_flags=frozenset(raw["generic_bodies"]["flags"]),
        generic_suffixes=tuple(sorted(raw["generic_bodies"]["suffixes"], key=len, reverse=True)),
        generic_phrase_suffixes=tuple(
            sorted(raw["generic_bodies"]["phrases"]["suffixes"], key=len, reverse=True)
        ),
        generic_phrase_min_freq=int(raw["generic_bodies"]["phrases"]["min_freq"]),
        generic_newer_words=frozenset(raw["generic_bodies"]["newer_words"]["items"]),
        generic_newer_words_re=re.compile(
            "("
            + "|".join(
                map(re.escape, sorted(raw["generic_bodies"]["newer_words"]["items"], key=len, reverse=True))
            )
            + ")"
        ),
        quantified_before_re=re.compile("(?:" + "|".join(raw["quantified_names"]["before"]) + ")$"),
        quantified_list_re=re.compile("|".join(raw["quantified_names"]["before_list"])),
        person_place_after_re=re.compile(
            "|".join(
                _items(raw["person_affixes"], "place_after") + _items(raw["person_affixes"], "named_after")
            )
        ),
        person_place_before_re=re.compile(
            "(?:" + "|".join(_items(raw["person_affixes"], "place_before")) + ")$"
        ),
        person_place_before_len=max(map(len, _items(raw["person_affixes"], "place_before"))),
        people_after_re=re.compile("|".join(_items(raw["person_affixes"], "people_after"))),
        announcement_after_re=re.compile(
            "[：:](?:" + "|".join(_items(raw["person_affixes"], "announcement_after")) + ")"
        ),
        document_number_after_re=re.compile("|".join(_items(raw, "document_number_after"))),
        person_place_end_re=re.compile(
            "(?:"
            + "|".join(w for w in _items(raw["person_affixes"], "place_after") if re.fullmatch(r"\w{2,}", w))
            + ")$"
        ),
        left_edge_flags=frozenset(raw["org_left_edge"]["flags"]),
        left_edge_words=frozenset(raw["org_left_edge"]["words"]),
        left_edge_phrases=tuple(raw["org_left_edge"]["phrases"]),
        coordinators=frozenset(_items(raw, "coordinators")),
        clause_verbs=frozenset(_items(raw, "clause_verbs")),
        verb_name_endings=frozenset(_items(raw, "verb_name_endings")),
        person_title_endings=tuple(_items(raw, "person_title_endings")),
        fund_words=tuple(_items(raw, "funds_before_posts")),
        clause_name_words=frozenset(raw["clause_verbs"]["name_words"]),
        clause_built_words=frozenset(raw["clause_verbs"]["built"]),
        clause_adverbs=frozenset(_items(raw, "clause_adverbs")),
        paired_bodies={k: tuple(v) for k, v in raw["paired_bodies"]["items"].items()},
        locative_prepositions=frozenset(raw["locative_clauses"]["prepositions"]),
        place_initials=frozenset(raw["locative_clauses"]["place_initials"]),
        founding_verbs=frozenset(raw["locative_clauses"]["verbs"]),
        event_seasons=frozenset(_items(raw, "event_seasons")),
        office_parents=tuple(raw["field_offices"]["parents"]),
        office_after=frozenset(raw["field_offices"]["after"]),
        coordinated_posts=tuple(raw["coordinators"]["posts"]),
        coordinated_actors=frozenset(raw["coordinators"]["actors"]),
        foreign_bodies=tuple(_items(raw, "foreign_bodies")),
        person_after_surname=frozenset(raw["person_affixes"]["after_surname"]),
        person_bad_last=frozenset(raw["person_affixes"]["bad_last"]),
        person_plant_last=frozenset(_items(raw["person_affixes"], "plant_last")),
        currencies=tuple(_items(raw["person_affixes"], "currencies")),
        list_item_separators=frozenset(raw["person_affixes"]["list_item"]["separators"]),
        list_item_not_last=frozenset(raw["person_affixes"]["list_item"]["not_last"]),
        person_glued_flags=frozenset(raw["person_affixes"]["glued_flags"]),
        person_not_second=frozenset(raw["person_affixes"]["not_second"]),
        person_pronoun_first=frozenset(raw["person_affixes"]["pronoun_first"]),
        person_place_last=frozenset(raw["person_affixes"]["place_last"]),
        person_place_direction=frozenset(raw["person_affixes"]["place_direction"]),
        gloss_not_person_re=re.compile(_words_re(glosses["not_person"]), re.I),
        gloss_person_re=re.compile("|".join([*glosses["person_patterns"], roles]), re.I),
        gloss_role_re=re.compile(roles, re.I),
        gloss_state_re=re.compile(_words_re(glosses["state"]), re.I),
        gloss_years_re=re.compile("|".join(glosses["person_patterns"])),
        gloss_roles_re=re.compile(_words_re(glosses["person_roles"], plural=True), re.I),
        known_person_not_sense_re=re.compile(_words_re(glosses["known_person"]["not_first_sense"]), re.I),
        known_person_not_name_re=re.compile(_words_re(glosses["known_person"]["not_name"]), re.I),
        known_person_not_flags=frozenset(glosses["known_person"]["not_flags"]),
        person_glued_last=frozenset(raw["person_affixes"]["glued_last"]),
        person_glued_before_acts={k: tuple(v) for k, v in raw["person_affixes"]["glued_before_acts"].items()},
        person_glued_first=frozenset(raw["person_affixes"]["glued_first"]),
        given_name_max_freq=int(raw["given_name_mentions"]["max_freq"]),
        surname_family_forms=frozenset(raw["surname_mentions"]["family"]),
        surname_mention_re=re.compile(
            "|".join(sorted(map(re.escape, raw["surname_mentions"]["after"]), key=len, reverse=True))
        ),
        surname_not_before=frozenset(raw["surname_mentions"]["not_before"]),
        surname_not_prefix=frozenset(raw["surname_mentions"]["not_prefix"]),
        unnamed_not=frozenset(raw["surname_mentions"]["unnamed_not"]),
        surname_prefix_re=re.compile("|".join(map(re.escape, raw["surname_mentions"]["prefixes"]))),
        leader_forms=dict(raw["leader_forms"]["forms"]),
        more_surnames=frozenset(raw["surnames"]["more"]),
        compound_surnames=frozenset(raw["surnames"]["compound"]),
        hesitant_surnames=frozenset(raw["surnames"]["hesitant"]),
        word_surnames=frozenset(raw["surnames"]["words"]),
        commonest_surnames=frozenset(raw["surnames"]["commonest"]),
        person_pairs={k: (v[0], v[1]) for k, v in raw["person_pairs"]["pairs"].items()},
        person_renderings=dict(raw["person_renderings"]["forms"]),
        national_prefixes=tuple(sorted(raw["short_forms"]["national"], key=len, reverse=True)),
        short_form_aliases={k: tuple(v) for k, v in raw["short_forms"]["aliases"].items()},
        national_bodies={
            form: name for name, forms in raw["national_bodies"]["bodies"].items() for form in (name, *forms)
        },
        national_markers=tuple(raw["national_bodies"]["markers"]),
        national_hong_kong_macao=frozenset(_items(raw["national_bodies"], "hong_kong_macao")),
        national_not_before=tuple(raw["national_bodies"]["not_the_body"]["before"]),
        national_not_after=tuple(raw["national_bodies"]["not_the_body"]["after"]),
        national_everywhere=frozenset(raw["national_bodies"]["everywhere"]["items"]),
        international_bodies={
            form: name
            for name, forms in raw["national_bodies"]["international"].items()
            if name[0] != "_"
            for form in (name, *forms)
        },
        national_kinds={
            **{name: "company" for name in raw["companies"]["groups"] if name[0] != "_"},
            **{
                name: kind
                for kind, names in raw["national_bodies"]["kinds"].items()
                if kind[0] != "_"
                for name in names
            },
        },
        company_groups={
            form: name
            for name, forms in raw["companies"]["groups"].items()
            if name[0] != "_"
            for form in (name, *forms)
        },
        registered_words_re=_run_re(raw["companies"]["registered_words"]["items"]),
        group_words_re=_run_re(raw["companies"]["registered_words"]["without_legal_form"]),
        name_runs_on_re=_run_re(raw["companies"]["registered_words"]["after_name"]),
        current_person_re=names_re(_items(raw, "current_persons")),
        person_context_before_re=re.compile(f"(?:{names_re(raw['person_contexts']['before']).pattern})了?"),
        person_context_after_re=names_re(raw["person_contexts"]["after"]),
        current_persons=frozenset(_items(raw, "current_persons")),
        composed_character_re=_composed_character_re(raw["composed_characters"]),
        person_pair_re=re.compile("|".join(map(re.escape, raw["person_pairs"]["pairs"]))),
        leader_form_re=re.compile(
            "|".join(sorted(map(re.escape, raw["leader_forms"]["forms"]), key=len, reverse=True))
        ),
        unnamed_person_re=re.compile(
            "|".join(
                sorted(map(re.escape, raw["surname_mentions"]["unnamed_after"]), key=len, reverse=True)
            ).replace("某", "某{1,2}(?![些种个人地处时项类方面])")
        ),
        surname_said_re=re.compile(raw["surname_mentions"]["said"]),
        honorific_after=frozenset(raw["surname_mentions"]["honorific_after"]),
        unnamed_forms=frozenset(raw["surname_mentions"]["unnamed_after"]),
        not_person_flags=frozenset(raw["person_affixes"]["not_person_flags"]),
        legal_forms=legal_forms,
        legal_min_core=int(raw["legal_forms"]["min_core"]),
        latin_org_words=frozenset(_items(raw, "latin_org_words")),
        latin_not_acronyms=frozenset(raw["latin_not_orgs"]["acronyms"]),
        latin_not_last_words=frozenset(raw["latin_not_orgs"]["last_words"]),
        not_after_word={k: tuple(v) for k, v in raw["not_after_word"].items() if not k.startswith("_")},
        channels={k: v for k, v in raw["channels"].items() if not k.startswith("_")},
        home_country_re=names_re(_items(raw, "home_country")),
        list_sibling_not_tails=frozenset(raw["list_siblings"]["not_tails"]),
        list_sibling_post_re=names_re(raw["list_siblings"]["posts_after"]),
        list_kinds_re=re.compile(f"等{LIST_COUNT}(?:{names_re(raw['list_siblings']['kinds']).pattern})"),
        list_not_kinds_re=re.compile(f"等(?:{names_re(raw['list_siblings']['not_kinds']).pattern})"),
        relative_re=relative_re,
        abbreviation_re=abbreviation_re,
        full_form_re=re.compile(
            "|".join(map(re.escape, sorted({v[0] for v in abbr.values()}, key=len, reverse=True)))
        ),
    )
