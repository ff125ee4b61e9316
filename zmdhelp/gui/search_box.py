"""The search field: keys that move through the results without leaving the field."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit


class SearchBox(QLineEdit):
    """Up/Down/PageUp/PageDown move the current result, Enter opens it, Esc clears.

    The field keeps the keyboard focus while the clerk moves through results, so typing can go on
    at any moment (a common pattern in launchers and help viewers).
    """

    move_requested = Signal(int)  # -1 / +1 rows, or ±5 for a page
    open_requested = Signal()
    cleared = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("输入问题或关键词，例如：证书密码、申报时间、验证码（Ctrl+F）")
        self.setClearButtonEnabled(True)
        self.setAccessibleName("搜索问题")
        self.setAccessibleDescription("输入后自动显示结果；上下方向键选择，回车打开，Esc 清空")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Down:
            self.move_requested.emit(1)
        elif key == Qt.Key.Key_Up:
            self.move_requested.emit(-1)
        elif key == Qt.Key.Key_PageDown:
            self.move_requested.emit(5)
        elif key == Qt.Key.Key_PageUp:
            self.move_requested.emit(-5)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit()
        elif key == Qt.Key.Key_Escape:
            self.clear()
            self.cleared.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()
