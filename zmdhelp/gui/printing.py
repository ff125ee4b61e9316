"""A one-page handout of an answer for a visitor: title, answer, date, source (QtPrintSupport).

Imported only when the clerk prints or exports, so start-up never loads QtPrintSupport.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtGui import QFont, QPageLayout, QPageSize, QTextDocument
from PySide6.QtCore import QMarginsF
from PySide6.QtPrintSupport import QPrinter

from ..answer import to_html
from ..clipboard import source_line
from ..faq import Entry, Meta
from ..markers import fill_window


def handout_html(entry: Entry, window_phrase: str, meta: Meta | None = None) -> str:
    answer = fill_window(entry.answer, window_phrase)
    title = html.escape(meta.title) if meta and meta.title else "常见问题解答"
    return (
        f"<p style='color:#555'>{title}</p>"
        f"<h2>{html.escape(entry.question)}</h2>"
        f"{to_html(answer)}"
        f"<hr/><p style='color:#555'><small>{html.escape(source_line(entry, meta))}<br/>"
        f"分类：{html.escape(entry.category_path)}</small></p>"
    )


def handout_document(entry: Entry, window_phrase: str, meta: Meta | None = None, font: QFont | None = None) -> QTextDocument:
    doc = QTextDocument()
    if font is not None:
        f = QFont(font)
        f.setPointSizeF(12)  # paper: a fixed, readable size whatever the screen zoom
        doc.setDefaultFont(f)
    doc.setHtml(handout_html(entry, window_phrase, meta))
    return doc


def configure(printer: QPrinter) -> None:
    printer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(18, 18, 18, 18))
    )


def export_pdf(doc: QTextDocument, path: Path) -> None:
    """Write ``doc`` to ``path`` as PDF. Raises OSError with a Chinese message if it cannot."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    configure(printer)
    doc.print_(printer)
    if not Path(path).is_file() or Path(path).stat().st_size == 0:
        raise OSError(f"无法写入 PDF 文件：{path}")


def print_dialog(doc: QTextDocument, parent=None) -> bool:
    """Show the system print dialog and print; False when cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    configure(printer)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印答复")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    doc.print_(printer)
    return True
