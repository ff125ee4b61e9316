"""The settings dialog (text size, large text, what "copy" copies) and the About dialog."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .. import APP_TITLE, __version__

MIN_POINT, MAX_POINT = 8, 32


@dataclass
class UiPrefs:
    font_size: int  # 0 = the platform default
    large_text: bool
    copy_answer_only: bool


class SettingsDialog(QDialog):
    def __init__(self, prefs: UiPrefs, default_point: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置")
        form = QFormLayout()
        self.font_size = QSpinBox(self)
        self.font_size.setRange(MIN_POINT - 1, MAX_POINT)
        self.font_size.setSpecialValueText(f"默认（{default_point} 磅）")  # shown for the minimum value
        self.font_size.setSuffix(" 磅")
        self.font_size.setValue(prefs.font_size if prefs.font_size else MIN_POINT - 1)
        self.font_size.setAccessibleName("文字大小")
        form.addRow("文字大小(&S)：", self.font_size)
        self.large_text = QCheckBox("大字模式（前台窗口用，文字放大约一半）(&L)", self)
        self.large_text.setChecked(prefs.large_text)
        form.addRow(self.large_text)
        self.answer_only = QCheckBox("“复制答案”只复制答复正文（不含问题和来源）(&A)", self)
        self.answer_only.setChecked(prefs.copy_answer_only)
        form.addRow(self.answer_only)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def prefs(self) -> UiPrefs:
        size = self.font_size.value()
        return UiPrefs(
            font_size=0 if size < MIN_POINT else size,
            large_text=self.large_text.isChecked(),
            copy_answer_only=self.answer_only.isChecked(),
        )


@dataclass
class AboutInfo:
    content_title: str
    content_version: str
    content_updated: str
    content_path: Path | None
    config_path: Path
    index_path: Path
    log_path: Path


class AboutDialog(QDialog):
    def __init__(self, info: AboutInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("关于")
        rows = [
            ("程序", f"{APP_TITLE}（zmdhelp）"),
            ("程序版本", __version__),
            ("内容", info.content_title),
            ("内容版本", info.content_version or "未注明"),
            ("内容更新日期", info.content_updated or "未注明"),
            ("内容文件", str(info.content_path) if info.content_path else "内置"),
            ("设置文件", str(info.config_path)),
            ("搜索索引", str(info.index_path)),
            ("日志", str(info.log_path)),
        ]
        form = QFormLayout()
        self.values: dict[str, str] = {}
        for label, value in rows:
            field = QLabel(value, self)
            field.setWordWrap(True)
            field.setTextInteractionFlags(field.textInteractionFlags() | field.textInteractionFlags().TextSelectableByMouse)
            form.addRow(f"{label}：", field)
            self.values[label] = value
        note = QLabel("本程序完全离线使用，不会自行联网；答复中的网址只在您点击时用浏览器打开。", self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())
