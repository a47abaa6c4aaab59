"""Datelines inside the spans of names (one table, read by the tagger's token repairs and by the
organisation filters): a news agency's or a paper's opening words that the tagger or the grammar run into
the name after them, and a media name's own dateline word.

- :data:`DATELINE_END` (``tokens.after_dateline``): the end of a dateline and the space after it, where the
  tagger's span runs on over it (央广网北京8月11日|消息 最高人民检察院).
- :data:`DATELINE_INSIDE`, :data:`PLACE_DATELINE` (``filters.trim_org``): a dateline inside a span, with a
  day or a place and no space after it (本报讯|武警北京一总队, 中新社北京电|国务院新闻办公室).
- :data:`DATELINE_SUFFIX` (``filters.trim_org``): 讯 after a media name (新浪科技讯).
- :data:`DATELINE_DAY` (``tokens.outlet_and_place``): the day or the 电 after a dateline's place, where the
  tagger runs the outlet's name into the place (央广网喀什|11月4日消息).
"""

from __future__ import annotations

import re

# the end of a dateline (…日消息, …日电, …讯) and the space after it
DATELINE_END = re.compile(r"(?:消息|电|讯)[ \u3000]+(?=[\u4e00-\u9fff])")
# A dateline word after a media name: 新浪科技讯, 财联社讯 (but 通讯, 电讯, 资讯, 音讯, 视讯 are words, and
# 腾讯 a company: 深圳腾讯 was 深圳腾).
DATELINE_SUFFIX = re.compile(r"(?<![通电资快简喜音视腾])讯$")
# A dateline inside a span (a headline run into the story: 《防震减灾法》本报讯|武警北京一总队, 访问山东河南
# 新华社北京６月８日电|…): the name starts after it. 日电/日讯 only after a day (中日电子 is one name).
DATELINE_INSIDE = re.compile(r"本(?:报|台|刊|网)[讯电]|[\d０-９一二三四五六七八九十]日[电讯]")
# A dateline with a place and no day (中新社北京电|国务院新闻办公室, 本报渥太华电): the name starts after it
# where the words between are a place (本报讯中国东方电气集团公司 has none; no gold organisation of
# msra-train or msra-dev holds one).
PLACE_DATELINE = re.compile(r"(?:新华社|中新社|本报|本台|本刊|本网)(?P<place>[\u4e00-\u9fff]{2,5}?)[电讯]")
# After a dateline's place: its day (11月4日消息, 4日电) or 电/讯 (新华社北京电).
DATELINE_DAY = re.compile(r"(?:[\d０-９]{1,2}月)?[\d０-９]{1,2}日|[电讯]")
