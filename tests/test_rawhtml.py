"""generator/rawhtml.py: raw HTML blocks set aside before Python-Markdown's own pass give the
same HTML as that pass, on tricky shapes and on every generated page of the seeds."""

from __future__ import annotations

import markdown
import pytest

from generator.rawhtml import RawHtmlBlocks

EXTENSIONS = ["attr_list", "admonition", "tables", "toc"]

SHAPES = {
    "block between paragraphs": '# T\n\n<div class="a">\n<p>x</p>\n</div>\n\ntext\n',
    "two elements on one line": "<p>a</p><p>b</p>\n\nz\n",
    "blank lines inside": "<div>\n\n<p>x</p>\n\n</div>\n\nend\n",
    "no blank line before": "para\n<div>x</div>\n\nmore\n",
    "list in details, table, nested divs": ('<details class="note">\n<summary>s</summary>\n<ul>\n'
                                            '<li><a href="#p1">a</a></li>\n</ul>\n</details>\n\n'
                                            "| a | b |\n| --- | --- |\n| [x](#p1) | y |\n\n<div>\n<div>n</div>\n</div>\n"),
    "never closed": "<div>unclosed\n\ntext\n",
    "spaces after the end tag": "<div>a</div>   \n\nb\n",
    "text after the end tag": "<div>a</div> tail\n\nb\n",
    "inline-level element": "<svg><path/></svg>\n\nx\n",
    "comment inside": "<div>\n<!-- c -->\n</div>\n\nx\n",
    "last line of the page": "x\n\n<div>a</div>",
    "markdown after the block": '<div id="cite">\n<p>c</p>\n</div>\n\n## H { #h }\n\n* item\n',
    "same tag nested on one line": "<div><div>a</div></div>\n\n<div>\n<div>b</div>\n</div>\n\nc\n",
    "upper-case tag": "<DIV>\n<P>x</P>\n</DIV>\n\ny\n",
    "void element": "<hr>\n\nx\n",
    "script in capitals inside": "<div>\n<SCRIPT>x</SCRIPT>\n</div>\n\ny\n",
    "processing instruction inside": "<div>\n<?php x ?>\n</div>\n\ny\n",
}


def both(text: str) -> tuple[str, str]:
    return (markdown.markdown(text, extensions=EXTENSIONS),
            markdown.markdown(text, extensions=EXTENSIONS + [RawHtmlBlocks()]))


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_the_html_is_python_markdowns_own(name):
    plain, fast = both(SHAPES[name])
    assert fast == plain


def test_simple_blocks_are_the_ones_set_aside():
    md = markdown.Markdown(extensions=EXTENSIONS + [RawHtmlBlocks()])
    lines = md.preprocessors["gwr_raw_html"].run(['<div class="a">', "<p>x</p>", "</div>", "", "text", ""])
    assert lines[0] == "" and lines[2:] == ["", "", "text", ""]
    assert md.htmlStash.rawHtmlBlocks == ['<div class="a">\n<p>x</p>\n</div>\n']


@pytest.mark.parametrize("inside", ["<!-- c -->", "<Script>x</Script>", "<STYLE>p{}</STYLE>", "<?x ?>", "<![CDATA[x]]>",
                                    "<textarea>t</textarea>", "<Pre>p</Pre>"])
def test_a_block_holding_a_comment_script_style_or_the_like_is_left_to_python_markdown(inside):
    md = markdown.Markdown(extensions=EXTENSIONS + [RawHtmlBlocks()])
    lines = ["<div>", inside, "</div>", "", "text", ""]
    assert md.preprocessors["gwr_raw_html"].run(lines) == lines
    assert md.htmlStash.rawHtmlBlocks == []


def test_every_generated_page_of_the_seeds_converts_the_same(site):
    pages = sorted((site / "docs").rglob("*.md"))
    assert len(pages) > 50
    for page in pages:
        text = page.read_text(encoding="utf-8")
        plain, fast = both(text)
        assert fast == plain, page.relative_to(site / "docs")


def test_anchors_are_read_as_mkdocs_reads_them():
    from generator.rawhtml import anchors

    block = ('<div id="cite" class="x">\n<p id=\'p1-2\'>a <a name="old">b</a> <span name="no">c</span></p>\n'
             '<h2 id="a&amp;b">t</h2>\n</div>')
    assert anchors(block) == {"cite", "p1-2", "old", "a&b"}
