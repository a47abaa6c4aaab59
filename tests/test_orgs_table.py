"""Table-driven organisation cases written for this project (not from ../shared).

Each row: a sentence, the story context (channel / url / title), and the exact set of canonical
organisation names it must yield. Sentences without an organisation must yield none.
"""

from __future__ import annotations

import pytest

from pipelines.entities import extract_entities

SD_URL = "https://www.cnr.cn/sd/gd/20240301/t20240301_526000001.shtml"

CASES: list[tuple[str, dict[str, str], set[str]]] = [
    # government bodies
    ("国务院办公厅近日印发通知，要求各地做好防汛工作。", {}, {"国务院办公厅"}),
    ("山东省人民政府新闻办公室今天上午召开新闻发布会。", {}, {"山东省人民政府新闻办公室"}),
    ("青岛市市场监督管理局对三家企业立案调查。", {}, {"青岛市市场监督管理局"}),
    # a ministry of the State Council by its own name, whatever the story wrote (national_bodies)
    ("教育部和财政部联合下发了关于学生资助的通知。", {}, {"中华人民共和国教育部", "中华人民共和国财政部"}),
    ("最高人民法院发布了一批典型案例。", {}, {"最高人民法院"}),
    # named from its city, whether the story wrote the province or not (canonical.without_province)
    ("河南省郑州市中级人民法院公开审理了此案。", {}, {"郑州市中级人民法院"}),
    ("国家统计局5月15日发布数据显示，4月份国民经济保持稳定。", {}, {"国家统计局"}),
    ("北京市朝阳区人民政府发布通告。", {}, {"北京市朝阳区人民政府"}),
    # associations
    ("中国作家协会第十次全国代表大会在北京开幕。", {}, {"中国作家协会"}),
    ("中华医学会儿科学分会的专家参加了义诊。", {}, {"中华医学会儿科学分会"}),
    ("中国红十字会向灾区调拨了一批救灾物资。", {}, {"中国红十字会"}),
    ("深圳市律师协会组织会员开展普法宣传。", {}, {"深圳市律师协会"}),
    ("中国足球协会公布了处罚决定。", {}, {"中国足球协会"}),
    # hospitals
    ("北京协和医院的医生成功完成了这台手术。", {}, {"北京协和医院"}),
    ("患者被送往郑州大学第一附属医院抢救。", {}, {"郑州大学第一附属医院"}),
    ("武汉市第一医院开设了夜间门诊。", {}, {"武汉市第一医院"}),
    ("记者从济南市儿童医院了解到，该院新开设了专科门诊。", {}, {"济南市儿童医院"}),
    # universities
    ("清华大学和北京大学的学生共同参加了比赛。", {}, {"清华大学", "北京大学"}),
    ("中国科学技术大学的潘建伟团队取得突破。", {}, {"中国科学技术大学"}),
    ("南京师范大学美术学院举办了毕业作品展。", {}, {"南京师范大学美术学院"}),
    # companies
    ("中国石油天然气集团有限公司发布了年度报告。", {}, {"中国石油"}),  # companies.groups
    ("华为技术有限公司在深圳举行发布会。", {}, {"华为"}),  # the company by its registered name
    ("阿里巴巴集团和比亚迪股份有限公司签署战略合作协议。", {}, {"阿里巴巴", "比亚迪"}),
    ("青岛啤酒股份有限公司第一季度营收增长。", {}, {"青岛啤酒"}),
    # nested names: one organisation each
    ("国家卫生健康委医政医管局负责人介绍了有关情况。", {}, {"国家卫生健康委医政医管局"}),
    ("中国科学院大气物理研究所的研究人员发表了论文。", {}, {"中国科学院大气物理研究所"}),
    ("济南市公安局历下区分局破获一起诈骗案。", {}, {"济南市公安局历下区分局"}),
    ("四川大学华西医院发布了新的就诊须知。", {}, {"四川大学华西医院"}),
    ("中国工商银行济南分行推出了新的贷款产品。", {}, {"中国工商银行济南分行"}),
    (
        "中共山东省委宣传部举办了新闻发布会。",
        {},
        {"山东省委宣传部"},
    ),  # as 省委宣传部 resolves (canonical.without_party_prefix)
    # aliases and abbreviations -> one canonical name
    ("济南市卫健委发布了健康提示。", {}, {"济南市卫生健康委员会"}),
    ("济南市卫生健康委员会发布了健康提示。", {}, {"济南市卫生健康委员会"}),
    ("上海市卫生健康委组织专家进行了评审。", {}, {"上海市卫生健康委员会"}),
    ("北京市发改委发布了今年的重点工程名单。", {}, {"北京市发展和改革委员会"}),
    ("杭州市人社局提醒毕业生及时办理就业登记。", {}, {"杭州市人力资源和社会保障局"}),
    ("广州市住建局公布了新一批保障性住房项目。", {}, {"广州市住房和城乡建设局"}),
    ("天津市政府召开常务会议研究部署相关工作。", {}, {"天津市人民政府"}),
    ("山东省卫健委副主任李明出席会议。", {}, {"山东省卫生健康委员会"}),
    ("全国妇联发出倡议。", {}, {"中华全国妇女联合会"}),
    ("工信部印发了指导意见。", {}, {"中华人民共和国工业和信息化部"}),
    # relative references, resolved with the story's place
    ("济南市近日召开会议，市委、市政府主要负责同志出席。", {"channel": "sd"}, {"济南市委", "济南市人民政府"}),
    ("央广网青岛3月2日消息，市政府当天发布了新的人才政策。", {}, {"央广网", "青岛市人民政府"}),
    ("据山东省有关部门介绍，省委、省政府高度重视这项工作。", {"url": SD_URL}, {"山东省委", "山东省人民政府"}),
    ("曲阜市委书记刘伟调研了文旅项目。", {}, {"曲阜市委"}),
    ("据了解，县政府已经拨付了专项资金。", {}, set()),  # which county? unknown: not reported
    # media
    (
        "新华社记者从中国气象局获悉，今年汛期降雨偏多。",
        {},
        {"新华通讯社", "中国气象局"},
    ),  # Xinhua by its own name (national_bodies)
    # a foreign agency heading a dateline: the tagger reads it as a place (lexicon body_endings)
    ("（法新社罗马19日电）德国网球好手兹韦列夫今天夺冠。", {}, {"法新社"}),
    ("韩联社首尔5月3日电，韩国政府今天宣布了新的防疫措施。", {}, {"韩联社"}),
    # relative references: the story's place from the places it names most (not from one stray match)
    (
        "顺德区今年新增企业三百家。顺德区的制造业基础雄厚，顺德区还将建设产业园。调研组还走访了中山的一家企业，"
        "中山方面也派人参加。下一步，区里将在市政府的领导下推进工作。",
        {},
        {"佛山市人民政府"},  # 顺德区 is in 佛山: its mentions count for 佛山, not for 中山
    ),
    (
        "山西省的企业代表团抵达巴西。山西企业带去了陈醋和煤化工产品，山西代表团团长、省商务厅负责人介绍了情况。"
        "同行的还有几位来自巴中的客商。",
        {},
        {"山西代表团", "山西省商务厅"},  # 山西 leads; 巴中 (四川) once does not move the province
    ),
    ("他从南宁回国后，向温哥华的市议会提出了建议。市议会采纳了这一建议。", {}, set()),  # a foreign council
    ("镇政府已经拨付了专项资金。", {}, set()),  # which town? unknown
    (
        "济南市近日召开会议，在市委市政府的统一部署下开展工作。",
        {"channel": "sd"},
        {"济南市委", "济南市人民政府"},
    ),
    ("国家和省政府出台了扶持政策。", {"url": SD_URL}, {"山东省人民政府"}),  # two bodies, not one
    ("这项补贴由国务院统一发放，党中央高度重视。", {}, {"中华人民共和国国务院", "中国共产党中央委员会"}),
    # edges: a byline, a dateline word or a street address glued on is not part of the name
    ("文/新华网 记者王明", {}, {"新华网"}),
    # 苹果公司 (a common noun and 公司, a kind of company to the generic rule) is Apple: current_names
    ("新浪科技讯 北京时间9月11日消息，苹果公司发布新品。", {}, {"新浪科技", "苹果公司"}),
    ("他的公司位于解放路88号济南第一机床厂。", {}, {"济南第一机床厂"}),
    ("在华中科技大学读书的学生很多。", {}, {"华中科技大学"}),
    # not organisations: events, ideas, members, peoples, kinds of business, determiners
    ("粉丝见面会和冬奥会都吸引了很多人。", {}, set()),
    ("要推进国家治理体系和治理能力现代化。", {}, set()),
    ("他是一名中共党员，也是犹太人的朋友。", {}, set()),
    ("他先在广告公司上班，后来又去了木材公司。", {}, set()),
    ("各地政府要加强对食品安全的监管。", {}, set()),
    ("不少数据公司存在违规收集信息的问题。", {}, set()),
    ("南通一乡镇卫生院的医生赶到现场。", {}, set()),
    # no organisation at all
    ("今天天气晴朗，很多市民到公园散步。", {}, set()),
    ("他说，这是一个值得认真思考的问题。", {}, set()),
    ("春节期间，家家户户贴春联、吃饺子。", {}, set()),
    ("孩子们在操场上踢足球，老师在一旁看着。", {}, set()),
    ("这部电影讲述了一个感人的故事。", {}, set()),
    ("市场上的蔬菜价格比上周略有下降。", {}, set()),
    ("各部门要加强协作，全部任务要按时完成。", {}, set()),
    ("他在大学里学习了四年。", {}, set()),
    ("这家医院的医生很负责。", {}, set()),
    ("公司的员工们都很高兴。", {}, set()),
    ("会上，大家讨论了三个问题。", {}, set()),
]


def test_table_is_big_enough():
    with_orgs = [c for c in CASES if c[2]]
    assert len(with_orgs) >= 30
    assert len(CASES) - len(with_orgs) >= 8


@pytest.mark.parametrize(("sentence", "context", "gold"), CASES, ids=[c[0][:12] for c in CASES])
def test_sentence(sentence: str, context: dict[str, str], gold: set[str]):
    orgs, _persons = extract_entities(sentence, **context)
    assert {o["name"] for o in orgs} == gold
    for o in orgs:
        for m in o["mentions"]:
            assert sentence[m["start"] : m["end"]] == m["text"]


PERSON_CASES = [
    ("济南市教育局局长王建国介绍了今年的招生政策。", {"王建国"}),
    ("山东省委副书记、省长周乃翔主持会议。", {"周乃翔"}),
    ("中国科学技术大学的潘建伟团队取得突破。", {"潘建伟"}),
    ("记者从济南市儿童医院了解到，该院新开设了专科门诊。", set()),
    # a surname with a kinship character is no name (杨母); with a post or a form of address it is the
    # person the story names so (金所长, 吴老板: the mention the surname, as 吴先生); nor is "X said", a
    # country, a long name ending with a common word; pieces of a name found whole elsewhere go
    ("金所长说，杨母和吴老板都来了。", {"金所长", "吴老板"}),
    ("艾说这件事很重要。", set()),
    ("马里和贝宁的代表出席了会议。", set()),
    ("赫鲁晓夫上台后，赫鲁晓夫的政策变了，晓夫这个名字很特别。", {"赫鲁晓夫"}),
    # 劳伦斯 alone is 劳伦斯·洛克菲勒 named short (the one whole name it starts), not a person of its own
    ("劳伦斯·洛克菲勒和约翰·洛克菲勒是兄弟，劳伦斯很低调。", {"劳伦斯·洛克菲勒", "约翰·洛克菲勒"}),
]


@pytest.mark.parametrize(("sentence", "gold"), PERSON_CASES, ids=[c[0][:12] for c in PERSON_CASES])
def test_persons(sentence: str, gold: set[str]):
    _orgs, persons = extract_entities(sentence)
    assert {p["name"] for p in persons} == gold
