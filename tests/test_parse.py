"""Parse stage: the real heading outline of each seed, the title block and the lead."""

from __future__ import annotations


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
