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
    "completeness": {"full", "summary", "excerpt"},
}


def path_for(source: Path) -> Path:
    return source.with_suffix(".yml")


def load(path: Path, label: str) -> tuple[dict, list[Problem]]:
    """Read and validate a sidecar. Bad fields are reported and ignored, never fatal."""
    if not path.exists():
        return {}, []
    fix_hint = f"编辑 {label}：每行写“字段: 值”，可用字段：{', '.join(FIELDS)}"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
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
    for key, value in raw.items():
        key = str(key)
        if key not in FIELDS:
            problems.append(Problem(label, f"未知字段“{key}”，已忽略", f"可用字段：{', '.join(FIELDS)}", "warning"))
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        want = FIELDS[key]
        if value is not None and not isinstance(value, want) or isinstance(value, bool):
            problems.append(Problem(label, f"字段“{key}”的值应为{'整数' if want is int else '文本'}，已忽略", None, "warning"))
            continue
        if key in CHOICES and value not in CHOICES[key]:
            problems.append(Problem(label, f"字段“{key}”只能取 {', '.join(sorted(CHOICES[key]))}，已忽略", None, "warning"))
            continue
        if key == "date" and value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            problems.append(Problem(label, "字段“date”应写成 YYYY-MM-DD，已忽略", None, "warning"))
            continue
        if key == "id" and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", value or ""):
            problems.append(Problem(label, "字段“id”只能由小写字母、数字和连字符组成，已忽略", None, "warning"))
            continue
        out[key] = value
    return out, problems


def apply(meta: Meta, fields: dict) -> Meta:
    """Override detected metadata. A region name brings its code, level and parents."""
    if "region" in fields:
        div = regions.locate([fields["region"]])
        if div and div.name == fields["region"] or div and fields["region"].startswith(div.name[:2]):
            meta.region_code, meta.level = div.code, div.level
            meta.province, meta.city = regions.province_and_city(div)
        else:
            meta.region_code = None
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
