"""Hard-wrapped text rejoined (pipelines.text.unwrap): an old essay broken every 76 columns comes back
as its paragraphs; ordinary news, lists and verse stay as they are."""

from __future__ import annotations

from pipelines.entities import extract_entities
from pipelines.text import normalize_paragraphs
from pipelines.text.unwrap import display_width, margin, unwrap_lines

PARAGRAPHS = [
    "一九八九年四月，我在湖南张家界参加一个全省教学研究会议。按照惯例，会议安排了一天时间，让与会者去风景点"
    "游玩观赏。那一天正好是四月十五日，后来我们才知道，这是一个会被许多人记住的日子。",
    "张家界的春天美得让人眩目。长期过着从家门到校门的生活，一下子置身于翠绿欲滴的森林，看不完的奇山异峰，"
    "山涧涓流，名花异草，我简直要玩疯了。傍晚回到招待所时，一位同事告诉我，省教育厅的蒋剑华老师已经到了长沙，"
    "明天要和我们一起讨论新的教学大纲。",
    "第二天上午，湖南省教育科学研究院的专家在会上作了报告，题目是《农村中学语文教学的现状与出路》。报告结束后，"
    "来自邵阳、怀化和湘西的老师们分组讨论，大家都说，教材太旧，学生的阅读面太窄，老师的负担也太重。",
    "回到邵阳以后，我继续过着教书、带孩子的平静生活。学校的图书馆在五月初重新开放，馆长说，市文化局拨了一笔钱，"
    "可以买两千册新书，让每个班推荐十本。我的学生们兴奋极了，一连几天放学后都留在教室里，争论该把哪些书写进单子，"
    "有人要小说，有人要科普，还有人坚持要一套世界地图册。",
    "六月初，县教研室的周老师来听课。她听完以后对我说，你们班的作文进步很大，但是字写得太潦草，要多练练。"
    "她还说，下学期全县要搞一次作文比赛，优胜者可以到省城参加夏令营，希望我们学校多报几个人。",
    "会议结束时，主办方宣布下一次会议将于一九九零年三月在岳阳召开，并请各地教研室在二月底以前把材料寄到长沙。",
]


def wrap(paragraph: str, columns: int = 76) -> list[str]:
    """The paragraph as a 1990s mail program wrote it: a line break before the column limit."""
    lines: list[str] = []
    line = ""
    for c in paragraph:
        if display_width(line + c) > columns:
            lines.append(line)
            line = ""
        line += c
    return [*lines, line] if line else lines


def wrapped_text() -> list[str]:
    return [line for p in PARAGRAPHS for line in wrap(p)]


def test_wrapped_essay_rejoined_into_its_paragraphs() -> None:
    lines = wrapped_text()
    assert len(lines) > 2 * len(PARAGRAPHS)
    out, joined = unwrap_lines(lines)
    assert out == PARAGRAPHS
    assert joined == len(lines) - len(PARAGRAPHS)


def test_indented_first_lines_still_joined() -> None:
    # each paragraph's first line indented by six spaces, stripped by the normaliser
    lines = [line for p in PARAGRAPHS for line in wrap(" " * 6 + p, 60)]
    result = normalize_paragraphs("教学研究会议", lines)
    assert result.paragraphs == PARAGRAPHS
    assert result.removed["hard_wrap"] == len(lines) - len(PARAGRAPHS)


def test_normaliser_counts_and_is_idempotent() -> None:
    result = normalize_paragraphs("教学研究会议", wrapped_text())
    assert result.paragraphs == PARAGRAPHS
    assert result.removed["hard_wrap"] > 0
    again = normalize_paragraphs(result.title, result.paragraphs)
    assert again.paragraphs == PARAGRAPHS
    assert "hard_wrap" not in again.removed


def test_names_and_dates_across_a_wrap_are_found_after_it() -> None:
    lines = wrapped_text()
    broken = [i for i, line in enumerate(lines) if line.endswith("蒋剑") or line.endswith("蒋")]
    body = "\n".join(normalize_paragraphs("教学研究会议", lines).paragraphs)
    assert "蒋剑华" in body
    persons = {p["name"] for p in extract_entities(body)[1]}
    assert "蒋剑华" in persons, (broken, persons)


def test_latin_words_across_a_wrap_keep_their_space() -> None:
    lines = wrapped_text()
    k = next(
        i for i, line in enumerate(lines) if display_width(line) == 76 and display_width(lines[i + 1]) == 76
    )
    lines[k] = lines[k][:-4] + "by Hunan"  # same width: 4 CJK characters are 8 columns
    lines[k + 1] = "University" + lines[k + 1][5:]
    out, _ = unwrap_lines(lines)
    assert sum("by Hunan University" in p for p in out) == 1


def test_ordinary_news_unchanged() -> None:
    paragraphs = [p for p in PARAGRAPHS for _ in range(3)]  # varied lengths, no margin
    assert unwrap_lines(paragraphs) == (paragraphs, 0)
    assert margin([display_width(p) for p in paragraphs]) is None


def test_list_of_equal_sentences_unchanged() -> None:
    items = [
        f"第{n}条　本办法所称托育机构，是指为三岁以下婴幼儿提供照护服务的机构{n}。" for n in range(1, 10)
    ]
    assert len({display_width(i) for i in items}) == 1
    assert unwrap_lines(items) == (items, 0)


def test_short_lines_and_verse_unchanged() -> None:
    verse = ["床前明月光，疑是地上霜。", "举头望明月，低头思故乡。"] * 6
    assert unwrap_lines(verse) == (verse, 0)
    assert unwrap_lines([]) == ([], 0)
    assert unwrap_lines(["一"]) == (["一"], 0)


def test_display_width() -> None:
    assert display_width("abc") == 3
    assert display_width("托育") == 4
    assert display_width("“托育”2025") == 12


def test_a_huge_wrapped_paragraph_is_joined_once() -> None:
    # bad input: 100,000 lines at one margin, none ending a sentence (a 3.5-million-character paragraph);
    # joined piece by piece into the growing string this was quadratic (minutes), now linear
    lines = ["这是一个很长的测试行包含一些中文字符而且没有句号的结尾部分"] * 100_000
    out, joined = unwrap_lines(lines)
    assert joined == len(lines) - 1
    assert len(out) == 1 and len(out[0]) == sum(map(len, lines))


def test_a_table_of_equal_rows_is_no_wrapped_text() -> None:
    rows = [f"60051{n} 贵州茅台{n} 1800.0{n} +2.3{n}% 成交 12345{n}" for n in range(10)]
    assert len({display_width(r) for r in rows}) == 1 and display_width(rows[0]) >= 40
    assert unwrap_lines(rows) == (rows, 0)


def test_a_number_cut_by_the_wrap_is_whole_again() -> None:
    lines = wrapped_text()
    k = next(
        i for i, line in enumerate(lines) if display_width(line) == 76 and display_width(lines[i + 1]) == 76
    )
    lines[k] = lines[k][:-2] + "200"  # 76 columns minus 4 plus 3: still at the margin
    lines[k + 1] = "5年" + lines[k + 1][2:]
    out, _ = unwrap_lines(lines)
    assert sum("2005年" in p for p in out) == 1


def test_empty_lines_among_wrapped_ones_do_not_break_it() -> None:
    lines = wrapped_text()
    k = next(i for i, line in enumerate(lines) if display_width(line) == 76)
    lines.insert(k + 1, "")  # after a full line: the empty one would be glued on
    out, _ = unwrap_lines(lines)  # the normaliser never passes one; a caller might
    assert "".join(out) == "".join(lines)
