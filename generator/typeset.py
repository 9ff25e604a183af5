"""Typesetting of Chinese text: full-width punctuation, no stray spaces, paired quotes."""

from __future__ import annotations

import re

# The Han characters (unified ideographs, extension A, compatibility): the one definition the
# other modules use, as a character-class body (HAN) or a compiled single character (HAN_CHAR).
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_CHAR = re.compile(f"[{HAN}]")
_CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2014\u2026\u00b7"
_WIDE = f"[{HAN}{_CJK_PUNCT}]"

# Half-width → full-width, applied when the mark touches Chinese text and does not sit
# between two digits (12.8:51.9:35.3, 10:29, 1,000 stay as they are).
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_MARK = re.compile(r"[,:;!?]")
_SPACE_RUN = re.compile(r"[ \t\u3000\u00a0]+")
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _is_wide(ch: str) -> bool:
    return bool(ch) and re.match(_WIDE, ch) is not None


def _spaces(text: str) -> str:
    """Drop spaces next to Chinese characters or punctuation; keep one between Latin words."""

    def repl(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if not before or not after or _is_wide(before) or _is_wide(after):
            return ""
        return " "

    return _SPACE_RUN.sub(repl, text)


def _marks(text: str) -> str:
    chinese = re.search(f"[{HAN}]", text) is not None

    def repl(m: re.Match[str]) -> str:
        i = m.start()
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if before.isdigit() and after.isdigit():
            return m.group()
        if _is_wide(before) or _is_wide(after) or not after:
            return _HALF_TO_FULL[m.group()]
        # In a Chinese sentence a comma between figures and codes is Chinese too
        # (14.16%,G220); a colon there may be a time or a ratio and stays.
        if chinese and m.group() in ",;" and (before.isalnum() or before == "%") and after.isalnum():
            return _HALF_TO_FULL[m.group()]
        return m.group()

    return _MARK.sub(repl, text)


def _parens(text: str) -> str:
    """( ) around or beside Chinese text become （ ）."""
    out = list(text)
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            j = stack.pop()
            inner = text[j + 1 : i]
            before = text[j - 1] if j else ""
            if re.search(f"[{HAN}]", inner) or _is_wide(before):
                out[j], out[i] = "（", "）"
    return "".join(out)


def _quotes(text: str) -> str:
    """Pair straight double quotes with curly ones: “……" → “……”."""
    out = []
    open_ = False
    for ch in text:
        if ch == "“":
            open_ = True
        elif ch == "”":
            open_ = False
        elif ch == '"':
            ch = "”" if open_ else "“"
            open_ = not open_
        out.append(ch)
    return "".join(out)


def typeset(text: str) -> str:
    text = _marks(text.strip())
    text = _parens(text)
    text = _spaces(text)
    return _quotes(text)


def normalise(text: str) -> str:
    """A comparison key: no whitespace, full-width marks, ASCII digits. Used by tests and
    by duplicate detection, never for display."""
    text = text.translate(_FULL_DIGITS)
    text = re.sub(r"\s+", "", text)
    text = text.replace("（", "(").replace("）", ")")
    for half, full in _HALF_TO_FULL.items():
        text = text.replace(full, half)
    return text.replace("“", '"').replace("”", '"')
