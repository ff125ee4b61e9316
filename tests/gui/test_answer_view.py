"""The answer page's HTML."""

from __future__ import annotations

from zmdhelp.gui.answer_view import answer_html


def test_answer_page_styles_gaps_in_the_source_line_too(faq):
    entry = faq.get("sms-code")  # no gap in the answer, but the content date is still missing
    page = answer_html(entry, "每月1日—25日", meta=faq.meta)
    source = next(line for line in page.splitlines() if "来源：" in line)
    assert '<span class="gap"' in source and "〔待补充：更新日期〕" in source
