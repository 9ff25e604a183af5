"""Read stage: encodings, scripts, unusable files."""

from __future__ import annotations

import pytest

from generator.model import InputError
from generator.read import detect_encoding, detect_script, read_bytes, to_simplified
from tests.conftest import seed_path

TEXT = "各位代表：现在，我代表县人民政府，向大会报告工作，请予审议。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_encodings_decode_to_the_same_text(data, encoding):
    enc, text = detect_encoding(data)
    assert enc == encoding
    assert text.lstrip("\ufeff") == TEXT


@pytest.mark.parametrize(("prefix", "script"), [("000", "hans"), ("001", "hant"), ("002", "hans"), ("003", "hans"), ("004", "hans")])
def test_seed_scripts(prefix, script):
    path = seed_path(prefix)
    source = read_bytes(path.name, path.read_bytes())
    assert source.script == script
    assert source.encoding == "utf-8"


def test_traditional_seed_is_converted_to_simplified():
    path = seed_path("001")
    text = read_bytes(path.name, path.read_bytes()).text
    assert "新乡市人民政府市长 魏建平" in text
    assert "新鄉" not in text and "報告" not in text


def test_simplified_text_is_not_converted():
    assert detect_script("乾隆皇帝的后代发展了这里。" * 5) == "hans"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "空"),
        (b" \n\t\r\n\xe3\x80\x80\n", "空"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "二进制"),
        (b"hello world, no Chinese here", "没有中文"),
    ],
)
def test_unusable_files_raise_a_reason(data, reason):
    with pytest.raises(InputError) as exc:
        read_bytes("x.txt", data)
    assert reason in exc.value.reason
    assert exc.value.fix


def test_html_page_yields_its_text():
    page = (
        "<!DOCTYPE html><html><head><title>t</title><style>p{}</style><script>var a=1;</script></head>"
        "<body><nav>首页 | 新闻</nav><h1>某县政府工作报告</h1><p>各位代表：</p>"
        "<p>现在，我代表县人民政府，向大会报告工作。</p><footer>版权所有</footer></body></html>"
    )
    source = read_bytes("page.html", page.encode("utf-8"))
    assert source.fmt == "html"
    assert source.text.splitlines() == ["某县政府工作报告", "各位代表：", "现在，我代表县人民政府，向大会报告工作。"]
    assert ("t", "html-title") in source.format_removed  # the browser tab's title, with the site's name
    assert ("首页 | 新闻", "html-nav") in source.format_removed
    assert ("var a=1;", "html-script") in source.format_removed


@pytest.mark.parametrize("traditional, simplified", [
    ("著力推動高質量發展", "着力推动高质量发展"),
    ("隨著改革深入，意味著新的機遇", "随着改革深入，意味着新的机遇"),
    ("成效顯著，著名品牌，著作權", "成效显著，著名品牌，著作权"),
    ("本著實事求是的原則，著眼長遠", "本着实事求是的原则，着眼长远"),
])
def test_traditional_text_converts_to_the_simplified_words(traditional, simplified):
    assert to_simplified(traditional) == simplified


def test_the_traditional_seed_reads_着力():
    path = seed_path("001")
    text = read_bytes(path.name, path.read_bytes()).text
    assert (text.count("着力"), text.count("著力")) == (7, 0)
