"""The submission-window indicator for the status bar, its month view and the settings dialog.

The indicator shows today's state (:func:`zmdhelp.window.status_text`) in a colour: green while
submissions are possible, amber on the last three days, red when closed. It must stay right on a
front-desk PC that runs for weeks: a single-shot timer fires just after local midnight, and a
periodic check catches what a timer cannot (the machine slept through midnight, the clock was
changed), as does the application becoming active again. The clock is injectable for tests.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any, Callable

from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QKeyEvent, QMouseEvent, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..window import (
    WindowRules,
    WindowState,
    check_days,
    fmt_date,
    fmt_month_day,
    load_rules,
    status_text,
)
from ..workdays import estimate_review

Clock = Callable[[], dt.datetime]

AMBER_DAYS = 3  # the last three days of the window are shown in amber
POLL_MS = 30_000  # re-check the date this often (sleep, clock changes)
MIDNIGHT_MARGIN_MS = 1_000  # fire a little after midnight so the new day has surely begun

# (background, text, border) per state; readable on light and dark status bars.
COLOURS = {
    "open": ("#cdeccf", "#145524", "#5fb26f"),
    "ending": ("#ffd977", "#5c3800", "#d99a00"),
    "closed": ("#f8c8cb", "#8c1820", "#d9707a"),
}
_WEEKDAYS = "一二三四五六日"


def level(state: WindowState) -> str:
    """Which colour a state gets: ``open``, ``ending`` (last three days) or ``closed``."""
    if not state.open:
        return "closed"
    return "ending" if state.days_left <= AMBER_DAYS else "open"


def ms_until_midnight(now: dt.datetime) -> int:
    tomorrow = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time())
    return max(int((tomorrow - now.replace(tzinfo=None)).total_seconds() * 1000), 0) + MIDNIGHT_MARGIN_MS


def day_summary(rules: WindowRules, day: dt.date) -> str:
    """What a chosen day is, for the month view: open / closure / outside the window."""
    s = rules.state(day)
    head = f"{fmt_date(day)}（周{_WEEKDAYS[day.weekday()]}）："
    if s.open:
        return head + f"可提交业务，本段截至{fmt_month_day(s.closes_on)}" if s.closes_on else head + "可提交业务"
    if s.closure is not None:
        return head + f"临时停办（{s.closure.reason}，{fmt_month_day(s.closure.start)}—{fmt_month_day(s.closure.end)}）"
    return head + "不在申报时间内，不能提交业务"


class WindowIndicator(QLabel):
    """Status-bar label: today's submission state; click (or Enter) opens the month view."""

    clicked = Signal()
    day_changed = Signal(object)  # the new dt.date, emitted when the shown day changes

    def __init__(
        self,
        rules: WindowRules,
        clock: Clock | None = None,
        parent: QWidget | None = None,
        poll_ms: int = POLL_MS,
    ) -> None:
        super().__init__(parent)
        self._rules = rules
        self._clock: Clock = clock or dt.datetime.now
        self._day: dt.date | None = None
        self._state: WindowState | None = None
        self.month_dialog: WindowMonthDialog | None = None
        self.setObjectName("windowIndicator")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable by keyboard, opened with Enter
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(poll_ms)
        self.poll_timer.timeout.connect(self.check_date)
        self.midnight_timer = QTimer(self)
        self.midnight_timer.setSingleShot(True)
        self.midnight_timer.timeout.connect(self.check_date)
        self.clicked.connect(self.open_month_view)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):  # waking from sleep usually re-activates the app
            app.applicationStateChanged.connect(self._app_state_changed)

        self.refresh()
        self.poll_timer.start()

    # ----- state -----
    @property
    def rules(self) -> WindowRules:
        return self._rules

    @property
    def state(self) -> WindowState:
        assert self._state is not None
        return self._state

    @property
    def today(self) -> dt.date:
        assert self._day is not None
        return self._day

    def now(self) -> dt.datetime:
        return self._clock()

    def set_rules(self, rules: WindowRules) -> None:
        """New rules (the office changed the days): redraw at once."""
        self._rules = rules
        self.refresh()
        if self.month_dialog is not None:
            self.month_dialog.set_rules(rules, self.today)

    def check_date(self) -> bool:
        """Redraw if the local date is not the one shown. Returns True when it changed."""
        now = self.now()
        changed = now.date() != self._day
        if changed:
            self.refresh(now)
        else:
            self._schedule_midnight(now)  # the clock may have moved: aim at the real midnight
        return changed

    def refresh(self, now: dt.datetime | None = None) -> None:
        now = now or self.now()
        day = now.date()
        old = self._day
        self._day = day
        self._state = self._rules.state(day)
        self._render()
        self._schedule_midnight(now)
        if old is not None and old != day:
            self.day_changed.emit(day)

    def _schedule_midnight(self, now: dt.datetime) -> None:
        self.midnight_timer.start(ms_until_midnight(now))

    def _app_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check_date()

    # ----- look -----
    def text_for(self, state: WindowState) -> str:
        text = status_text(state)
        if not self._rules.verified:
            text += " · 日期待核实"
        return text

    def _render(self) -> None:
        state = self.state
        lvl = level(state)
        bg, fg, border = COLOURS[lvl]
        mark = "●" if state.open else "○"
        self.setText(f"{mark} {self.text_for(state)}")
        self.setProperty("level", lvl)
        self.setStyleSheet(
            f"QLabel#windowIndicator{{background:{bg};color:{fg};border:1px solid {border};"
            f"border-radius:3px;padding:1px 8px;}}"
            f"QLabel#windowIndicator:focus{{border:2px solid {fg};}}"
        )
        self.setToolTip(self.tooltip_html())
        self.setAccessibleName("申报时间")
        self.setAccessibleDescription(self.text())

    def tooltip_html(self) -> str:
        state, rules = self.state, self._rules
        esc = html.escape
        parts = [f"<b>{esc(fmt_date(state.date))}：{esc(status_text(state))}</b>"]
        submit_day = state.date if state.open else state.next_open
        if submit_day is not None:
            parts.append(esc(estimate_review(submit_day).text(today=state.date)))
        if state.next_closure is not None:
            parts.append(esc(f"注意：{state.next_closure.describe()}"))
        rows = rules.describe()
        parts.append("<br>".join(esc(r) for r in rows))
        parts.append("<i>点击查看月历</i>")
        return "<div style='white-space:normal; width:420px'>" + "<br><br>".join(parts) + "</div>"

    # ----- interaction -----
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)

    def open_month_view(self) -> WindowMonthDialog:
        """Show the month view (non-modal, so the desk can keep working)."""
        self.check_date()
        if self.month_dialog is None:
            self.month_dialog = WindowMonthDialog(self._rules, self.today, self.window())
            self.day_changed.connect(lambda day: self.month_dialog and self.month_dialog.set_rules(self._rules, day))
        else:
            self.month_dialog.set_rules(self._rules, self.today)
        self.month_dialog.show()
        self.month_dialog.raise_()
        return self.month_dialog


class WindowMonthDialog(QDialog):
    """A month calendar: window days green (last three amber), closures red, today bold."""

    def __init__(self, rules: WindowRules, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("申报时间月历")
        self._rules = rules
        self._today = today
        layout = QVBoxLayout(self)

        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)

        self.calendar = QCalendarWidget(self)
        self.calendar.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setGridVisible(True)
        self.calendar.setMinimumDate(QDate(1900, 1, 1))
        self.calendar.setMaximumDate(QDate(2100, 12, 31))
        # Weekends are ordinary days here (submissions are allowed on them): no red weekend text.
        plain = QTextCharFormat()
        plain.setForeground(QBrush(QColor("#202020")))
        for d in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.calendar.setWeekdayTextFormat(d, plain)
        self.calendar.currentPageChanged.connect(lambda y, m: self._paint(y, m))
        self.calendar.selectionChanged.connect(self._show_selected)
        layout.addWidget(self.calendar)

        legend = QHBoxLayout()
        for key, text in (("open", "可提交"), ("ending", "最后三天"), ("closure", "临时停办"), ("closed", "不可提交")):
            legend.addWidget(self._swatch(key, text))
        legend.addStretch(1)
        layout.addLayout(legend)

        self.selected_label = QLabel(self)
        self.selected_label.setWordWrap(True)
        layout.addWidget(self.selected_label)

        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color:#555")
        layout.addWidget(self.note)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        today_button = buttons.addButton("回到今天", QDialogButtonBox.ButtonRole.ActionRole)
        today_button.clicked.connect(self.go_today)
        layout.addWidget(buttons)
        self.set_rules(rules, today)

    @staticmethod
    def _format(key: str) -> QTextCharFormat:
        fmt = QTextCharFormat()
        colours = {
            "open": ("#c9ebd0", "#17612c"),
            "ending": ("#ffe39a", "#7a4b00"),
            "closure": ("#f4b6ba", "#9f1d25"),
            "closed": ("#ffffff", "#8a8a8a"),
        }
        bg, fg = colours[key]
        fmt.setBackground(QBrush(QColor(bg)))
        fmt.setForeground(QBrush(QColor(fg)))
        if key == "closure":
            fmt.setFontStrikeOut(True)
        return fmt

    def _swatch(self, key: str, text: str) -> QLabel:
        fmt = self._format(key)
        label = QLabel(f"  {text}  ", self)
        label.setStyleSheet(
            f"background:{fmt.background().color().name()};color:{fmt.foreground().color().name()};"
            "border:1px solid #bbb;padding:1px 4px;"
        )
        return label

    def set_rules(self, rules: WindowRules, today: dt.date) -> None:
        self._rules = rules
        self._today = today
        state = rules.state(today)
        self.heading.setText(f"申报时间：{rules.phrase()}\n今天（{fmt_month_day(today)}）：{status_text(state)}")
        note = "节假日、周末、晚上均可提交（系统临时维护除外）。"
        if not rules.verified:
            note = "日期尚未核实（〔待核实〕），请向养老保险中心确认后在“申报时间设置”中填写。" + note
        self.note.setText(note)
        self.calendar.setSelectedDate(QDate(today.year, today.month, today.day))
        self._paint(self.calendar.yearShown(), self.calendar.monthShown())
        self._show_selected()

    def go_today(self) -> None:
        self.calendar.setSelectedDate(QDate(self._today.year, self._today.month, self._today.day))
        self.calendar.showSelectedDate()

    def day_kind(self, day: dt.date) -> str:
        """``open``, ``ending``, ``closure`` or ``closed`` for one day."""
        s = self._rules.state(day)
        if s.closure is not None:
            return "closure"
        if not s.open:
            return "closed"
        return "ending" if s.days_left <= AMBER_DAYS else "open"

    def _paint(self, year: int, month: int) -> None:
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clear every earlier format
        first = dt.date(year, month, 1)
        # The grid also shows days of the neighbouring months: paint six weeks around the page.
        start = first - dt.timedelta(days=7)
        for i in range(49):
            day = start + dt.timedelta(days=i)
            if not dt.date(1900, 1, 1) <= day <= dt.date(2100, 12, 31):
                continue
            kind = self.day_kind(day)
            fmt = self._format(kind)
            state = self._rules.state(day)
            if state.closure is not None:
                fmt.setToolTip(f"临时停办：{state.closure.reason}")
            if day == self._today:
                fmt.setFontWeight(QFont.Weight.Bold)
                fmt.setFontUnderline(True)
            self.calendar.setDateTextFormat(QDate(day.year, day.month, day.day), fmt)

    def _show_selected(self) -> None:
        q = self.calendar.selectedDate()
        day = dt.date(q.year(), q.month(), q.day())
        self.selected_label.setText(day_summary(self._rules, day))


class WindowSettingsDialog(QDialog):
    """Set the official submission days for this machine (``window.start_day``/``end_day``)."""

    def __init__(self, settings: Any, parent: QWidget | None = None, rules: WindowRules | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("申报时间设置")
        self.setMinimumWidth(440)
        self.settings = settings
        if rules is None:
            rules = load_rules(settings=settings).value
        self._file_rules = rules
        layout = QVBoxLayout(self)
        intro = QLabel(
            "请填写向养老保险中心核实过的每月业务申报日期。保存后在本机生效，视为已核实，"
            "常见问题中引用的申报时间和状态栏提示同步更新。某月没有“最后一天”这一天时（如 2 月 30 日），截止到当月最后一天。",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.start_spin = QSpinBox(self)
        self.end_spin = QSpinBox(self)
        for spin in (self.start_spin, self.end_spin):
            spin.setRange(1, 31)
            spin.setSuffix(" 日")
        start = settings.get("window.start_day")
        end = settings.get("window.end_day")
        self.start_spin.setValue(start if isinstance(start, int) and 1 <= start <= 31 else rules.start_day)
        self.end_spin.setValue(end if isinstance(end, int) and 1 <= end <= 31 else rules.end_day)
        form.addRow("每月第一天：", self.start_spin)
        form.addRow("每月最后一天：", self.end_spin)
        layout.addLayout(form)

        self.current_label = QLabel(self)
        self.current_label.setWordWrap(True)
        self.current_label.setText(f"当前：{rules.phrase()}" + ("（本机设置）" if rules.overridden else "（数据文件）"))
        layout.addWidget(self.current_label)

        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color:#b00020")
        layout.addWidget(self.error_label)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.clear_button = QPushButton("清除本机设置", self)
        self.clear_button.setToolTip("改回使用数据文件 window.toml 中的日期")
        self.clear_button.setEnabled(settings.get("window.start_day") is not None
                                     or settings.get("window.end_day") is not None)
        self.buttons.addButton(self.clear_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.clear_button.clicked.connect(self.clear)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for spin in (self.start_spin, self.end_spin):
            spin.valueChanged.connect(self._validate)
        self._validate()

    def _validate(self) -> bool:
        reason = check_days(self.start_spin.value(), self.end_spin.value())
        self.error_label.setText(reason or "")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(reason is None)
        return reason is None

    def _save(self, start: int | None, end: int | None) -> bool:
        before = self.settings.get("window.start_day"), self.settings.get("window.end_day")
        self.settings.set("window.start_day", start)
        self.settings.set("window.end_day", end)
        if not self.settings.save():
            # Not saved: put the old days back, so that a later save (a favourite, the window
            # size) does not write days the office never confirmed.
            self.settings.set("window.start_day", before[0])
            self.settings.set("window.end_day", before[1])
            self.error_label.setText(getattr(self.settings, "warning", "") or "无法保存设置")
            return False
        return True

    def accept(self) -> None:
        if not self._validate():
            return
        if self._save(self.start_spin.value(), self.end_spin.value()):
            super().accept()

    def clear(self) -> None:
        if self._save(None, None):
            super().accept()
