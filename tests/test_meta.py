"""Metadata of each seed, exactly."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.build import collect, process
from tests.conftest import SEEDS, seed_path

EXPECTED = {
    "000": dict(region="淇县", level="county", province="河南省", city="鹤壁市", year=2025, review_year=2024,
                meeting="第十四届人民代表大会第五次会议", date="2025-03-01", speaker=None, speaker_title=None,
                completeness="summary"),
    "001": dict(region="新乡市", level="city", province="河南省", city="新乡市", year=2025, review_year=2024,
                meeting="第十四届人民代表大会第三次会议", date="2025-02-09", speaker="魏建平", speaker_title="市长",
                completeness="full"),
    "002": dict(region="郾城区", level="district", province="河南省", city="漯河市", year=2025, review_year=2024,
                meeting="第五届人民代表大会第六次会议", date="2025-04-17", speaker=None, speaker_title=None,
                completeness="excerpt"),
    "003": dict(region="浚县", level="county", province="河南省", city="鹤壁市", year=2021, review_year=2020,
                meeting="第十五届人民代表大会第六次会议", date="2021-03-12", speaker="刘青", speaker_title="县长",
                completeness="full"),
    "004": dict(region="郸城县", level="county", province="河南省", city="周口市", year=2024, review_year=2023,
                meeting=None, date=None, speaker=None, speaker_title=None, completeness="digest"),
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_metadata(prefix):
    report, problems = process(seed_path(prefix), SEEDS)
    got = {k: getattr(report.meta, k) for k in EXPECTED[prefix]}
    assert got == EXPECTED[prefix]
    # 郸城's note says it is a digest (tests/test_digest.py); nothing else is amiss.
    assert [p for p in problems if "摘编" not in p.reason] == []


@pytest.mark.parametrize("prefix, publisher, published", [
    ("004", "周口市郸城县人民政府", "2024-02-23"),  # 来源: 周口市郸城县人民政府 时间: 2024-02-23 10:29:22
    ("003", "政府官网", "2023-08-06"),  # 时间:2023-08-06   作者:中国县域   来源:政府官网
    ("001", None, None),
])
def test_provenance_from_the_removed_furniture(prefix, publisher, published):
    report, _ = process(seed_path(prefix), SEEDS)
    assert (report.meta.publisher, report.meta.published, report.meta.address) == (publisher, published, None)


def test_script_is_recorded():
    report, _ = process(seed_path("001"), SEEDS)
    assert report.source.script == "hant"


def test_ids_are_stable_ascii_slugs():
    result = collect(SEEDS)
    assert sorted(r.meta.id for r in result.reports) == [
        "410621-2021", "410622-2025-summary", "410700-2025", "411103-2025-excerpt", "411625-2024-digest"]


def test_sidecar_overrides_fields(tmp_path):
    seed = seed_path("004")
    (tmp_path / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / seed.with_suffix(".yml").name).write_text(
        "date: 2024-02-20\nspeaker: 张三\nspeaker_title: 县长\nmeeting: 第十七届人民代表大会第三次会议\n", encoding="utf-8")
    report, problems = process(tmp_path / seed.name, tmp_path)
    assert (report.meta.date, report.meta.speaker, report.meta.speaker_title) == ("2024-02-20", "张三", "县长")
    assert report.meta.meeting == "第十七届人民代表大会第三次会议"
    assert report.meta.overridden == ["date", "meeting", "speaker", "speaker_title"]
    # The sidecar states facts about the report; the text is still a digest (its note only).
    assert [p for p in problems if "摘编" not in p.reason] == []


def test_sidecar_region_brings_its_hierarchy(tmp_path):
    seed = seed_path("004")
    (tmp_path / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / seed.with_suffix(".yml").name).write_text("region: 浚县\n", encoding="utf-8")
    report, _ = process(tmp_path / seed.name, tmp_path)
    assert (report.meta.region, report.meta.region_code, report.meta.city) == ("浚县", "410621", "鹤壁市")


def test_sidecar_with_an_unknown_region_says_so(tmp_path):
    seed = seed_path("004")
    (tmp_path / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / seed.with_suffix(".yml").name).write_text("region: 火星县\n", encoding="utf-8")
    report, problems = process(tmp_path / seed.name, tmp_path)
    assert (report.meta.region, report.meta.region_code) == ("郸城县", "411625")  # the detected region stays
    assert [(p.reason, p.fix) for p in problems if "摘编" not in p.reason] == [(
        "region“火星县”不在行政区划数据中，已忽略",
        "写出规范全称（如 新乡市、淇县），或行政区划数据之外的地区再写一行 parent: 所属地区")]


SIDECAR_CASES = [
    # (sidecar text, fields accepted, problem reasons)
    ("region:\n", {}, ["字段“region”没有值，已忽略"]),
    ("title: ''\n", {}, ["字段“title”没有值，已忽略"]),
    ("title:\n", {}, ["字段“title”没有值，已忽略"]),
    ("region: 新乡火星区\n", {}, ["region“新乡火星区”不在行政区划数据中，已忽略"]),
    ("region: 鼓楼区\n", {}, ["region“鼓楼区”可指 4 个地区（福州市鼓楼区、开封市鼓楼区、徐州市鼓楼区、南京市鼓楼区），已忽略"]),
    ("region: 福州市鼓楼区\n", {"region": "鼓楼区", "region_code": "350102"}, []),
    ("region: 鼓楼区\ncity: 开封市\n", {"region": "鼓楼区", "region_code": "410204", "city": "开封市"}, []),
    ("region: 淇县\n", {"region": "淇县", "region_code": "410622"}, []),
    ("region: 三亚\n", {"region": "三亚市", "region_code": "460200"}, []),
    ("region: 航空港区\nparent: 郑州市\n", {"region": "航空港区", "region_code": None, "parent_code": "410100"}, []),
    ("parent: 郑州市\n", {}, ["字段“parent”只用于行政区划数据之外的地区，须与 region 一起写，已忽略"]),
    ("year: 2205\n", {}, [f"字段“year”的值 2205 不在 1949–{dt.date.today().year + 1} 之间，已忽略"]),
    ("year: '2024'\n", {}, ["字段“year”的值应为整数，已忽略"]),
    ("year: true\n", {}, ["字段“year”的值应为整数，已忽略"]),
    ("date: 2024-02-30\n", {}, ["字段“date”的值“2024-02-30”不是有效日期，已忽略"]),
    ("date: 2024-2-3\n", {}, ["字段“date”的值“2024-2-3”不是有效日期，已忽略"]),
    ("date: 2024-02-20\n", {"date": "2024-02-20"}, []),
    ("mayor: 张三\n", {}, ["未知字段“mayor”，已忽略"]),
    ("level: town\n", {}, ["字段“level”只能取 city, county, district, nation, province，已忽略"]),
    ("speaker: ' 张  三 '\n", {"speaker": "张 三"}, []),
]


@pytest.mark.parametrize("text, fields, reasons", SIDECAR_CASES)
def test_sidecar_schema(tmp_path, text, fields, reasons):
    from generator import sidecar

    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    got, problems = sidecar.load(path, "x.yml")
    assert got == fields
    assert [p.reason for p in problems] == reasons
    assert all(p.severity == "warning" for p in problems)