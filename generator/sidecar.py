"""Sidecar files: seeds/NAME.yml overrides any detected metadata field of seeds/NAME.txt."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from generator import regions
from generator.meta import display_title
from generator.model import Meta, Problem

FIELDS = {
    "title": str,
    "region": str,
    "parent": str,  # for a place outside the division data: the listed region it lies in
    "level": str,
    "province": str,
    "city": str,
    "year": int,
    "review_year": int,
    "meeting": str,
    "date": str,
    "speaker": str,
    "speaker_title": str,
    "completeness": str,
    "id": str,
}
CHOICES = {
    "level": {"nation", "province", "city", "county", "district"},
    "completeness": {"full", "summary", "excerpt", "digest"},
}
FIRST_YEAR = 1949  # the earliest year a report of the People's Republic can have


def _last_year() -> int:
    return dt.date.today().year + 1


class _Loader(yaml.SafeLoader):
    """YAML without implicit timestamps: a date stays text and is checked here (YAML's own
    conversion raises on 2024-02-30)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def path_for(source: Path) -> Path:
    return source.with_suffix(".yml")


def load(path: Path, label: str) -> tuple[dict, list[Problem]]:
    """Read and validate a sidecar against its schema (FIELDS, CHOICES, the checks below).
    Each bad field is reported with its fix and ignored; the others apply. Never fatal.

    `region` must name one division exactly (a full name, a short name no other division
    has, or parent and child 福州市鼓楼区); it is stored resolved as `region_code`. A place
    the division data does not list is accepted with `parent:` naming the listed region it
    lies in."""
    if not path.exists():
        return {}, []
    fix_hint = f"编辑 {label}：每行写“字段: 值”，可用字段：{', '.join(FIELDS)}"
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (a SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        where = getattr(exc, "problem_mark", None)
        line = f"第 {where.line + 1} 行" if where else ""
        return {}, [Problem(label, f"侧车文件不是有效的 YAML{line}，已忽略", fix_hint, "warning")]
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        return {}, [Problem(label, "侧车文件应是“字段: 值”的映射，已忽略", fix_hint, "warning")]
    out: dict = {}
    problems: list[Problem] = []

    def refuse(reason: str, fix: str | None = None) -> None:
        problems.append(Problem(label, reason, fix, "warning"))

    for key, value in raw.items():
        key = str(key)
        if key not in FIELDS:
            refuse(f"未知字段“{key}”，已忽略", f"可用字段：{', '.join(FIELDS)}")
            continue
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = value.isoformat()
        want = FIELDS[key]
        if value is None or (isinstance(value, str) and not value.strip()):
            refuse(f"字段“{key}”没有值，已忽略", f"在 {label} 中写出 {key} 的值，或删去这一行")
            continue
        if not isinstance(value, want) or isinstance(value, bool):
            refuse(f"字段“{key}”的值应为{'整数' if want is int else '文本'}，已忽略",
                   f"如 {key}: {2024 if want is int else '…'}")
            continue
        if isinstance(value, str):
            value = " ".join(value.split())
        if key in CHOICES and value not in CHOICES[key]:
            refuse(f"字段“{key}”只能取 {', '.join(sorted(CHOICES[key]))}，已忽略")
            continue
        if key in ("year", "review_year") and not FIRST_YEAR <= value <= _last_year():
            refuse(f"字段“{key}”的值 {value} 不在 {FIRST_YEAR}–{_last_year()} 之间，已忽略", f"写出报告的四位年份，如 {key}: 2024")
            continue
        if key == "date":
            try:
                day = dt.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
            except ValueError:
                day = None
            if day is None or not FIRST_YEAR <= day.year <= _last_year():
                refuse(f"字段“date”的值“{value}”不是有效日期，已忽略", "写成 YYYY-MM-DD，如 date: 2024-01-20")
                continue
        if key == "id" and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", value):
            refuse("字段“id”只能由小写字母、数字和连字符组成，已忽略", "如 id: xinxiang-2025")
            continue
        out[key] = value
    if "region" in out or "parent" in out:
        _resolve_region(out, label, refuse)
    return out, problems


def _resolve_region(out: dict, label: str, refuse) -> None:
    context = " ".join(str(out.get(k, "")) for k in ("province", "city", "parent"))
    parent = out.pop("parent", None)
    region = out.get("region")
    if region is None:
        refuse("字段“parent”只用于行政区划数据之外的地区，须与 region 一起写，已忽略")
        return
    div, cands = regions.exact(region, context)
    if div:
        out["region"], out["region_code"] = div.name, div.code
        return
    if cands:
        names = "、".join(regions.full_name(d) for d in cands[:8])
        refuse(f"region“{region}”可指 {len(cands)} 个地区（{names}），已忽略",
               f"写出其中之一的全称，如 region: {regions.full_name(cands[0])}")
        del out["region"]
        return
    if parent:
        pdiv, pcands = regions.exact(parent)
        if pdiv:
            out["region_code"], out["parent_code"] = None, pdiv.code
            return
        refuse(f"parent“{parent}”不在行政区划数据中，已忽略", "写出上级地区的规范全称，如 parent: 郑州市")
    refuse(f"region“{region}”不在行政区划数据中，已忽略",
           "写出规范全称（如 新乡市、淇县），或行政区划数据之外的地区再写一行 parent: 所属地区")
    del out["region"]


def apply(meta: Meta, fields: dict) -> Meta:
    """Override detected metadata with validated sidecar fields (see load). A region brings
    its code, level and parents."""
    fields = dict(fields)
    if "region_code" in fields:
        code, parent = fields.pop("region_code"), fields.pop("parent_code", None)
        div = regions.get(code) if code else None
        if div:
            meta.region_code, meta.level, meta.parent_code = div.code, div.level, None
            meta.province, meta.city = regions.province_and_city(div)
        else:  # outside the division data, under a listed parent
            pdiv = regions.get(parent)
            meta.region_code, meta.level, meta.parent_code = None, None, parent
            meta.province, meta.city = regions.province_and_city(pdiv) if pdiv else (None, None)
    for key, value in fields.items():
        setattr(meta, key, value)
    if "year" in fields and "review_year" not in fields and meta.year:
        meta.review_year = meta.year - 1
    if "title" not in fields:
        meta.title = display_title(meta)
    meta.overridden = sorted(fields)
    for key in fields:
        meta.sources[key] = "sidecar"
        meta.evidence[key] = ""
    return meta
