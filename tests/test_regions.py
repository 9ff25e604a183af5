"""Mentions of regions in a report's text (regions.mentions): full names everywhere, short forms
of provinces and prefecture cities everywhere, short forms of counties only in a report of the
province or city they belong to, and only where they stand as a word.

The sentences are verbatim from the seeds and corpora, in the Simplified form the read stage gives
(the 新乡市 seed is printed in Traditional characters); the counts are read from the sentences."""

from __future__ import annotations

import pytest

from generator import data, regions

XINXIANG, HENAN, HEBI = "410700", "410000", "410600"

MENTIONS = [
    # (the report's own region, sentence, where it is from, {code: count})
    # 新乡市 names its counties without their suffix: 原阳, 封丘 (修武 is a county of 焦作市: no).
    (XINXIANG, "交通方面，加快兰原、沿黄等5条高速公路和济郑高铁等3座跨黄河大桥等项目建设，确保安罗高速原阳至郑州段、"
     "长修高速封丘至修武段、市域“三环线”等项目建成通车，推动京港澳高速新区站建成投用。",
     "seed 新乡市 2025", {"410725": 1, "410100": 1, "410727": 1}),
    (XINXIANG, "积极融入郑州都市圈，安罗、长修高速主体完工，G230封丘开封黄河大桥建成通车，郑新交通更加便捷高效。",
     "seed 新乡市 2025", {"410100": 1, "410727": 1, "410200": 1}),
    # 博爱 is 博爱县 of 焦作市, and an ordinary word besides.
    (XINXIANG, "能源方面，加快推进九峰山抽水蓄能电站、源网荷储一体化等项目建设，确保博爱—获嘉—长垣输气管道、"
     "华润50兆瓦风电等项目完工。", "seed 新乡市 2025", {"410724": 1, "410783": 1}),
    (XINXIANG, "多元发展食品制造产业，推广“原料基地+中央厨房+物流配送”模式，推动品牌化、绿色化转型，加快原阳预制菜产业园、"
     "立高食品华北生产基地二期等项目建设，力争产业规模达到500亿元。", "seed 新乡市 2025", {"410725": 1}),
    # The same sentence in a report of the province counts too; in one of 鹤壁市, or in a text of
    # no known region (the metadata stage's use), full names only.
    (HENAN, "能源方面，加快推进九峰山抽水蓄能电站、源网荷储一体化等项目建设，确保博爱—获嘉—长垣输气管道、"
     "华润50兆瓦风电等项目完工。", "seed 新乡市 2025, as if in 河南省's report", {"410724": 1, "410783": 1}),
    (HEBI, "能源方面，加快推进九峰山抽水蓄能电站、源网荷储一体化等项目建设，确保博爱—获嘉—长垣输气管道、"
     "华润50兆瓦风电等项目完工。", "seed 新乡市 2025, as if in 鹤壁市's report", {}),
    (None, "能源方面，加快推进九峰山抽水蓄能电站、源网荷储一体化等项目建设，确保博爱—获嘉—长垣输气管道、"
     "华润50兆瓦风电等项目完工。", "seed 新乡市 2025, no region given", {}),
    # Institutions named after a place are no mention of it.
    (XINXIANG, "支持河南师范大学“双一流”建设，支持新乡医学院、河南科技学院更名和博士学位授予单位申报工作，"
     "支持新乡学院、河南工学院申报硕士学位授予单位。", "seed 新乡市 2025", {}),
    # 牧野 (of 牧野区) is the old name of the land: a district's short form never counts.
    (XINXIANG, "赋予科研单位和科研人员更大自主权，强化住房、子女入学等政策保障，让更多人才在牧野大地创新创业。",
     "seed 新乡市 2025", {}),
    # A report never counts its own region.
    (XINXIANG, "《新乡市集中供热条例》颁布施行，供暖质量稳步提升。", "seed 新乡市 2025", {}),
    (None, "《新乡市集中供热条例》颁布施行，供暖质量稳步提升。", "seed 新乡市 2025, no region given", {"410700": 1}),
    ("429005", "高标准办好第五届中国（潜江）曹禺文化周，持续擦亮“曹禺故里”金名片。", "cities-2024 潜江", {}),
    # A province names its cities and counties.
    ("370000", "构建山东富民产业图谱，支持日照蓝莓、莒南花生、青州花卉、高唐锦鲤、黄河口大闸蟹、沂源红苹果、"
     "山亭火樱桃等一批“土特产”延长链条、提升品质。", "provinces-2025 山东",
     {"371100": 1, "371327": 1, "370781": 1, "371526": 1, "370323": 1}),
    # A city names its counties.
    ("341100", "天长、来安、全椒、凤阳4个县入选全省制造业“亩均论英雄”改革综合效益30强、总数居全省第二。",
     "cities-2024 滁州", {"341181": 1, "341122": 1, "341124": 1, "341126": 1}),
    ("520500", "大方、威宁获评省级“乡村外贸”试点县，全市外贸进出口总额增长10.9%。", "cities-2024 毕节",
     {"520521": 1, "520526": 1}),
    # Another province's report using the short form of a county of 河南 (宝丰县, 方城县).
    ("150000", "现代煤化工要加快煤基新型合成材料、先进碳材料、可降解材料等高端化产品技术开发应用，推动煤化工与绿电、"
     "绿氢等耦合发展，高水平建设鄂尔多斯国家现代煤化工示范区，加快推进国能煤制油、宝丰煤制烯烃、久泰新材料等项目"
     "建设，力争煤化工产业链产值稳定在千亿元以上。", "provinces-2025 内蒙古", {"150600": 1}),
    ("210000", "持续开展系列促消费活动，改造提升沈阳方城、大连东关街等街区，着力培育消费新热点、新业态。",
     "provinces-2025 辽宁", {"210100": 1, "210200": 1}),
    # Short forms that are ordinary words, in the report of their own province: 合作 (合作市),
    # 新兴 (新兴县), 资源 (资源县), 通道 (通道侗族自治县), 龙江 (龙江县; here 黑龙江 itself).
    ("620000", "拓展跨省域合作。", "provinces-2025 甘肃", {}),
    ("440000", "支持企业抢抓订单，扩大电子信息、智能家电、电动汽车等产品出口，稳住欧美日韩市场，拓展东盟、中东、拉美、"
     "中亚等新兴市场，挖掘非洲、南太平洋岛国等市场潜力。", "provinces-2025 广东", {}),
    ("450000", "持续推动优质医疗资源扩容下沉和区域均衡布局。", "provinces-2025 广西", {}),
    ("430000", "着力拓通道、强平台，推动“五大通道”联动三湘、畅达四海，支持长沙申报建设中欧班列国家集结中心，"
     "推进怀化国际陆港全面融入西部陆海新通道。", "provinces-2025 湖南", {"430100": 1, "431200": 1}),
    ("230000", "习近平总书记亲切关怀龙江振兴发展，向第八届中俄博览会亲致贺信，回信勉励中国一重产业工人代表，"
     "为我们注入强大动力。", "provinces-2025 黑龙江", {}),
    # Not inside a longer word: 复杂多变 holds no 杂多 (杂多县); 万安湖 is a lake (万安县), 井冈山 the
    # mountain and its national park (井冈山市).
    ("630000", "同时，我们也清醒地看到，外部环境复杂多变，不确定性增加。", "provinces-2025 青海", {}),
    ("360800", "加快井冈山国家公园创建，推进吉湖、万安湖国家湿地公园试点建设。", "cities-2024 吉安", {}),
]


@pytest.mark.parametrize("own, sentence, source, expected", MENTIONS)
def test_mentions_in_a_sentence(own, sentence, source, expected):
    assert regions.mentions(sentence, own) == expected, source


LEVELS = [
    ("429021", "county"),  # 神农架林区: a forest area, county-like
    ("610103", "district"),  # 碑林区 of 西安市
    ("140109", "district"),  # 万柏林区 of 太原市
    ("410727", "county"),  # 封丘县
    ("410711", "district"),  # 牧野区
]


@pytest.mark.parametrize("code, level", LEVELS)
def test_level_of_a_division(code, level):
    assert regions.get(code).level == level


def test_every_stop_word_is_a_short_form_that_could_count():
    cfg = data.load("regions")
    levels = set(cfg["context_short_form_levels"])
    stray = [w for w in cfg["context_short_form_stop"]
             if not any(d.level in levels and w in regions.short_forms(d) for d in regions.named(w))]
    assert stray == []
