"""The domain's fixed words in the interface's language: batch states and kinds, roles,
the dashboard's deadlines, password strengths and the fields' column names.

The domain and the services keep them in Chinese (the CLI prints them, the audit log and
the templates hold them); the window translates them here, keyed by the Chinese word, so a
label handed over as plain text (`BatchLine.kind`) translates as well as an enum's.
tests/ui/test_i18n.py checks that every label the domain defines is listed below.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.ui.i18n import QT_TRANSLATE_NOOP

CONTEXT = "Labels"

STATES = (
    QT_TRANSLATE_NOOP("Labels", "草稿"),
    QT_TRANSLATE_NOOP("Labels", "已校验"),
    QT_TRANSLATE_NOOP("Labels", "已签名"),
    QT_TRANSLATE_NOOP("Labels", "已排队"),
    QT_TRANSLATE_NOOP("Labels", "已提交"),
    QT_TRANSLATE_NOOP("Labels", "已受理"),
    QT_TRANSLATE_NOOP("Labels", "部分受理"),
    QT_TRANSLATE_NOOP("Labels", "已退回"),
)
KINDS = (
    QT_TRANSLATE_NOOP("Labels", "新生学籍注册"),
    QT_TRANSLATE_NOOP("Labels", "学年注册"),
    QT_TRANSLATE_NOOP("Labels", "学历证书注册"),
    QT_TRANSLATE_NOOP("Labels", "信息变更/更正"),
)
ROLES = (
    QT_TRANSLATE_NOOP("Labels", "录入员"),
    QT_TRANSLATE_NOOP("Labels", "审核员"),
    QT_TRANSLATE_NOOP("Labels", "管理员"),
)
TASKS = (QT_TRANSLATE_NOOP("Labels", "学年注册"), QT_TRANSLATE_NOOP("Labels", "学籍注销"))
STRENGTHS = (
    QT_TRANSLATE_NOOP("Labels", "不可用"),
    QT_TRANSLATE_NOOP("Labels", "弱"),
    QT_TRANSLATE_NOOP("Labels", "中"),
    QT_TRANSLATE_NOOP("Labels", "较强"),
    QT_TRANSLATE_NOOP("Labels", "强"),
)
FIELDS = (
    QT_TRANSLATE_NOOP("Labels", "姓名"),
    QT_TRANSLATE_NOOP("Labels", "性别"),
    QT_TRANSLATE_NOOP("Labels", "出生日期"),
    QT_TRANSLATE_NOOP("Labels", "证件类型"),
    QT_TRANSLATE_NOOP("Labels", "证件号码"),
    QT_TRANSLATE_NOOP("Labels", "民族"),
    QT_TRANSLATE_NOOP("Labels", "政治面貌"),
    QT_TRANSLATE_NOOP("Labels", "考生号"),
    QT_TRANSLATE_NOOP("Labels", "学号"),
    QT_TRANSLATE_NOOP("Labels", "生源地"),
    QT_TRANSLATE_NOOP("Labels", "专业代码"),
    QT_TRANSLATE_NOOP("Labels", "专业名称"),
    QT_TRANSLATE_NOOP("Labels", "院系"),
    QT_TRANSLATE_NOOP("Labels", "班级"),
    QT_TRANSLATE_NOOP("Labels", "层次"),
    QT_TRANSLATE_NOOP("Labels", "学制"),
    QT_TRANSLATE_NOOP("Labels", "学习形式"),
    QT_TRANSLATE_NOOP("Labels", "入学日期"),
    QT_TRANSLATE_NOOP("Labels", "预计毕业日期"),
    QT_TRANSLATE_NOOP("Labels", "录取类型"),
    QT_TRANSLATE_NOOP("Labels", "定向单位"),
    QT_TRANSLATE_NOOP("Labels", "复查结论"),
    QT_TRANSLATE_NOOP("Labels", "复查说明"),
    QT_TRANSLATE_NOOP("Labels", "保留入学资格截止日期"),
    QT_TRANSLATE_NOOP("Labels", "学年"),
    QT_TRANSLATE_NOOP("Labels", "注册状态"),
    QT_TRANSLATE_NOOP("Labels", "注册日期"),
    QT_TRANSLATE_NOOP("Labels", "暂缓注册原因"),
    QT_TRANSLATE_NOOP("Labels", "学籍变动类别"),
    QT_TRANSLATE_NOOP("Labels", "变动日期"),
    QT_TRANSLATE_NOOP("Labels", "变动原因"),
    QT_TRANSLATE_NOOP("Labels", "原专业代码"),
    QT_TRANSLATE_NOOP("Labels", "新专业代码"),
    QT_TRANSLATE_NOOP("Labels", "转学学校"),
    QT_TRANSLATE_NOOP("Labels", "学籍注销类别"),
    QT_TRANSLATE_NOOP("Labels", "学籍处理日期"),
    QT_TRANSLATE_NOOP("Labels", "注销日期"),
    QT_TRANSLATE_NOOP("Labels", "处理文号"),
    QT_TRANSLATE_NOOP("Labels", "学籍记载类别"),
    QT_TRANSLATE_NOOP("Labels", "记载内容"),
    QT_TRANSLATE_NOOP("Labels", "其他证书"),
    QT_TRANSLATE_NOOP("Labels", "其他证书编号"),
    QT_TRANSLATE_NOOP("Labels", "毕业日期"),
    QT_TRANSLATE_NOOP("Labels", "毕(结)业"),
    QT_TRANSLATE_NOOP("Labels", "学校名称"),
    QT_TRANSLATE_NOOP("Labels", "校(院)长姓名"),
    QT_TRANSLATE_NOOP("Labels", "证书编号"),
    QT_TRANSLATE_NOOP("Labels", "发证日期"),
    QT_TRANSLATE_NOOP("Labels", "照片"),
    QT_TRANSLATE_NOOP("Labels", "辅修专业"),
    QT_TRANSLATE_NOOP("Labels", "变更类别"),
    QT_TRANSLATE_NOOP("Labels", "变更项目"),
    QT_TRANSLATE_NOOP("Labels", "变更前"),
    QT_TRANSLATE_NOOP("Labels", "变更后"),
    QT_TRANSLATE_NOOP("Labels", "变更原因"),
    QT_TRANSLATE_NOOP("Labels", "证明材料"),
    QT_TRANSLATE_NOOP("Labels", "省级审核文号"),
    QT_TRANSLATE_NOOP("Labels", "证明书编号"),
    QT_TRANSLATE_NOOP("Labels", "申请日期"),
)
KNOWN = frozenset(STATES + KINDS + ROLES + TASKS + STRENGTHS + FIELDS)


def text(label: str) -> str:
    """A domain label in the interface's language; itself when it has no translation."""
    return QCoreApplication.translate(CONTEXT, label)
