# Chinese numerals read as Arabic ones before figures are looked for. Older reports write
# 百分之十一点八, 百分之八至九 and 一九八五年; they are read like 11.8%, 8至9% and 1985年. The
# numeral characters are data (`numerals` in indicators.yml); records keep the sentence as
# written.

from __future__ import annotations

import functools
import re

from generator import data


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    n = data.load("indicators")["numerals"]
    chars = re.escape("".join([*n["digits"], *n["small_units"], *n["big_units"], n["point"]]))
    number = f"[{chars}]+"
    percent = re.compile(f"{re.escape(n['percent'])}({number})(?:({n['range']})({number}))?")
    year = re.compile(f"([{re.escape(''.join(n['digits']))}]{{4}})(?={re.escape(n['year'])})")
    return percent, year


def _integer(text: str) -> int | None:
    # 一千三百零五 → 1305, 十一 → 11; None for digits in a row (一九八五) or other characters.
    n = data.load("indicators")["numerals"]
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
    # 三亿六千万 → 360000000, 一万六千七百七十亿 → 1677000000000, 十一点八 → 11.8.
    n = data.load("indicators")["numerals"]
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



def _percent(m: re.Match[str]) -> str:
    low = value(m.group(1))
    high = value(m.group(3)) if m.group(3) else None
    if low is None or (m.group(3) and high is None):
        return m.group()
    return _arabic(low) + (m.group(2) + _arabic(high) if high is not None else "") + "%"


def arabic(text: str) -> str:
    # The text with its Chinese numerals of percentages and years as Arabic ones. Amounts in
    # Chinese numerals (三千九百二十亿斤) stay as written: in the older reports that use them they
    # are mostly plan figures, totals over years or history, not a year's result.
    percent, year = _patterns()
    digits = data.load("indicators")["numerals"]["digits"]
    text = year.sub(lambda m: "".join(str(digits[ch]) for ch in m.group(1)), text)
    return percent.sub(_percent, text)
