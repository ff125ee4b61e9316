"""Drive the main window as a clerk does: type, press keys, click, read the clipboard."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication

from zmdhelp.gui.main_window import PAGE_ANSWER, PAGE_HOME, PAGE_RESULTS
from zmdhelp.gui.models import ENTRY_ID_ROLE, HTML_ROLE
from zmdhelp.settings import Settings

from .conftest import StubEngine, ime_type


def type_query(qtbot, window, text: str) -> None:
    ime_type(window.search_box, text)
    with qtbot.waitSignal(window.search_done, timeout=3000):
        pass


def test_typing_shows_highlighted_results_after_a_pause(qtbot, make_window, faq):
    window = make_window()
    assert window.stack.currentIndex() == PAGE_HOME
    ime_type(window.search_box, "密码")
    assert window.stack.currentIndex() == PAGE_RESULTS
    assert window.results_model.rowCount() == 0  # debounced: not searched on the keystroke
    with qtbot.waitSignal(window.search_done, timeout=3000) as blocker:
        pass
    assert blocker.args[0] == "密码"
    expected = [e.id for e in faq if "密码" in e.question or "密码" in e.answer]
    assert [h.id for h in window.results_model.hits()] == expected
    assert ">密码</span>" in window.results_model.index(0, 0).data(HTML_ROLE)
    assert window.engine.queries == ["密码"]  # one search for two keystrokes


def test_arrows_move_through_results_and_enter_opens(qtbot, make_window):
    window = make_window()
    type_query(qtbot, window, "证书")
    hits = window.results_model.hits()
    assert len(hits) >= 3
    assert window.results_view.currentIndex().row() == 0
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Up)
    assert window.results_view.currentIndex().row() == 1
    # the tree follows the results without opening anything
    assert window.tree.currentIndex().data(ENTRY_ID_ROLE) == hits[1].id
    assert window.stack.currentIndex() == PAGE_RESULTS
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.stack.currentIndex() == PAGE_ANSWER
    assert window.current.id == hits[1].id
    assert hits[1].question in window.answer_view.toPlainText()
    assert window.back_button.isVisible()
    window.back_button.click()
    assert window.stack.currentIndex() == PAGE_RESULTS


def test_escape_clears_and_returns_home(qtbot, make_window):
    window = make_window()
    type_query(qtbot, window, "证书")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.search_box.text() == ""
    assert window.stack.currentIndex() == PAGE_HOME
    assert window.results_model.rowCount() == 0


def test_no_result_state_offers_suggestions(qtbot, make_window, faq):
    window = make_window()
    with qtbot.waitSignal(window.search_done, timeout=3000) as blocker:
        ime_type(window.search_box, "火星签证")
    assert blocker.args == ["火星签证", 0]
    assert window.no_result
    assert "没有找到与“火星签证”相关的问题" in window.results_label.text()
    assert window.results_model.rowCount() == 5  # the stand-in's suggestions
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.current.id == faq.entries[0].id


def test_clicking_a_question_in_the_tree_opens_and_counts_it(qtbot, make_window, faq, settings_path):
    window = make_window()
    entry = faq.entries[3]
    index = window.tree_model.index_of(entry.id)
    window.tree.expand(index.parent())
    window.tree.scrollTo(index)
    rect = window.tree.visualRect(index)
    qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.stack.currentIndex() == PAGE_ANSWER
    assert window.current.id == entry.id
    text = window.answer_view.toPlainText()
    assert entry.question in text and entry.category_path in text
    assert Settings(settings_path).get("views") == {entry.id: 1}
    assert Settings(settings_path).get("recent") == [entry.id]


def test_tree_keyboard_navigation_shows_answers_without_counting(qtbot, make_window, faq, settings_path):
    window = make_window()
    first = faq.entries[0]
    window.tree.setCurrentIndex(window.tree_model.index_of(first.id))
    assert window.current.id == first.id
    qtbot.keyClick(window.tree, Qt.Key.Key_Down)
    nxt = window.tree.currentIndex().data(ENTRY_ID_ROLE)
    assert nxt and nxt != first.id and window.current.id == nxt
    assert Settings(settings_path).get("views") == {}


def test_copy_button_puts_plain_text_and_html_on_the_clipboard(qtbot, make_window, faq):
    window = make_window()
    entry = next(e for e in faq if "〔待补充" in e.answer)
    window.open_entry(entry.id)
    with qtbot.waitSignal(window.copied):
        qtbot.mouseClick(window.copy_button, Qt.MouseButton.LeftButton)
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.text().startswith(entry.question + "\n\n")
    assert "〔待补充：" in mime.text()
    assert mime.text().splitlines()[-1].startswith("来源：")
    assert mime.hasHtml() and "<p>" in mime.html()
    assert window.copy_button.text() == "✓ 已复制"
    assert "已复制" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.copy_button.text() == "复制答案", timeout=3000)


def test_ctrl_shift_c_copies_the_open_answer(qtbot, make_window, faq):
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    entry = faq.entries[5]
    window.open_entry(entry.id)
    QGuiApplication.clipboard().clear()
    with qtbot.waitSignal(window.copied, timeout=2000):
        qtbot.keyClick(window.answer_view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert QGuiApplication.clipboard().text().startswith(entry.question)


def test_answer_only_option_and_result_context_menu(qtbot, make_window, faq, settings_path):
    window = make_window()
    type_query(qtbot, window, "验证码")
    hit = window.results_model.hits()[0]
    menu = window.result_menu(hit.id)
    labels = [a.text() for a in menu.actions()]
    assert labels == ["打开", "复制答案", "仅复制答复正文", "收藏"]
    menu.actions()[1].trigger()
    assert QGuiApplication.clipboard().text().startswith(hit.question)
    menu.actions()[2].trigger()
    text = QGuiApplication.clipboard().text()
    assert hit.question not in text and "来源" not in text
    menu.actions()[3].trigger()
    assert Settings(settings_path).get("favourites") == [hit.id]
    # the menu option: "复制答案" copies only the answer from now on, and it is remembered
    window.act_answer_only.trigger()
    window.open_entry(hit.id)
    window.copy_button.click()
    assert not QGuiApplication.clipboard().text().startswith(hit.question)
    assert Settings(settings_path).get("ui.copy_answer_only") is True


def test_favourites_and_recent_survive_a_restart(qtbot, make_window, faq, settings_path):
    window = make_window()
    a, b = faq.entries[2], faq.entries[7]
    window.open_entry(a.id)
    qtbot.mouseClick(window.favourite_button, Qt.MouseButton.LeftButton)
    assert window.favourite_button.text() == "★ 已收藏"
    window.open_entry(b.id)
    window.open_entry(a.id)
    window.close()

    again = make_window()
    assert again.home.favourites.entry_ids() == [a.id]
    assert again.home.recent.entry_ids() == [a.id, b.id]
    assert again.home.frequent.entry_ids() == [a.id, b.id]  # a opened twice
    assert again.home.lists["favourites"].isVisible()
    # clicking a favourite on the home page opens it
    view = again.home.lists["favourites"]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(view.model().index(0, 0)).center())
    assert again.current.id == a.id
    assert again.favourite_button.isChecked()
    again.toggle_favourite()
    assert Settings(settings_path).get("favourites") == []


def test_text_size_keys_change_and_remember_the_size(qtbot, make_window, settings_path):
    window = make_window()
    base = window.font().pointSizeF()
    window.act_bigger.trigger()
    window.act_bigger.trigger()
    assert window.font().pointSizeF() == pytest.approx(round(base) + 2)
    assert window.answer_view.font().pointSizeF() == pytest.approx(round(base) + 2)
    window.act_large.trigger()
    assert window.font().pointSizeF() == pytest.approx((round(base) + 2) * 1.5)
    window.close()

    again = make_window()
    assert again.font().pointSizeF() == pytest.approx((round(base) + 2) * 1.5)
    assert again.act_large.isChecked()
    again.act_reset.trigger()
    again.act_large.trigger()
    assert again.font().pointSizeF() == pytest.approx(base)
    assert Settings(settings_path).get("ui.font_size") == 0


def test_search_waits_for_the_engine_then_runs(qtbot, make_window, faq):
    engine = StubEngine(faq, ready=False)
    window = make_window(engine=engine)
    ime_type(window.search_box, "证书")
    qtbot.waitUntil(lambda: "正在准备搜索" in window.results_label.text(), timeout=3000)
    assert engine.queries == []
    engine.prepare()
    with qtbot.waitSignal(window.search_done):
        window.handle_prepared(0.01)
    assert window.results_model.rowCount() > 0


def test_worker_prepares_the_engine_off_the_gui_thread(qtbot, make_window, faq):
    import threading

    seen: list[str] = []

    class Slow(StubEngine):
        def prepare(self) -> None:
            seen.append(threading.current_thread().name)
            super().prepare()

    engine = Slow(faq, ready=False)
    window = make_window(engine=engine, start_worker=True)
    qtbot.waitUntil(lambda: engine.ready and not window.search_state.isVisible(), timeout=5000)
    assert seen and seen[0] != threading.main_thread().name


def test_failed_preparation_is_reported_not_fatal(qtbot, make_window, faq):
    class Broken(StubEngine):
        def prepare(self) -> None:
            raise OSError("磁盘只读")

    window = make_window(engine=Broken(faq, ready=False), start_worker=True)
    qtbot.waitUntil(window.banner.isVisible, timeout=5000)
    assert "磁盘只读" in window.banner_label.text()
    assert window.search_state.text() == "搜索不可用"


def test_answer_shows_related_questions_and_links_open_entries(qtbot, make_window, faq):
    window = make_window()
    entry = faq.entries[0]
    window.open_entry(entry.id)
    related = window.engine.related(entry.id)
    assert related
    text = window.answer_view.toPlainText()
    assert "相关问题" in text and related[0].question in text
    window.answer_view.handle_anchor(QUrl(f"entry:{related[0].id}"))
    assert window.current.id == related[0].id


def test_web_links_go_to_the_system_browser(qtbot, make_window, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr("zmdhelp.gui.answer_view.QDesktopServices.openUrl", lambda url: opened.append(url.toString()))
    window = make_window()
    window.answer_view.handle_anchor(QUrl("https://example.org/a"))
    window.answer_view.handle_anchor(QUrl("file:///etc/passwd"))
    assert opened == ["https://example.org/a"]


def test_reconstructed_title_and_gap_legend_are_shown(qtbot, make_window, faq):
    window = make_window()
    entry = next(e for e in faq if e.reconstructed)
    window.open_entry(entry.id)
    assert "说明：" in window.answer_view.toPlainText()
    gap_entry = next(e for e in faq if "〔待补充" in e.answer)
    window.open_entry(gap_entry.id)
    assert "尚待本单位补充" in window.answer_view.toPlainText()
    assert "#fff3bf" in window.answer_view.toHtml().lower()


def test_window_placeholder_is_filled_in_the_answer(qtbot, make_window, faq):
    window = make_window()
    entry = next(e for e in faq if "〔申报时间〕" in e.answer)
    window.open_entry(entry.id)
    text = window.answer_view.toPlainText()
    assert "〔申报时间〕" not in text and window.rules.phrase() in text


def test_data_warnings_show_once_in_a_banner(qtbot, make_window):
    window = make_window(warnings=["办公室数据无效，已改用内置内容"])
    assert window.banner.isVisible()
    assert "办公室数据无效" in window.banner_label.text()
    window.add_warnings(["办公室数据无效，已改用内置内容"])
    assert window.banner_label.text().count("办公室数据无效") == 1
    qtbot.mouseClick(window.banner_close, Qt.MouseButton.LeftButton)
    assert not window.banner.isVisible()


def test_export_pdf_writes_a_handout(qtbot, make_window, faq, tmp_path, monkeypatch):
    window = make_window()
    window.open_entry(faq.entries[0].id)
    target = tmp_path / "handout"
    monkeypatch.setattr(window, "ask_pdf_path", lambda suggested: str(target))
    path = window.export_pdf_current()
    assert path == target.with_suffix(".pdf")
    assert path.read_bytes().startswith(b"%PDF")


def test_export_pdf_cancelled_writes_nothing(qtbot, make_window, faq, monkeypatch):
    window = make_window()
    window.open_entry(faq.entries[0].id)
    monkeypatch.setattr(window, "ask_pdf_path", lambda suggested: "")
    assert window.export_pdf_current() is None


def test_answer_actions_disabled_without_an_answer(qtbot, make_window):
    window = make_window()
    assert not window.copy_button.isEnabled() and not window.act_copy.isEnabled()
    window.copy_current()  # nothing open: nothing happens, nothing breaks
    window.toggle_favourite()


def test_settings_dialog_applies_and_saves(qtbot, make_window, settings_path):
    window = make_window()
    window.open_settings()
    dialog = window._settings_dialog
    assert dialog.isVisible()
    dialog.font_size.setValue(14)
    dialog.answer_only.setChecked(True)
    dialog.accept()
    assert window.font().pointSizeF() == pytest.approx(14)
    saved = Settings(settings_path)
    assert saved.get("ui.font_size") == 14 and saved.get("ui.copy_answer_only") is True
    assert window.act_answer_only.isChecked()


def test_about_dialog_names_versions_and_locations(qtbot, make_window, faq, settings_path):
    from zmdhelp import __version__

    window = make_window()
    window.open_about()
    dialog = window._about_dialog
    assert dialog.isVisible()
    assert dialog.values["程序版本"] == __version__
    assert dialog.values["内容版本"] == faq.meta.content_version
    assert dialog.values["设置文件"] == str(settings_path)
    dialog.reject()


def test_geometry_is_saved_on_close(qtbot, make_window, settings_path):
    window = make_window()
    window.resize(900, 600)
    window.close()
    assert Settings(settings_path).get("ui.geometry")


def test_accessible_names_and_chinese_title(make_window):
    from zmdhelp import APP_TITLE

    window = make_window()
    assert window.windowTitle() == APP_TITLE
    for w in (window.search_box, window.tree, window.results_view, window.answer_view, window.copy_button):
        assert w.accessibleName()


def test_official_window_days_update_indicator_and_answers(qtbot, make_window, faq, settings_path):
    window = make_window()
    entry = next(e for e in faq if "〔申报时间〕" in e.answer)
    window.open_entry(entry.id)
    qtbot.mouseClick(window.window_button, Qt.MouseButton.LeftButton)
    dialog = window._window_dialog
    assert dialog.isVisible()
    dialog.start_spin.setValue(6)
    dialog.end_spin.setValue(20)
    dialog.accept()
    assert window.rules.phrase() == "每月6日—20日"
    assert window.indicator.rules.phrase() == "每月6日—20日"
    assert "每月6日—20日" in window.answer_view.toPlainText()
    saved = Settings(settings_path)
    assert (saved.get("window.start_day"), saved.get("window.end_day")) == (6, 20)
    window.copy_current(answer_only=True)
    assert "每月6日—20日" in QGuiApplication.clipboard().text()


def test_ctrl_k_and_ctrl_f_focus_the_search_box(qtbot, make_window):
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    for key in (Qt.Key.Key_K, Qt.Key.Key_F):
        window.tree.setFocus()
        qtbot.waitUntil(window.tree.hasFocus, timeout=2000)
        qtbot.keyClick(window.tree, key, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(window.search_box.hasFocus, timeout=2000)


def test_enter_right_after_typing_opens_the_new_top_hit(qtbot, make_window, faq):
    window = make_window()
    with qtbot.waitSignal(window.search_done, timeout=3000):
        ime_type(window.search_box, "证书")
    ime_type(window.search_box, "怎么办理")  # the query changes; Enter comes before the pause ends
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.current is not None
    assert window.current.question == "证书怎么办理？"


def test_strange_input_never_breaks_the_window(qtbot, make_window):
    window = make_window()
    for text in ("*", ")(", "\\", "a" * 500, "   ", "〔待补充：", "<b>x</b>"):
        window.search_box.setText(text)
        window.run_search()
    assert "&lt;b&gt;x&lt;/b&gt;" in window.results_label.text()


def test_banner_is_one_line_per_warning_with_details_on_request(qtbot, make_window):
    detail = "/office/faq.toml:12: 问题 a：答复是空的"
    window = make_window(warnings=[f"/office/faq.toml 无法使用，已改用内置内容：\n{detail}"])
    assert window.banner_label.text() == "提示：/office/faq.toml 无法使用，已改用内置内容"
    assert window.banner_details.isVisibleTo(window)
    qtbot.mouseClick(window.banner_details, Qt.MouseButton.LeftButton)
    box = window.details_box
    assert box is not None and box.isVisible() and not box.isModal()
    assert detail in box.detailedText()
    box.close()
    window.add_warnings(["同义词文件无法使用"])  # a one-line warning joins the banner
    assert window.banner_label.text().count("提示：") == 2


def test_large_text_reaches_styled_widgets(qtbot, make_window):
    """Banner, its buttons and the status-bar indicator grow with the rest of the window."""
    window = make_window(warnings=["办公室数据无效，已改用内置内容"])
    window.show()
    qtbot.waitExposed(window)
    window.set_large_text(True)
    size = window.font().pointSizeF()
    for widget in (window.banner_label, window.banner_close, window.indicator):
        assert widget.font().pointSizeF() == pytest.approx(size), widget
    window.set_large_text(False)
    normal = window.font().pointSizeF()
    assert normal < size and window.indicator.font().pointSizeF() == pytest.approx(normal)


def test_tab_order_runs_search_tree_page_then_buttons(make_window):
    window = make_window()
    wanted = [window.search_box, window.tree, window.results_view, window.answer_view,
              window.copy_button, window.favourite_button, window.print_button, window.pdf_button]
    chain, w = [], window.search_box
    for _ in range(200):  # the focus chain is a ring: walk it once
        chain.append(w)
        w = w.nextInFocusChain()
        if w is window.search_box:
            break
    positions = [next(i for i, c in enumerate(chain) if c is x) for x in wanted]
    assert positions == sorted(positions)
    for widget in wanted:
        assert widget.accessibleName(), widget
