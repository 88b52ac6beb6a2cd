"""The sync and pull reports as text a clerk reads (and can copy into an e-mail)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.domain.lifecycle import BatchState
from desktop.services.pull import PullReport
from desktop.services.sync import SyncReport
from desktop.ui import labels

S = BatchState
MISSING_SHOWN = 20


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n / 1024:.1f} KB"


def sync_text(report: SyncReport) -> str:
    if not report.results:
        return QCoreApplication.translate("SyncText", "没有等待上报的批次。")
    lines = [
        QCoreApplication.translate(
            "SyncText", "同步 {n} 个批次：发送 {size}，网络重试 {retries} 次"
        ).format(n=len(report.results), size=_size(report.bytes_sent), retries=report.retries)
    ]
    for r in report.results:
        if r.state in (S.ACCEPTED, S.PARTLY_ACCEPTED):
            lines.append(
                QCoreApplication.translate(
                    "SyncText", "· {name}：{state}（受理 {a}，退回 {r}），回执已验证"
                ).format(name=r.name, state=labels.text(r.state.label), a=r.accepted, r=r.refused)
            )
        elif r.state is S.REJECTED and r.accepted + r.refused:  # every record refused
            lines.append(
                QCoreApplication.translate(
                    "SyncText", "· {name}：已退回（受理 0，退回 {r}），回执已验证"
                ).format(name=r.name, r=r.refused)
            )
        elif r.state is S.REJECTED:  # the submission itself refused: no receipt
            lines.append(
                QCoreApplication.translate("SyncText", "· {name}：已退回：{why}").format(
                    name=r.name, why=r.message
                )
            )
        else:
            lines.append(
                QCoreApplication.translate(
                    "SyncText", "· {name}：{state}，仍在队列中：{why}"
                ).format(name=r.name, state=labels.text(r.state.label), why=r.message)
            )
    if report.pending:
        lines.append(
            QCoreApplication.translate(
                "SyncText",
                "{n} 个批次仍在等待：网络或服务器恢复后再点“同步”，已上传的部分不会重传。",
            ).format(n=report.pending)
        )
    return "\n".join(lines)


def pull_text(report: PullReport) -> str:
    lines = [
        QCoreApplication.translate(
            "SyncText", "拉取核对完成：中心服务器登记本校学生 {n} 人（{pages} 页）。"
        ).format(n=report.students, pages=report.pages)
    ]
    missing = report.missing_on_server
    if missing:
        comma = QCoreApplication.translate("SyncText", "、")
        shown = comma.join(missing[:MISSING_SHOWN]) + ("…" if len(missing) > MISSING_SHOWN else "")
        lines.append(
            QCoreApplication.translate(
                "SyncText", "本地记为已受理、服务器却未登记的学生 {n} 人，请核查：{who}"
            ).format(n=len(missing), who=shown)
        )
    else:
        lines.append(QCoreApplication.translate("SyncText", "本地已受理的学生，服务器均已登记。"))
    if report.unknown_here:
        lines.append(
            QCoreApplication.translate(
                "SyncText",
                "服务器登记、本工作区没有的学生 {n} 人（可能来自其他电脑或以前的系统）。",
            ).format(n=report.unknown_here)
        )
    return "\n".join(lines)
