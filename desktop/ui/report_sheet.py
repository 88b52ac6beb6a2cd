"""The printed summary sheet (批次汇总) for the office file: an A4 page made from a
`BatchReport` as a QTextDocument, written to a PDF file or a printer.

Both run off the GUI thread (`write_pdf`, `print_sheet` are called inside the export
service on a worker): Qt documents QTextDocument and its related classes as reentrant,
QPainter on a QPrinter (QPdfWriter drives the same PDF engine) as usable from a worker
thread, and text rendering outside the GUI thread as supported on every platform since
Qt 5 (fontconfig on Linux). The document is made in the thread that prints it and holds
no pixmaps. CJK text needs no font path: fontconfig (or Windows' font fallback) finds a
font with the glyphs, and the PDF engine embeds a subset of it."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QMarginsF
from PySide6.QtGui import (
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter

from desktop.services.batch_report import BatchReport, Grouping
from desktop.ui.pagekit import local_time

RESOLUTION = 300  # dpi of the PDF's layout; text and lines stay vectors
# QTextDocument.print_ lays the sheet out 2 cm inside these margins: 2.5 cm on the left
# for the binding of the office file, 2 cm elsewhere.
MARGINS_MM = QMarginsF(5, 0, 0, 0)
GRID = "class='grid' width='100%' border='1' cellspacing='0' cellpadding='3'"
# Side by side on the sheet, so a usual batch fits on one page; 专业 gets the full width.
WIDE = "major"  # a school's majors run long: full width, after the short tables
ACROSS = 3
STYLE = """
body { font-size: 9.5pt; }
h1 { font-size: 16pt; text-align: center; margin-bottom: 2pt; }
p.sub { text-align: center; color: #444444; margin-top: 0; }
h3 { font-size: 10.5pt; margin-top: 8pt; margin-bottom: 3pt; }
table.grid { border-collapse: collapse; border-color: #555555; }
th { background-color: #eeeeee; font-weight: bold; white-space: nowrap; }
td.n { text-align: right; white-space: nowrap; }
td.k { background-color: #f4f4f4; white-space: nowrap; }
"""


def title() -> str:
    return QCoreApplication.translate("ReportSheet", "学籍学历电子注册 批次汇总")


def _share(n: int, total: int) -> str:
    return f"{100 * n / total:.1f}%" if total else "—"


def grouping_table(g: Grouping, *, wide: bool = False) -> str:
    total = g.total
    rows = "".join(
        f"<tr><td>{escape(c.name)}</td><td class='n'>{c.count}</td>"
        f"<td class='n'>{_share(c.count, total)}</td></tr>"
        for c in g.counts
    )
    if not g.counts:
        none = QCoreApplication.translate("ReportSheet", "（无记录）")
        rows = f"<tr><td colspan='3'>{none}</td></tr>"
    item = QCoreApplication.translate("ReportSheet", "项目")
    people = QCoreApplication.translate("ReportSheet", "人数")
    share = QCoreApplication.translate("ReportSheet", "占比")
    whole = QCoreApplication.translate("ReportSheet", "合计")
    widths = (" width='64%'", " width='18%'") if wide else ("", "")
    return (
        f"<h3>{escape(g.title)}</h3>"
        f"<table {GRID}>"
        f"<tr><th{widths[0]}>{item}</th><th{widths[1]}>{people}</th>"
        f"<th{widths[1]}>{share}</th></tr>"
        f"{rows}<tr><th>{whole}</th><td class='n'><b>{total}</b></td>"
        "<td class='n'>100%</td></tr></table>"
    )


def facts(r: BatchReport) -> list[tuple[str, str]]:
    out = [
        (
            QCoreApplication.translate("ReportSheet", "学校"),
            QCoreApplication.translate("ReportSheet", "{0}（{1}）").format(
                r.school_name, r.school_code
            ),
        ),
        (QCoreApplication.translate("ReportSheet", "批次"), r.name),
        (QCoreApplication.translate("ReportSheet", "业务类型"), r.kind.label),
        (QCoreApplication.translate("ReportSheet", "批次编号"), r.batch_id),
        (QCoreApplication.translate("ReportSheet", "状态"), r.state.label),
        (QCoreApplication.translate("ReportSheet", "记录数"), str(r.rows)),
        (
            QCoreApplication.translate("ReportSheet", "校验"),
            QCoreApplication.translate(
                "ReportSheet", "错误 {e} 个，警告 {w} 个（已确认 {a}，未确认 {u}）"
            ).format(e=r.errors, w=r.warnings, a=r.acknowledged, u=r.unacknowledged),
        ),
        (
            QCoreApplication.translate("ReportSheet", "规则包"),
            r.rule_pack or QCoreApplication.translate("ReportSheet", "（未校验）"),
        ),
        (
            QCoreApplication.translate("ReportSheet", "源文件"),
            r.source_file or QCoreApplication.translate("ReportSheet", "（无）"),
        ),
        (
            QCoreApplication.translate("ReportSheet", "建立"),
            QCoreApplication.translate("ReportSheet", "{who}，{at}").format(
                who=r.created_by, at=local_time(r.created_at)
            ),
        ),
    ]
    s = r.signature
    if s is not None:
        out += [
            (
                QCoreApplication.translate("ReportSheet", "签名"),
                QCoreApplication.translate("ReportSheet", "{who}，{at}").format(
                    who=s.signed_by, at=local_time(s.signed_at)
                ),
            ),
            (
                QCoreApplication.translate("ReportSheet", "签名密钥"),
                QCoreApplication.translate("ReportSheet", "{0}（{1}）").format(s.kid, s.alg),
            ),
            (QCoreApplication.translate("ReportSheet", "清单 SHA-256"), s.manifest_sha256),
        ]
    else:
        out.append(
            (
                QCoreApplication.translate("ReportSheet", "签名"),
                QCoreApplication.translate("ReportSheet", "（未签名）"),
            )
        )
    v = r.verdict
    if v is not None:
        out.append(
            (
                QCoreApplication.translate("ReportSheet", "中心结论"),
                QCoreApplication.translate("ReportSheet", "受理 {a} 条，退回 {r} 条").format(
                    a=v.accepted, r=v.refused
                ),
            )
        )
        if v.verified:
            out += [
                (QCoreApplication.translate("ReportSheet", "回执 SHA-256"), v.receipt_sha256 or ""),
                (
                    QCoreApplication.translate("ReportSheet", "回执"),
                    QCoreApplication.translate(
                        "ReportSheet", "{issued} 签发，服务器密钥 {kid}，已核验"
                    ).format(issued=v.issued, kid=v.server_kid),
                ),
            ]
        elif v.verified is False:
            out.append(
                (
                    QCoreApplication.translate("ReportSheet", "回执"),
                    QCoreApplication.translate("ReportSheet", "未通过核验：{p}").format(
                        p=v.problem
                    ),
                )
            )
        else:
            out.append(
                (
                    QCoreApplication.translate("ReportSheet", "回执"),
                    QCoreApplication.translate("ReportSheet", "无（整批退回）"),
                )
            )
    return out


def sheet_html(r: BatchReport) -> str:
    clerk = QCoreApplication.translate("ReportSheet", "经办人（签字）：")
    reviewer = QCoreApplication.translate("ReportSheet", "审核人（签字）：")
    when = QCoreApplication.translate("ReportSheet", "日期：______年____月____日")
    lines = facts(r)
    pairs = []
    for i in range(0, len(lines), 2):
        cells = "".join(
            f"<td class='k'>{escape(k)}</td><td>{escape(v)}</td>" for k, v in lines[i : i + 2]
        )
        pairs.append(f"<tr>{cells}</tr>")
    short = [g for g in r.groupings if g.key != WIDE]
    rows = [short[i : i + ACROSS] for i in range(0, len(short), ACROSS)]
    side = "".join(
        "<tr>"
        + "".join(f"<td width='33%' valign='top'>{grouping_table(g)}</td>" for g in row)
        + "</tr>"
        for row in rows
    )
    made = QCoreApplication.translate("ReportSheet", "制表：{who}（{role}），{at}").format(
        who=r.operator, role=r.operator_role, at=local_time(r.made_at)
    )
    return (
        f"<html><head><style>{STYLE}</style></head><body>"
        f"<h1>{escape(title())}</h1>"
        f"<p class='sub'>{escape(r.school_name)}&nbsp;&nbsp;{escape(r.name)}</p>"
        f"<table {GRID}>{''.join(pairs)}</table>"
        f"<table width='100%' cellspacing='6'>{side}</table>"
        + "".join(grouping_table(g, wide=True) for g in r.groupings if g.key == WIDE)
        + "<p>&nbsp;</p><table width='100%' cellspacing='0'><tr>"
        f"<td>{clerk}________________</td>"
        f"<td>{reviewer}________________</td>"
        f"<td>{when}</td></tr></table>"
        f"<p style='color:#555555; font-size:8pt;'>{escape(made)}</p>"
        "</body></html>"
    )


def document(r: BatchReport) -> QTextDocument:
    doc = QTextDocument()
    font = QFont()
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(9.5)
    doc.setDefaultFont(font)
    doc.setHtml(sheet_html(r))
    return doc


def _a4(device: QPagedPaintDevice) -> None:
    device.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    device.setPageOrientation(QPageLayout.Orientation.Portrait)
    device.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)


def pdf_bytes(r: BatchReport) -> bytes:
    """The sheet as a PDF, made in memory: a file that cannot be written then fails as
    a plain OSError, never as a painter that would not start."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setTitle(f"{title()} {r.name}")
    writer.setCreator(QCoreApplication.translate("ReportSheet", "学籍学历注册工作台"))
    _a4(writer)
    document(r).print_(writer)  # the painter ends, and the PDF is complete, on return
    buffer.close()
    return bytes(buffer.data().data())


def write_pdf(r: BatchReport, path: Path) -> Path:
    """Written beside the target and renamed: a half-written sheet never has the name."""
    part = path.with_name(path.name + ".part")
    part.write_bytes(pdf_bytes(r))
    part.replace(path)
    return path


def a4_printer() -> QPrinter:
    """A printer set to A4 portrait with the sheet's margins; the print dialog may change
    them."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _a4(printer)
    return printer


def print_sheet(r: BatchReport, printer: QPrinter) -> None:
    printer.setDocName(f"{title()} {r.name}")
    document(r).print_(printer)
