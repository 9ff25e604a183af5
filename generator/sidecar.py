"""Sidecar files: seeds/NAME.yml overrides any detected metadata field of seeds/NAME.txt."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import yaml

from generator import regions
from generator.messages import say
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
    """Read and validate a sidecar against its schema (FIELDS, CHOICES, the checks of
    _check_field). Each bad field is reported with its fix and ignored; the others apply.
    Never fatal. `region` must name one division exactly and is stored resolved as
    `region_code` (see _resolve_region)."""
    if not path.exists():
        return {}, []
    raw, problem = _read(path, label)
    if problem:
        return {}, [problem]
    out: dict = {}
    problems: list[Problem] = []

    def refuse(reason: str, fix: str | None = None) -> None:
        problems.append(Problem(label, reason, fix, "warning"))

    for key, value in (raw or {}).items():
        key = str(key)
        value, refusal = _check_field(key, value, label)
        if refusal:
            refuse(*refusal)
        else:
            out[key] = value
    if "region" in out or "parent" in out:
        _resolve_region(out, label, refuse)
    return out, problems


def _read(path: Path, label: str) -> tuple[dict | None, Problem | None]:
    """The sidecar's mapping (None when the file is empty), or the problem that makes the
    whole file unusable."""
    fix_hint = say("sidecar.fix_hint", file=label, fields=", ".join(FIELDS))
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (a SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        where = getattr(exc, "problem_mark", None)
        line = say("sidecar.bad_yaml_line", line=where.line + 1) if where else ""
        return None, Problem(label, say("sidecar.bad_yaml", where=line), fix_hint, "warning")
    if raw is not None and not isinstance(raw, dict):
        return None, Problem(label, say("sidecar.not_mapping"), fix_hint, "warning")
    return raw, None


def _check_field(key: str, value, label: str) -> tuple[object, tuple[str, str | None] | None]:
    """(the value as it applies, None) or (None, (reason, fix)) for one field of a sidecar."""
    if key not in FIELDS:
        return None, (say("sidecar.unknown_field", field=key), say("sidecar.unknown_field_fix", fields=", ".join(FIELDS)))
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = value.isoformat()
    want = FIELDS[key]
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, (say("sidecar.empty_field", field=key), say("sidecar.empty_field_fix", file=label, field=key))
    if not isinstance(value, want) or isinstance(value, bool):
        kind = say("sidecar.kind_int" if want is int else "sidecar.kind_text")
        return None, (say("sidecar.wrong_type", field=key, kind=kind),
                      say("sidecar.wrong_type_fix", field=key, example=2024 if want is int else "…"))
    if isinstance(value, str):
        value = " ".join(value.split())
    if key in CHOICES and value not in CHOICES[key]:
        return None, (say("sidecar.choices", field=key, choices=", ".join(sorted(CHOICES[key]))), None)
    if key in ("year", "review_year") and not FIRST_YEAR <= value <= _last_year():
        return None, (say("sidecar.year_range", field=key, value=value, first=FIRST_YEAR, last=_last_year()),
                      say("sidecar.year_range_fix", field=key))
    if key == "date" and not _is_date(value):
        return None, (say("sidecar.bad_date", value=value), say("sidecar.bad_date_fix"))
    if key == "id" and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", value):
        return None, (say("sidecar.bad_id"), say("sidecar.bad_id_fix"))
    return value, None


def _is_date(value: str) -> bool:
    """YYYY-MM-DD, a real day, in a year a report can have."""
    try:
        day = dt.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        day = None
    return day is not None and FIRST_YEAR <= day.year <= _last_year()


# `region` names one division exactly: a full name, a short name no other division has, or
# parent and child (福州市鼓楼区). A place the division data does not list is accepted with
# `parent:` naming the listed region it lies in.
def _resolve_region(out: dict, label: str, refuse) -> None:
    context = " ".join(str(out.get(k, "")) for k in ("province", "city", "parent"))
    parent = out.pop("parent", None)
    region = out.get("region")
    if region is None:
        refuse(say("sidecar.parent_alone"))
        return
    div, cands = regions.exact(region, context)
    if div:
        out["region"], out["region_code"] = div.name, div.code
        return
    if cands:
        names = "、".join(regions.full_name(d) for d in cands[:8])
        refuse(say("sidecar.region_namesakes", region=region, count=len(cands), names=names),
               say("sidecar.region_namesakes_fix", example=regions.full_name(cands[0])))
        del out["region"]
        return
    if parent:
        pdiv, pcands = regions.exact(parent)
        if pdiv:
            out["region_code"], out["parent_code"] = None, pdiv.code
            return
        refuse(say("sidecar.parent_unknown", parent=parent), say("sidecar.parent_unknown_fix"))
    refuse(say("sidecar.region_unknown", region=region), say("sidecar.region_unknown_fix"))
    del out["region"]


def apply(meta: Meta, fields: dict) -> Meta:
    """Override detected metadata with validated sidecar fields (see load). A region brings
    its code, level and parents. Returns a new Meta; `meta` is left as it was."""
    meta = dataclasses.replace(meta, sources=dict(meta.sources), evidence=dict(meta.evidence))
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
