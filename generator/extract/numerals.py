"""Chinese numerals read as Arabic ones before figures are looked for. Older reports write
百分之十一点八, 六百零三亿元 and 一九八五年; the figures, years and ranges in them are read
like 11.8%, 603亿元 and 1985年. The numeral characters are data (`numerals` in
indicators.yml); records keep the sentence as written."""

from __future__ import annotations

import functools
import re

from generator.extract.vocab import cfg


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    n = cfg()["numerals"]
    chars = re.escape("".join([*n["digits"], *n["small_units"], *n["big_units"], n["point"]]))
    number = f"[{chars}]+"
    percent = re.compile(f"{re.escape(n['percent'])}({number})(?:({n['range']})({number}))?")
    bases = "|".join(re.escape(b) for b in n["bases"])
    amount = re.compile(f"({number})({bases})")
    year = re.compile(f"([{re.escape(''.join(n['digits']))}]{{4}})(?={re.escape(n['year'])})")
    return percent, amount, year


def _integer(text: str) -> int | None:
    """一千三百零五 → 1305, 十一 → 11; None for digits in a row (一九八五) or other characters."""
    n = cfg()["numerals"]
    total, current = 0, None
    for ch in text:
        if ch in n["digits"]:
            if current:
                return None
            current = n["digits"][ch]
        elif ch in n["small_units"]:
            total += (1 if current is None else current) * n["small_units"][ch]
            current = None
        else:
            return None
    return total + (current or 0)


def value(text: str) -> float | None:
    """三亿六千万 → 360000000, 一万六千七百七十亿 → 1677000000000, 十一点八 → 11.8."""
    n = cfg()["numerals"]
    for unit, mult in sorted(n["big_units"].items(), key=lambda kv: -kv[1]):
        if unit in text:
            head, _, rest = text.rpartition(unit)
            high = value(head) if head else 1
            low = value(rest) if rest else 0
            return None if high is None or low is None else high * mult + low
    whole, _, frac = text.partition(n["point"])
    number = _integer(whole) if whole else 0
    if number is None or not all(ch in n["digits"] for ch in frac):
        return None
    return number + (float("0." + "".join(str(n["digits"][ch]) for ch in frac)) if frac else 0)


def _arabic(v: float) -> str:
    return f"{v:.10g}"


def _amount(m: re.Match[str]) -> str:
    """六百零三亿元 → 603亿元: the value in the multiplier it is written with."""
    n, units = cfg()["numerals"], cfg()["units"]
    text, base = m.group(1), m.group(2)
    v = value(text)
    if v is None or not any(ch in n["digits"] for ch in text) or len(text) < 2:
        return m.group()  # 多万吨, 一人, 超千亿元 (a round phrase, not a figure)
    suffix = next((s for s in sorted(n["multipliers"], key=len, reverse=True) if text.endswith(s)), "")
    if suffix + base not in units:
        return m.group()
    return _arabic(v / n["multipliers"][suffix] if suffix else v) + suffix + base


def _percent(m: re.Match[str]) -> str:
    low = value(m.group(1))
    high = value(m.group(3)) if m.group(3) else None
    if low is None or (m.group(3) and high is None):
        return m.group()
    return _arabic(low) + (m.group(2) + _arabic(high) if high is not None else "") + "%"


def arabic(text: str) -> str:
    """The text with its Chinese numerals of percentages, amounts and years as Arabic ones."""
    percent, amount, year = _patterns()
    digits = cfg()["numerals"]["digits"]
    text = year.sub(lambda m: "".join(str(digits[ch]) for ch in m.group(1)), text)
    text = percent.sub(_percent, text)
    return amount.sub(_amount, text)
