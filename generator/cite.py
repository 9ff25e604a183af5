# A report's citation in the style of GB/T 7714-2015 (rules and words: data/citation.yml).
#
#     河南省新乡市人民政府. 新乡市2025年政府工作报告[R]. 2025.
#     河南省新乡市人民政府. 新乡市2025年政府工作报告[EB/OL]. (2025-02-14)[引用日期]. https://…
#
# Only what the report states goes in: the responsible body when the region is a listed
# division, the publisher and publication date its web page gave, the page's address. The
# access date is the reader's and is added in the browser (docs/assets/javascripts/cite.js).

from __future__ import annotations

from dataclasses import dataclass

from generator import data
from generator.model import Meta


@dataclass(frozen=True)
class Citation:
    author: str | None  # 主要责任者
    title: str  # 题名
    kind: str  # R | EB/OL
    publisher: str | None  # 出版者 ([R] only)
    year: int | None  # 出版年 ([R] only)
    published: str | None  # 发布日期 YYYY-MM-DD ([EB/OL] only)
    address: str | None  # 获取和访问路径 ([EB/OL] only)

    @property
    def online(self) -> bool:
        return self.address is not None

    def text(self, accessed: str | None = None) -> str:
        """The citation; an online one with the access date when given (YYYY-MM-DD)."""
        out = (f"{self.author}. " if self.author else "") + f"{self.title}[{self.kind}]."
        if self.online:
            dates = (f"({self.published})" if self.published else "") + (f"[{accessed}]" if accessed else "")
            return out + (f" {dates}." if dates else "") + f" {self.address}."
        tail = ", ".join(x for x in (self.publisher, str(self.year) if self.year else None) if x)
        return out + (f" {tail}." if tail else "")



def author(meta: Meta) -> str | None:
    # The government that delivers the report, named from the top down (河南省鹤壁市浚县人民政府).
    # None when the region is not a listed division (a 新区's committee is no 人民政府).
    c = data.load("citation")
    if meta.level == "nation":
        return c["nation_author"]
    if not meta.region or not meta.region_code:
        return None
    names: list[str] = []
    for name in meta.parents + [meta.region]:
        if name not in names:
            names.append(name)
    return "".join(names) + c["author_suffix"]


def citation(meta: Meta) -> Citation:
    c = data.load("citation")
    publisher = meta.publisher if meta.publisher and meta.publisher not in c["not_publishers"] else None
    if meta.address:
        return Citation(author(meta), meta.title, c["type_online"], None, None, meta.published, meta.address)
    # A report: the year it was delivered; a page saved without its address: its publisher and year.
    stated = meta.published if publisher else meta.date
    year = int(stated[:4]) if stated else int(meta.date[:4]) if meta.date else meta.year
    return Citation(author(meta), meta.title, c["type_report"], publisher, year, None, None)
