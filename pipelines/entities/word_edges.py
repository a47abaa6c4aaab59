"""Where a listed name (``current_names``, ``current_persons``) starts and ends as words of the text.

A name of a list is matched as written, then kept only where jieba's dictionary words of the text start
and end there: not 华为 in 振兴中华为己任 (中华|为), not 韩正 in 韩|正式|访问. jieba glues some words to a
name's edge, and those do not hide it: a preposition before it (从小|鹏 for 从|小鹏), a body's head after
it (行政院|长), and a word running on from its last characters when what follows reads as words of its own
(福克斯|新闻报道|称, 施一|公会|见, 韩|正说). Never beside a transliterated name's dot (海尔·沃尔丹塞).
"""

from __future__ import annotations

from pipelines.entities.lexicon import NAME_DOTS, lexicon  # the dot of a transliterated name (海尔·沃尔丹塞)
from pipelines.segment import cut

EDGE_WINDOW = 6  # characters segmented on each side of a name to see where its words end
HEAD_AFTER = "长"  # 院长, 局长, 行长: the head of the body named before it
SAID_AFTER = "说"  # jieba glues 说 'says' to a person's last character (韩|正说)
# A preposition jieba glues to a name's first character (从|小|鹏 read 从小|鹏, 从中|粮, 从优|酷).
GLUED_BEFORE = frozenset("从在向对与和据由被将把给跟同")


def edges_of(text: str, lo: int, hi: int) -> set[int]:
    """Where the words of jieba's segmentation of ``text[lo:hi]`` start and end (offsets in ``text``)."""
    edges = {lo}
    pos = lo
    for word in cut(text[lo:hi]):
        pos += len(word)
        edges.add(pos)
    return edges


def beside_a_dot(text: str, start: int, end: int) -> bool:
    return (start > 0 and text[start - 1] in NAME_DOTS) or (end < len(text) and text[end] in NAME_DOTS)


def on_word_edges(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` starts and ends as words of the segmentation of the text around it
    (:func:`starts_here`, :func:`ends_here`), with no transliterated name's dot beside it."""
    if beside_a_dot(text, start, end):
        return False
    edges = edges_of(text, max(0, start - EDGE_WINDOW), min(len(text), end + EDGE_WINDOW))
    return starts_here(text, start, end, edges) and ends_here(text, start, end, edges)


def starts_here(text: str, start: int, end: int, edges: set[int]) -> bool:
    """A word of the segmentation (``edges``: where its words start and end) starts at ``start``, or a
    preposition glued to the name's first characters does and the word ends inside the name (从小|鹏 for
    从|小鹏, 从小红|书 for 从|小红书)."""
    if start in edges:
        return True
    if start == 0 or start - 1 not in edges or text[start - 1] not in GLUED_BEFORE:
        return False
    return any(e in edges for e in range(start + 1, end + 1))


def ends_here(text: str, start: int, end: int, edges: set[int], *, said: bool = False) -> bool:
    """A word of the segmentation ends at ``end``, or the body's head is glued on (行政院长, 立法|院长: jieba
    joins the body's last character and 长) or a post follows (自然资源|部副|部长), or a word starting inside
    the name runs on and what follows the name reads as words of its own (福克斯|新闻报道|称: 报道 称;
    施一|公会|见: 会见; not 小米粥 nor 苹果|公司法: 法 alone), or — ``said``, for a person — 说 is glued on
    (韩|正说)."""
    if end in edges or text[end : end + 1] == HEAD_AFTER:
        return True
    if max((e for e in edges if e < end), default=start) <= start:
        return False  # the word across the end starts with the name or before it
    if said and text[end] == SAID_AFTER:
        return True
    if lexicon().title_re.match(text, end):
        return True  # 自然资源|部副|部长: jieba joins the body's last character and the post's first
    rest = cut(text[end : end + EDGE_WINDOW])
    return bool(rest) and len(rest[0]) >= 2
