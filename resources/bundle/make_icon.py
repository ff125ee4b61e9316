"""Draw the application icon (zmdhelp.png, zmdhelp.ico) with Qt, so it is reproducible.

Run once after changing the design:  .venv/bin/python resources/bundle/make_icon.py
The result is committed; a build does not need this script. The glyph needs a CJK font
(e.g. fonts-wqy-microhei); without one the script stops rather than draw boxes.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter  # noqa: E402

HERE = Path(__file__).resolve().parent
SIZES = (16, 24, 32, 48, 64, 128, 256)  # Windows picks from these for title bar, taskbar, desktop
GLYPH = "社"  # 社保: the one character a front desk associates with the subject


def draw(size: int) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = size * 0.04
    rect = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1f5fa8"))  # a calm government-service blue
    p.drawRoundedRect(rect, size * 0.18, size * 0.18)
    font = QFont(cjk_family())
    font.setPixelSize(int(size * 0.66))
    font.setBold(True)
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, GLYPH)
    p.end()
    return img


def cjk_family() -> str:
    for family in QFontDatabase.families():
        if QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family):
            return family
    sys.exit("没有找到中文字体（例如 fonts-wqy-microhei），无法绘制图标。")


def png_bytes(img: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(data.data())


def write_ico(path: Path, images: list[tuple[int, bytes]]) -> None:
    """An ICO container with PNG-compressed entries (valid since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, blob in images:
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    path.write_bytes(header + entries + blobs)


def main() -> None:
    app = QGuiApplication(sys.argv)  # noqa: F841  (fonts need an application object)
    images = [(s, png_bytes(draw(s))) for s in SIZES]
    (HERE / "zmdhelp.png").write_bytes(images[-1][1])
    write_ico(HERE / "zmdhelp.ico", images)
    print(f"写入 {HERE / 'zmdhelp.png'} 和 {HERE / 'zmdhelp.ico'}")


if __name__ == "__main__":
    main()
