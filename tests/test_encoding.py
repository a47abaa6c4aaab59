import pytest

from crawler.pages.encoding import decode_html, header_charset, meta_charset, normalize_charset

TEXT = "济南托育服务宣传月活动启动，锟斤拷不应出现。"


@pytest.mark.parametrize(
    ("codec", "content_type"),
    [
        ("utf-8", "text/html; charset=utf-8"),
        ("gbk", "text/html; charset=utf-8"),  # header lies
        ("gb2312", "text/html; charset=gb2312"),
        ("gb18030", None),
        ("utf-8", "text/html; charset=gb2312"),  # browser-saved page
    ],
)
def test_decode_round_trip(codec, content_type):
    text = TEXT.replace("锟斤拷", "") if codec == "gb2312" else TEXT
    html = f'<html><head><meta charset="{codec}"></head><body><p>{text}</p></body></html>'
    body = html.encode(codec)
    decoded, _ = decode_html(body, content_type)
    assert text in decoded
    assert "\ufffd" not in decoded


def test_big5_declared():
    html = '<meta http-equiv="Content-Type" content="text/html; charset=big5"><p>臺灣新聞報導</p>'
    decoded, codec = decode_html(html.encode("big5"), None)
    assert "臺灣新聞報導" in decoded
    assert codec == "big5hkscs"


def test_big5_declared_gb2312_is_read_as_big5():
    """A Hong Kong page in Big5 that says gb2312 (header or meta): read as GB it is a tenth kana
    (立法會 → ミ猭穦); Chinese in GB stays GB."""
    story = "立法會主席梁君彥表示，會議將於下週一下午三時舉行，市民可於網上查閱詳情。政府發言人指出，有關措施旨在保障公眾健康。"
    html = f'<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>{story}</p>'
    for content_type in ("text/html; charset=gb2312", None):
        decoded, codec = decode_html(html.encode("big5hkscs"), content_type)
        assert story in decoded and codec == "big5hkscs"
    decoded, codec = decode_html(html.replace(story, TEXT).encode("gb18030"), "text/html; charset=gb2312")
    assert TEXT in decoded and codec == "gb18030"


def test_bom_wins():
    body = "<meta charset=gbk><p>新闻</p>".encode("utf-8-sig")
    decoded, codec = decode_html(body, "text/html; charset=gbk")
    assert "新闻" in decoded
    assert codec == "utf-8-sig"


def test_helpers():
    assert header_charset("text/html; charset=GB2312") == "GB2312"
    assert meta_charset(b'<meta charset="gbk">') == "gbk"
    assert normalize_charset("gb2312") == "gb18030"
    assert normalize_charset("no-such-charset") is None


def test_garbage_never_raises():
    decoded, _ = decode_html(bytes(range(256)) * 10, "text/html; charset=utf-8")
    assert "\ufffd" not in decoded
