"""The clipboard texts (Qt-free): question, answer with gap markers readable, source line."""

from __future__ import annotations

from zmdhelp.clipboard import clip_for, source_line
from zmdhelp.content import load_content
from zmdhelp.faq import Entry, Meta
from zmdhelp.markers import WINDOW_PLACEHOLDER

META = Meta(title="某问答集", source="某中心《问答》", updated="2026年1月1日", content_version="1")


def entry(**kw) -> Entry:
    base = dict(
        id="x",
        category=("一、注册登录类问题", "数字证书"),
        question="证书密码是多少？",
        answer="第一段，初始密码为〔待补充：证书初始密码〕。\n\n- 第一项\n- 第二项",
    )
    base.update(kw)
    return Entry(**base)


def test_plain_text_has_question_answer_and_source_in_order():
    clip = clip_for(entry(), "每月1日—25日", META)
    lines = clip.plain.splitlines()
    assert lines[0] == "证书密码是多少？"
    assert "第一段，初始密码为〔待补充：证书初始密码〕。" in lines
    assert "• 第一项" in lines and "• 第二项" in lines
    assert lines[-1] == "来源：某中心《问答》（更新：2026年1月1日）"


def test_entry_source_and_date_win_over_the_meta():
    e = entry(source="自己的来源", updated="2025年5月")
    assert source_line(e, META) == "来源：自己的来源（更新：2025年5月）"


def test_missing_date_stays_a_gap_marker_never_invented():
    faq = load_content().value
    e = faq.entries[0]
    clip = clip_for(e, "每月1日—25日〔待核实〕", faq.meta)
    assert clip.plain.endswith(f"（更新：{faq.meta.updated}）")
    assert "〔待补充：更新日期〕" in clip.plain.splitlines()[-1]


def test_window_placeholder_is_filled_with_the_phrase():
    e = entry(answer=f"请在{WINDOW_PLACEHOLDER}申报。")
    clip = clip_for(e, "每月1日—25日〔待核实〕", META)
    assert "请在每月1日—25日〔待核实〕申报。" in clip.plain
    assert WINDOW_PLACEHOLDER not in clip.plain and WINDOW_PLACEHOLDER not in clip.html


def test_html_flavour_keeps_paragraphs_and_lists_without_gap_styling():
    clip = clip_for(entry(), "p", META)
    assert clip.html.count("<li>") == 2 and "<ul>" in clip.html
    assert "<b>证书密码是多少？</b>" in clip.html
    assert "〔待补充：证书初始密码〕" in clip.html
    assert "background-color" not in clip.html  # a pasted document should not carry the highlight


def test_answer_only_leaves_out_question_and_source():
    clip = clip_for(entry(), "p", META, answer_only=True)
    assert clip.plain.startswith("第一段")
    assert "证书密码是多少？" not in clip.plain and "来源" not in clip.plain
    assert "来源" not in clip.html


def test_question_with_markup_characters_is_escaped_in_html():
    clip = clip_for(entry(question="<b>a&b</b>?"), "p", META)
    assert "&lt;b&gt;a&amp;b&lt;/b&gt;?" in clip.html
    assert clip.plain.startswith("<b>a&b</b>?")
