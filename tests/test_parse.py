"""Parse stage: the real heading outline of each seed, the title block and the lead."""

from __future__ import annotations

import pytest


from generator.clean import clean
from generator.model import Line
from generator.parse import parse
from generator.read import read_bytes
from tests.conftest import seed_path


def _parsed(prefix):
    path = seed_path(prefix)
    return parse(clean(read_bytes(path.name, path.read_bytes()).text).kept)


def outline(parsed):
    out = []

    def walk(secs):
        for s in secs:
            out.append(("#" * s.level, s.title))
            walk(s.children)

    walk(parsed.sections)
    return out


def test_outline_001_xinxiang():
    got = outline(_parsed("001"))
    assert got[:4] == [
        ("##", "一、2024年工作回顾"),
        ("##", "二、2025年工作总体要求和主要目标"),
        ("##", "三、2025年重点工作"),
        ("###", "（一）坚持促消费、扩投资，以更大力度推动经济持续回升向好"),
    ]
    assert got[-1] == ("###", "（九）坚持防风险、保安全，以更大力度维护社会和谐稳定")
    assert len(got) == 12


def test_outline_003_xunxian_joins_a_heading_split_over_two_lines():
    got = outline(_parsed("003"))
    assert got == [
        ("##", "一、2020年工作回顾及“十三五”主要成就"),
        ("##", "二、“十四五”时期经济社会发展主要目标任务及2035年远景目标"),
        ("##", "三、2021年重点工作"),
        ("###", "（一）聚力扩大内需，促进经济稳定增长"),
        ("###", "（二）聚力产业转型，提高发展质量效益"),
        ("###", "（三）聚力城市提质，打造魅力宜居家园"),
        ("###", "（四）聚力乡村振兴，全面推进三农发展"),
        ("###", "（五）聚力生态保护，筑牢绿色发展屏障"),
        ("###", "（六）聚力改革创新，激发市场主体活力"),
        ("###", "（七）聚力民生改善，提高群众幸福指数"),
    ]


def test_outline_000_qixian_summary_with_unnumbered_part_headings():
    got = outline(_parsed("000"))
    assert got == [
        ("##", "2024年工作回顾"),
        ("###", "一、经济运行向上向好"),
        ("###", "二、创新活力叠加迸发"),
        ("###", "三、产业发展同频共振"),
        ("###", "四、城市更新提质增颜"),
        ("###", "五、乡村振兴有力有效"),
        ("###", "六、民生福祉增进厚实"),
        ("###", "七、社会大局和谐稳定"),
        ("##", "2025年重点工作安排"),
        ("###", "2025年工作总体要求"),
        ("###", "2025年主要预期目标"),
        ("###", "2025年淇县重点抓好六个方面的工作"),
        ("####", "一、瞄准释放消费潜力持续发力"),
        ("####", "二、瞄准激发创新动能持续发力"),
        ("####", "三、瞄准建设现代化产业体系持续发力"),
        ("####", "四、瞄准培育高质量发展内生动力持续发力"),
        ("####", "五、瞄准提升城乡发展能级持续发力"),
        ("####", "六、瞄准民生关切持续发力"),
        ("###", "加强政府自身建设"),
    ]


def test_outline_004_dancheng_plain_headings_and_numbered_plan():
    got = outline(_parsed("004"))
    assert got[0] == ("##", "抓运行、稳增长，经济向好态势更加稳固")
    assert got[6] == ("##", "抓投入、增福祉，民生保障体系更加健全")
    assert got[7] == ("##", "（一）坚持创新驱动引领，推动新质生产力培育再获新突破")
    assert got[-1] == ("##", "（九）坚持厚植为民情怀，推动群众生活再增新福祉")
    assert len(got) == 16


def test_outline_002_excerpt_starts_at_part_three():
    parsed = _parsed("002")
    got = outline(parsed)
    assert got[0] == ("##", "三、2025年重点工作安排")
    assert got[1] == ("###", "（一）聚焦扩大内需，提升经济增长质效")
    assert len(got) == 9
    assert parsed.numbered_top == ["三"]


def test_title_block_and_lead_001():
    parsed = _parsed("001")
    assert parsed.head == ["政府工作报告", "——2025年2月9日在新乡市第十四届人民代表大会第三次会议上", "新乡市人民政府市长 魏建平"]
    assert parsed.lead[0].lines == ["2月14日，2025年新乡市政府工作报告全文发布。"]
    assert len(parsed.lead) == 10
    assert parsed.preamble[0].lines == ["各位代表："]


def test_title_block_003_joins_the_broken_meeting_line_and_spaced_title():
    parsed = _parsed("003")
    assert parsed.head == [
        "浚县2021年政府工作报告",
        "政府工作报告",
        "——2021年3月12日在浚县第十五届人民代表大会第六次会议上",
        "浚县人民政府县长 刘青",
    ]
    assert parsed.lead == []


def test_news_lead_000_is_kept_apart_from_the_first_section():
    parsed = _parsed("000")
    assert [b.lines[0][:20] for b in parsed.lead] == ["3月1日至3月3日，淇县第十四届人民代表"]
    assert parsed.sections[0].blocks[0].lines[0].startswith("2024年，面对复杂形势")


def test_inline_enumerations_are_not_headings():
    lines = [Line(1, "一、总体要求"), Line(2, "我们要做好三件事：一是稳增长。二是促改革。三是惠民生。这些工作都很重要，必须抓紧抓实抓好。")]
    parsed = parse(lines)
    assert outline(parsed) == [("##", "一、总体要求")]
    assert parsed.sections[0].blocks[0].lines[0].startswith("我们要做好三件事：一是稳增长。")


def test_run_in_heads_are_marked():
    parsed = _parsed("001")
    first = parsed.sections[2].children[0].blocks[1]
    assert first.run_in == "加力落实政策。"


def test_typeset_full_width_punctuation():
    parsed = _parsed("000")
    text = parsed.lead[0].lines[0]
    assert text.startswith("3月1日至3月3日，淇县")
    assert "," not in text


def test_appendix_and_glossary_after_the_closing():
    from generator.clean import source_lines
    from generator.parse import parse

    text = "\n".join([
        "各位代表：", "现在，我代表省人民政府，向大会报告工作。",
        "一、2024年工作回顾", "过去一年，全省经济运行稳中向好，主要目标任务圆满完成，各项事业取得新进展。",
        "各位代表！让我们团结奋斗，为建设现代化强省作出新的更大贡献！",
        "名词解释",
        "1.“两重”：国家重大战略实施和重点领域安全能力建设。",
        "2．“两新”：大规模设备更新和消费品以旧换新。",
        "\u3000附件",
        "2025年10件惠民实事",
        "一、稳定和扩大就业",
        "年度目标：全省城镇新增就业50万人以上，支持不低于4万人创业，帮助更多群众在家门口就业。",
    ])
    parsed = parse(source_lines(text))
    titles = [(s.title, [c.title for c in s.children]) for s in parsed.sections]
    assert titles == [("一、2024年工作回顾", []), ("名词解释", []), ("附件", ["2025年10件惠民实事"])]
    glossary = parsed.sections[1].blocks[0]
    assert glossary.kind == "glossary"
    assert glossary.terms == ["“两重”", "“两新”"]
    assert glossary.lines == ["国家重大战略实施和重点领域安全能力建设。", "大规模设备更新和消费品以旧换新。"]
    assert [c.title for c in parsed.sections[2].children[0].children] == ["一、稳定和扩大就业"]


# --- Layouts of the genre beyond the seeds (texts written for the test, shaped like the
# corpora's: 益阳 2024, 潍坊 2024, 黑龙江 2025, the national reports of the 1980s). ---

def _outline_of(text: str):
    return outline(parse(clean(text).kept))


_count = iter(range(1, 10_000))


def para() -> str:
    """A body paragraph, different each time (identical lines would be taken for a repeated
    page title by the cleaner)."""
    return f"全市上下坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，经济运行总体平稳，第{next(_count)}项工作取得新成效。"


def test_ordinal_run_in_heads_are_sub_headings_of_their_section():
    text = ("各位代表：\n一、2024年工作回顾\n过去一年，我们主要做了以下工作。\n"
            f"一是经济运行持续向好，地区生产总值增长5%。{para()}\n"
            f"二是产业发展量质齐升。{para()}\n"
            f"三是民生保障扎实有力。{para()}\n"
            "二、2025年重点工作\n"
            f"坚持稳中求进。一是加强统筹。{para()}\n")
    assert _outline_of(text) == [
        ("##", "一、2024年工作回顾"),
        ("###", "一是经济运行持续向好，地区生产总值增长5%"),
        ("###", "二是产业发展量质齐升"),
        ("###", "三是民生保障扎实有力"),
        ("##", "二、2025年重点工作"),
    ]


def test_ordinals_that_are_no_run_of_heads_stay_text():
    # Two ordinals only; one-sentence items (a list); an ordinal inside a paragraph.
    text = ("各位代表：\n一、2024年工作回顾\n"
            f"一是经济运行持续向好。{para()}\n二是产业发展量质齐升。{para()}\n"
            "一是强化政治建设；\n二是加强依法行政；\n三是提升履职效能。\n"
            f"{para()}一是坚定信心。二是遵循规律。三是把握取向。\n")
    assert _outline_of(text) == [("##", "一、2024年工作回顾")]


def test_di_ordinals_on_their_own_lines_nest_under_paren_numbers():
    text = ("各位代表：\n（一）关于经济建设\n" + para() + "\n"
            "第一、大力提高经济效益，积极扩大财源\n" + para() + "\n"
            "第二、合理分配国民收入\n" + para() + "\n"
            "第三、正确地确定基本建设的总规模\n" + para() + "\n"
            "（二）关于经济体制改革\n" + para() + "\n")
    assert _outline_of(text) == [
        ("##", "（一）关于经济建设"),
        ("###", "第一、大力提高经济效益，积极扩大财源"),
        ("###", "第二、合理分配国民收入"),
        ("###", "第三、正确地确定基本建设的总规模"),
        ("##", "（二）关于经济体制改革"),
    ]


@pytest.mark.parametrize("opening, nested", [
    ("（一）", "一、"),  # the 1981 national report: （一）（二）（三）, the ten tasks 一、…十、 under （二）
    ("一、", "（一）"),  # the usual order
])
def test_the_style_a_report_opens_its_outline_with_contains_the_other(opening, nested):
    def head(mark: str, k: int) -> str:
        return mark.replace("一", "一二三"[k])

    text = ("各位代表：\n" + head(opening, 0) + "当前的经济形势\n" + para() + "\n"
            + head(opening, 1) + "今后经济建设的方针\n" + para() + "\n"
            + head(nested, 0) + "依靠政策和科学，加快农业的发展\n" + para() + "\n"
            + head(nested, 1) + "把消费品工业的发展放到重要地位\n" + para() + "\n"
            + head(opening, 2) + "我国经济发展的前景\n" + para() + "\n")
    assert _outline_of(text) == [
        ("##", head(opening, 0) + "当前的经济形势"),
        ("##", head(opening, 1) + "今后经济建设的方针"),
        ("###", head(nested, 0) + "依靠政策和科学，加快农业的发展"),
        ("###", head(nested, 1) + "把消费品工业的发展放到重要地位"),
        ("##", head(opening, 2) + "我国经济发展的前景"),
    ]


def test_a_numbered_line_ending_in_a_semicolon_is_an_item_of_a_list_not_a_heading():
    """The 1981 national report lists what technical change should achieve inside its fourth
    task: 一、……；二、……；三、……。 items of the paragraph, the last one too, not sections."""
    text = ("各位代表：\n一、有重点有步骤地进行技术改造，充分发挥现有企业的作用\n" + para() + "\n"
            "一、节约能源，节约原材料，降低消耗，降低生产成本；\n"
            "二、改革产品结构，使产品升级换代，提高性能和质量，满足国内外市场的需要；\n"
            "三、合理地利用资源，提高综合利用水平。\n"  # the last item, ending in a full stop
            + para() + "\n二、分批进行企业的全面整顿和必要改组\n" + para() + "\n")
    assert _outline_of(text) == [
        ("##", "一、有重点有步骤地进行技术改造，充分发挥现有企业的作用"),
        ("##", "二、分批进行企业的全面整顿和必要改组"),
    ]


def test_numbers_met_first_under_a_part_title_change_no_order():
    """盐城 2024: （一）…（六） under 2023年工作回顾, then the year's tasks 一、…十、: the tasks
    never nest under （六）."""
    text = ("各位代表：\n2023年工作回顾\n" + para() + "\n"
            "（一）经济运行保持稳中向好\n" + para() + "\n"
            "（二）绿色低碳转型步伐加快\n" + para() + "\n"
            "一、突出强链补链延链，大力推进新型工业化\n" + para() + "\n"
            "二、全面建设绿色低碳发展示范区\n" + para() + "\n")
    assert _outline_of(text) == [
        ("##", "2023年工作回顾"),
        ("###", "（一）经济运行保持稳中向好"),
        ("###", "（二）绿色低碳转型步伐加快"),
        ("###", "一、突出强链补链延链，大力推进新型工业化"),
        ("###", "二、全面建设绿色低碳发展示范区"),
    ]


def test_unnumbered_parts_above_numbered_runs():
    """益阳 2024: three unnumbered part titles, each opening a numbered run."""
    text = ("各位代表：\n奋力完成2023年高质量发展的各项任务\n" + para() + "\n"
            "（一）突出产业立市，提升发展质效。" + para() + "\n"
            "（二）突出项目建设，夯实发展基础。" + para() + "\n"
            "全力实现2024年高质量发展的奋斗目标\n" + para() + "\n"
            "一、着力推进产业立市\n" + para() + "\n二、着力激发内需活力\n" + para() + "\n"
            "切实提升服务高质量发展的政务水平\n" + para() + "\n")
    assert _outline_of(text) == [
        ("##", "奋力完成2023年高质量发展的各项任务"),
        ("###", "（一）突出产业立市，提升发展质效"),
        ("###", "（二）突出项目建设，夯实发展基础"),
        ("##", "全力实现2024年高质量发展的奋斗目标"),
        ("###", "一、着力推进产业立市"),
        ("###", "二、着力激发内需活力"),
        ("##", "切实提升服务高质量发展的政务水平"),
    ]


def test_paragraphs_joined_with_spaces_are_cut_back():
    """潍坊 2024 was saved as one line: paragraphs separated by spaces, each part title glued
    to the end of the paragraph before it."""
    paras = ["".join(para() for _ in range(6)) for _ in range(6)]
    text = ("各位代表： 现在，我代表市人民政府向大会报告工作，请予审议。一、2023年工作回顾 "
            + " ".join(paras[:3]) + "二、2024年政府工作安排 " + " ".join(paras[3:]))
    parsed = parse(clean(text).kept)
    assert outline(parsed) == [("##", "一、2023年工作回顾"), ("##", "二、2024年政府工作安排")]
    assert [len(s.blocks) for s in parsed.sections] == [3, 3]
    assert [b.lines[0] for b in parsed.preamble] == ["各位代表：", "现在，我代表市人民政府向大会报告工作，请予审议。"]


def test_a_long_line_with_a_few_spaces_is_one_paragraph():
    text = "各位代表：\n一、2023年工作回顾\n" + para() + " " + para() + " " + "".join(para() for _ in range(40)) + "\n"
    parsed = parse(clean(text).kept)
    assert "".join(b.lines[0] for b in parsed.sections[0].blocks).count("全市上下") == 42


def test_letter_spaced_glossary_title_with_bracketed_entries():
    text = ("各位代表：\n一、2023年工作回顾\n" + para() + "\n名 词 解 释\n"
            "[1]打好“发展六仗”：根据省里部署实施打好经济增长主动仗等六个方面的工作。\n"
            "[2]都谷极：指都市农业、谷物和极地旅游。\n")
    parsed = parse(clean(text).kept)
    assert outline(parsed)[-1] == ("##", "名词解释")
    gloss = parsed.sections[-1].blocks[0]
    assert gloss.kind == "glossary" and gloss.terms == ["打好“发展六仗”", "都谷极"]


@pytest.mark.parametrize("lines, joined", [
    (["认真贯彻《", "证券法", "》，规范和发展证券市场。"], "认真贯彻《证券法》，规范和发展证券市场。"),
    (["重点地区细颗粒物（PM", "2.5", "）浓度继续下降。"], "重点地区细颗粒物（PM2.5）浓度继续下降。"),
    (["今年广义货币M", "2", "预期增长13%左右。"], "今年广义货币M2预期增长13%左右。"),
    (["振兴教育事业，", "一要", "加大改革力度。"], "振兴教育事业，一要加大改革力度。"),
    (["国务院制定了《", "国民经济和社会发展第十一个五年规划纲要（草案）", "》，已提请大会审议。"],
     "国务院制定了《国民经济和社会发展第十一个五年规划纲要（草案）》，已提请大会审议。"),
    (["提出了《", "公司法", "》、《", "传染病防治法", "》修订草案。"], "提出了《公司法》、《传染病防治法》修订草案。"),
])
def test_lines_broken_around_links_and_subscripts_are_joined(lines, joined):
    parsed = parse(clean("\n".join(["各位代表：", "一、2023年工作回顾", *lines])).kept)
    assert [b.lines for b in parsed.sections[0].blocks] == [[joined]]


def test_short_lines_of_their_own_are_not_joined():
    lines = ["大鹏一日同风起，", "扶摇直上九万里。", "一、2024年工作回顾", "过去一年，", "二、主要目标",
             "地区生产总值增长5%左右。"]
    parsed = parse(clean("\n".join(["各位代表：", *lines])).kept)
    assert [s.title for s in parsed.sections] == ["一、2024年工作回顾", "二、主要目标"]
    assert parsed.sections[0].blocks[0].lines == ["过去一年，"]


def test_a_line_before_the_salutation_is_placed_or_dropped_for_the_log():
    """Found by the fuzzer: a stray 0 before 各位代表 is a page headline, logged, never lost."""
    parsed = parse(clean("0\n各位代表：").kept)
    assert [line.text for line in parsed.dropped] == ["0"]
    assert [b.lines for b in parsed.preamble] == [["各位代表："]]
