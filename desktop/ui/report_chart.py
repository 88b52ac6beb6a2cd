"""The report's bar chart: one grouping's counts as horizontal bars, drawn with QPainter.

Horizontal, because the labels are Chinese names of majors that a vertical axis would
have to tilt; drawn by hand rather than with QtCharts, which would add a module (and its
OpenGL dependencies) to the bundle for a dozen rectangles."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.services.batch_report import Count

TOP = 12  # bars drawn; the rest are added up as one
BAR = QColor("#3d6fb6")
REST = QColor("#9aa9bf")
ROW_HEIGHT = 24
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
Bar = tuple[str, int]


def top_bars(counts: Sequence[Count], top: int = TOP) -> list[Bar]:
    """The largest `top - 1` entries and the others added up, or all when they fit."""
    bars = [(c.name, c.count) for c in counts if c.count > 0]
    if len(bars) <= top:
        return bars
    kept, rest = bars[: top - 1], bars[top - 1 :]
    label = QCoreApplication.translate("ReportChart", "其他 {n} 项").format(n=len(rest))
    return [*kept, (label, sum(n for _, n in rest))]


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(280, 120)
        self.title = ""
        self.bars: list[Bar] = []
        self.folded = False  # the last bar stands for the smaller entries

    def set_counts(self, title: str, counts: Sequence[Count]) -> None:
        self.title = title
        self.bars = top_bars(counts)
        self.folded = len(self.bars) < len([c for c in counts if c.count > 0])
        total = sum(n for _, n in self.bars)
        self.setAccessibleName(
            QCoreApplication.translate("ReportChart", "{title}柱状图").format(title=title)
        )
        self.setToolTip(
            "\n".join(
                QCoreApplication.translate("ReportChart", "{name}：{n}（{share:.1f}%）").format(
                    name=name, n=n, share=100 * n / total
                )
                for name, n in self.bars
            )
            if total
            else ""
        )
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 40 + ROW_HEIGHT * max(len(self.bars), 3))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint(painter, QRectF(self.rect()).adjusted(8, 6, -8, -6))
        finally:
            painter.end()

    def _paint(self, painter: QPainter, area: QRectF) -> None:
        metrics = QFontMetrics(self.font())
        text = self.palette().windowText().color()
        painter.setPen(text)
        title_h = metrics.height() + 6
        painter.drawText(area.adjusted(0, 0, 0, -area.height() + title_h), self.title)
        if not self.bars:
            painter.drawText(
                area,
                Qt.AlignmentFlag.AlignCenter,
                QCoreApplication.translate("ReportChart", "（无记录）"),
            )
            return
        body = area.adjusted(0, title_h, 0, 0)
        row_h = min(float(ROW_HEIGHT), body.height() / len(self.bars))
        widest = max(metrics.horizontalAdvance(name) for name, _ in self.bars)
        label_w = min(body.width() * 0.4, widest + 8.0)
        number_w = metrics.horizontalAdvance(str(max(n for _, n in self.bars))) + 8
        bar_w = max(body.width() - label_w - number_w, 10.0)
        top = max(n for _, n in self.bars)
        for i, (name, n) in enumerate(self.bars):
            y = body.top() + i * row_h
            label = metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, int(label_w) - 6)
            row = QRectF(body.left(), y, label_w - 6, row_h)
            painter.setPen(text)
            painter.drawText(row, RIGHT, label)
            width = bar_w * n / top if top else 0.0
            last = self.folded and i == len(self.bars) - 1
            bar = QRectF(body.left() + label_w, y + row_h * 0.18, max(width, 1.0), row_h * 0.64)
            painter.fillRect(bar, REST if last else BAR)
            value = QRectF(bar.right() + 4, y, number_w, row_h)
            painter.drawText(value, LEFT, str(n))
