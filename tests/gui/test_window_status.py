"""The status-bar window indicator, its month view and settings dialog, driven with a fake clock."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QGuiApplication

from zmdhelp.settings import Settings
from zmdhelp.window import Closure, WindowRules, load_rules

pytest.importorskip("zmdhelp.gui.window_status")
from zmdhelp.gui.window_status import (  # noqa: E402
    COLOURS,
    WindowIndicator,
    WindowSettingsDialog,
    ms_until_midnight,
)

EXCEPTIONS = ("机关事业单位“中人”待遇核算业务不受申报时间限制。",)
RULES = WindowRules(1, 25, exceptions=EXCEPTIONS, source="测试")
YEAR_END = Closure(dt.date(2026, 11, 24), dt.date(2026, 12, 3), "年终结算")


class FakeClock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def make(qtbot, now: dt.datetime, rules: WindowRules = RULES, **kw) -> tuple[WindowIndicator, FakeClock]:
    clock = FakeClock(now)
    ind = WindowIndicator(rules, clock=clock, **kw)
    qtbot.addWidget(ind)
    ind.show()
    return ind, clock


def test_midnight_rollover_with_injected_clock(qtbot) -> None:
    ind, clock = make(qtbot, dt.datetime(2026, 11, 25, 23, 59, 30))
    assert "今天是最后一天" in ind.text() and ind.property("level") == "ending"
    # the single-shot timer aims just after the fake clock's midnight, not the real one
    assert ind.midnight_timer.isActive() and ind.midnight_timer.isSingleShot()
    assert ind.midnight_timer.interval() == 31_000
    clock.now = dt.datetime(2026, 11, 26, 0, 0, 1)
    with qtbot.waitSignal(ind.day_changed) as blocker:
        ind.midnight_timer.timeout.emit()
    assert blocker.args == [dt.date(2026, 11, 26)]
    assert "今日不可提交 · 12月1日开放（5天后）" in ind.text()
    assert ind.property("level") == "closed"
    assert ind.midnight_timer.isActive()  # re-armed for the next midnight
    assert ind.midnight_timer.interval() == 24 * 3600 * 1000 - 1_000 + 1_000


def test_same_day_check_changes_nothing(qtbot) -> None:
    ind, clock = make(qtbot, dt.datetime(2026, 11, 10, 9, 0))
    before = ind.text()
    clock.now = dt.datetime(2026, 11, 10, 17, 0)
    assert ind.check_date() is False and ind.text() == before


def test_clock_change_caught_by_periodic_check(qtbot) -> None:
    ind, clock = make(qtbot, dt.datetime(2026, 11, 10, 9, 0), poll_ms=10)
    assert "剩余16天" in ind.text()
    # only the periodic check may notice: not the app's activation, not the midnight timer
    QGuiApplication.instance().applicationStateChanged.disconnect(ind._app_state_changed)
    ind.midnight_timer.stop()
    clock.now = dt.datetime(2026, 11, 28, 9, 0)  # someone fixes the PC's date; no midnight passes
    qtbot.waitUntil(lambda: "12月1日开放（3天后）" in ind.text())


def test_wake_from_sleep_refreshes_on_activation(qtbot) -> None:
    ind, clock = make(qtbot, dt.datetime(2026, 11, 20, 18, 0))
    ind.poll_timer.stop()
    ind.midnight_timer.stop()  # a sleeping machine fires no timers
    clock.now = dt.datetime(2026, 12, 2, 8, 30)
    QGuiApplication.instance().applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    assert ind.today == dt.date(2026, 12, 2) and "剩余24天" in ind.text()


@pytest.mark.parametrize(
    "day, level",
    [(22, "open"), (23, "ending"), (24, "ending"), (25, "ending"), (26, "closed"), (1, "open")],
)
def test_colour_levels(qtbot, day: int, level: str) -> None:
    ind, _ = make(qtbot, dt.datetime(2026, 11, day, 12, 0))
    assert ind.property("level") == level
    assert COLOURS[level][0] in ind.styleSheet()


def test_unverified_mark_and_tooltip(qtbot) -> None:
    ind, _ = make(qtbot, dt.datetime(2026, 11, 23, 9, 0))
    assert ind.text().endswith("待核实")
    assert "可提交业务 · 剩余3天（截至11月25日）" in ind.text()
    tip = ind.toolTip()
    assert "每月1日—25日〔待核实〕" in tip and "中人" in tip
    assert "一到两个工作日" in tip and "11月24日" in tip  # review estimate
    ind.set_rules(RULES.with_days(6, 20))
    assert "待核实" not in ind.text() and "12月6日开放（13天后）" in ind.text()
    assert "待核实" not in ind.toolTip().split("<br><br>")[0]


def test_closure_in_text(qtbot) -> None:
    rules = WindowRules(1, 25, closures=(YEAR_END,))
    ind, _ = make(qtbot, dt.datetime(2026, 11, 30, 9, 0), rules)
    assert "年终结算" in ind.text() and "12月4日开放（4天后）" in ind.text()
    ind2, _ = make(qtbot, dt.datetime(2026, 11, 20, 9, 0), rules)
    assert "截至11月23日" in ind2.text() and "年终结算" in ind2.toolTip()


def test_click_opens_month_view_with_marked_days(qtbot) -> None:
    rules = WindowRules(1, 25, closures=(YEAR_END,))
    ind, clock = make(qtbot, dt.datetime(2026, 11, 10, 9, 0), rules)
    qtbot.mouseClick(ind, Qt.MouseButton.LeftButton)
    dialog = ind.month_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    cal = dialog.calendar
    fmt = cal.dateTextFormat

    def bg(y: int, m: int, d: int) -> str:
        return fmt(QDate(y, m, d)).background().color().name()

    assert bg(2026, 11, 5) == dialog._format("open").background().color().name()
    assert bg(2026, 11, 21) == dialog._format("ending").background().color().name()
    assert bg(2026, 11, 24) == dialog._format("closure").background().color().name()
    assert fmt(QDate(2026, 11, 24)).toolTip() == "临时停办：年终结算"
    assert bg(2026, 11, 5) != bg(2026, 11, 24)
    assert fmt(QDate(2026, 11, 10)).fontWeight() == QFont.Weight.Bold  # today
    # turning the page paints the next month: the closure runs on into December
    cal.setCurrentPage(2026, 12)
    assert bg(2026, 12, 2) == dialog._format("closure").background().color().name()
    assert bg(2026, 12, 10) == dialog._format("open").background().color().name()
    assert bg(2026, 12, 28) == dialog._format("closed").background().color().name()
    cal.setSelectedDate(QDate(2026, 12, 2))
    assert "临时停办" in dialog.selected_label.text()
    # the month view follows the day change too
    clock.now = dt.datetime(2026, 11, 11, 0, 0, 1)
    ind.check_date()
    assert "11月11日" in dialog.heading.text()


def test_enter_key_opens_month_view(qtbot) -> None:
    ind, _ = make(qtbot, dt.datetime(2026, 11, 10, 9, 0))
    qtbot.keyClick(ind, Qt.Key.Key_Return)
    assert ind.month_dialog is not None and ind.month_dialog.isVisible()
    qtbot.addWidget(ind.month_dialog)


def test_ms_until_midnight() -> None:
    assert ms_until_midnight(dt.datetime(2026, 11, 25, 23, 59, 59)) == 2_000
    assert ms_until_midnight(dt.datetime(2026, 12, 31, 0, 0, 0)) == 24 * 3600 * 1000 + 1_000


def test_settings_dialog_saves_verified_days(qtbot, user_home) -> None:
    settings = Settings()
    dialog = WindowSettingsDialog(settings, None)
    qtbot.addWidget(dialog)
    assert (dialog.start_spin.value(), dialog.end_spin.value()) == (1, 25)
    dialog.start_spin.setValue(6)
    dialog.end_spin.setValue(20)
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    again = Settings()  # read back from disk
    assert (again.get("window.start_day"), again.get("window.end_day")) == (6, 20)
    rules = load_rules(settings=again).value
    assert rules.verified and rules.phrase() == "每月6日—20日"


def test_settings_dialog_refuses_first_after_last(qtbot, user_home) -> None:
    settings = Settings()
    dialog = WindowSettingsDialog(settings, None)
    qtbot.addWidget(dialog)
    dialog.end_spin.setValue(10)
    dialog.start_spin.setValue(12)
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert not save.isEnabled() and "不能晚于" in dialog.error_label.text()
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert Settings().get("window.start_day") is None


def test_settings_dialog_clear(qtbot, user_home) -> None:
    settings = Settings()
    settings.set("window.start_day", 3)
    settings.set("window.end_day", 9)
    settings.save()
    dialog = WindowSettingsDialog(settings, None)
    qtbot.addWidget(dialog)
    assert dialog.start_spin.value() == 3 and dialog.clear_button.isEnabled()
    dialog.clear_button.click()
    assert Settings().get("window.start_day") is None
    assert not load_rules(settings=Settings()).value.verified


def test_settings_dialog_unwritable_folder_shows_message(qtbot, tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    settings = Settings(blocker / "settings.json")  # parent is a file: cannot be created
    dialog = WindowSettingsDialog(settings, None, rules=RULES)
    qtbot.addWidget(dialog)
    dialog.start_spin.setValue(2)
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "无法保存" in dialog.error_label.text()
    # Not saved, so not kept in memory either: a later successful save must not write these days.
    assert settings.get("window.start_day") is None and settings.get("window.end_day") is None
