"""Typed records of the four batch kinds (DESIGN.md, regulation articles 7–19).

Every field is optional in the type: a draft row may lack anything, and which fields
are required is decided by the rules (so the clerk sees one finding per missing cell,
not a crash). Values are already normalised: codes as their code-table code, dates as
`date`, 学制 as `Decimal`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar

from desktop.domain.fields import BatchKind, FieldSpec, fields_of, spec
from desktop.domain.fields import FieldType as T

_ID_HEADERS = ("身份证号", "身份证号码", "身份证件号", "身份证件号码", "证件号", "证件号码")


@dataclass(slots=True)
class Identity:
    """The person: one row in the store that every record refers to (article 19)."""

    xm: str | None = spec("姓名", "XM", T.NAME, headers=("学生姓名",), en="name")
    xb: str | None = spec("性别", "XB", T.CODE, table="gender", en="sex")
    csrq: date | None = spec("出生日期", "CSRQ", T.DATE, headers=("出生年月日",), en="birth date")
    zjlx: str | None = spec(
        "证件类型", "ZJLX", T.CODE, table="id_type", headers=("身份证件类型",), en="ID type"
    )
    sfzh: str | None = spec("证件号码", "SFZH", T.ID_NUMBER, headers=_ID_HEADERS, en="ID number")
    mz: str | None = spec("民族", "MZ", T.CODE, table="ethnicity", en="ethnic group")
    zzmm: str | None = spec("政治面貌", "ZZMM", T.CODE, table="political", en="political status")


@dataclass(slots=True)
class EnrollmentRecord(Identity):
    """新生学籍注册 (articles 7–11): admission data and the 复查 result."""

    KIND: ClassVar[BatchKind] = BatchKind.ENROLLMENT
    REQUIRED: ClassVar[tuple[str, ...]] = (
        "ksh", "xm", "xb", "csrq", "sfzh", "mz", "zydm", "zymc", "cc", "xz", "xxxs",
        "rxrq", "fcjl",
    )  # fmt: skip

    ksh: str | None = spec(
        "考生号", "KSH", T.IDENT, headers=("考生编号", "高考报名号"), en="exam no."
    )
    xh: str | None = spec("学号", "XH", T.IDENT, en="student no.")
    syd: str | None = spec("生源地", "SYD", T.CODE, table="province", headers=("生源省份",))
    zydm: str | None = spec("专业代码", "ZYDM", T.IDENT, en="major code")
    zymc: str | None = spec("专业名称", "ZYMC", T.TEXT, headers=("专业",), en="major")
    fy: str | None = spec("院系", "FY", T.TEXT, headers=("分院", "学院", "系所"), en="faculty")
    bj: str | None = spec("班级", "BJ", T.TEXT, en="class")
    cc: str | None = spec("层次", "CC", T.CODE, table="level", headers=("培养层次", "学历层次"))
    xz: Decimal | None = spec("学制", "XZ", T.DECIMAL, headers=("学制(年)", "学制（年）"))
    xxxs: str | None = spec("学习形式", "XXXS", T.CODE, table="study_mode")
    rxrq: date | None = spec("入学日期", "RXRQ", T.DATE, headers=("入学时间", "入学年月"))
    yjbyrq: date | None = spec("预计毕业日期", "YJBYRQ", T.DATE, headers=("预计毕业时间",))
    lqlx: str | None = spec(
        "录取类型", "LQLX", T.CODE, table="admission_type", headers=("专项计划", "招生类型")
    )
    dxdw: str | None = spec("定向单位", "DXDW", T.TEXT, headers=("定向就业单位", "定向地区"))
    fcjl: str | None = spec(
        "复查结论", "FCJL", T.CODE, table="review_conclusion", headers=("入学资格复查结论",)
    )
    fcsm: str | None = spec("复查说明", "FCSM", T.TEXT, headers=("复查原因", "标注说明"))
    blrq: date | None = spec(
        "保留入学资格截止日期", "BLJZRQ", T.DATE, headers=("保留截止日期", "保留资格截止日期")
    )


@dataclass(frozen=True, slots=True)
class StatusChange:
    """学籍变动 (article 12)."""

    type: str
    on: date | None
    reason: str | None
    from_major: str | None
    to_major: str | None
    other_school: str | None


@dataclass(frozen=True, slots=True)
class StatusNote:
    """学籍记载: 学业考试, 社会实践, 奖惩 (article 12)."""

    type: str
    content: str | None


@dataclass(frozen=True, slots=True)
class Deregistration:
    """学籍注销 (articles 12, 13): must be registered within 15 working days of processing."""

    type: str
    processed_on: date | None
    registered_on: date | None
    document: str | None


@dataclass(frozen=True, slots=True)
class OtherCertificate:
    """肄业证书, 学习证明 (article 12)."""

    type: str
    number: str | None


@dataclass(slots=True)
class AnnualRecord(Identity):
    """学年注册 (articles 12–14): one student in one 学年, with the year's sub-records.

    A sheet holds them flat; a student with two changes in one year takes two rows.
    """

    KIND: ClassVar[BatchKind] = BatchKind.ANNUAL
    REQUIRED: ClassVar[tuple[str, ...]] = ("xh", "xm", "sfzh", "xn")

    xh: str | None = spec("学号", "XH", T.IDENT, en="student no.")
    xn: str | None = spec("学年", "XN", T.ACADEMIC_YEAR, headers=("注册学年",), en="school year")
    cc: str | None = spec("层次", "CC", T.CODE, table="level", headers=("培养层次", "学历层次"))
    xz: Decimal | None = spec("学制", "XZ", T.DECIMAL, headers=("学制(年)", "学制（年）"))
    rxrq: date | None = spec("入学日期", "RXRQ", T.DATE, headers=("入学时间",))
    zczt: str | None = spec(
        "注册状态", "ZCZT", T.CODE, table="registration_status", headers=("学年注册状态",)
    )
    zcrq: date | None = spec("注册日期", "ZCRQ", T.DATE, headers=("注册时间",))
    hzyy: str | None = spec("暂缓注册原因", "HZYY", T.TEXT, headers=("暂缓原因",))
    ydlb: str | None = spec(
        "学籍变动类别", "YDLB", T.CODE, table="status_change", headers=("变动类别", "异动类别")
    )
    ydrq: date | None = spec("变动日期", "YDRQ", T.DATE, headers=("异动日期", "变动时间"))
    ydyy: str | None = spec("变动原因", "YDYY", T.TEXT, headers=("异动原因",))
    yzydm: str | None = spec("原专业代码", "YZYDM", T.IDENT, headers=("转出专业代码",))
    xzydm: str | None = spec("新专业代码", "XZYDM", T.IDENT, headers=("转入专业代码",))
    zxxx: str | None = spec("转学学校", "ZXXX", T.TEXT, headers=("转入学校", "转出学校"))
    zxlb: str | None = spec(
        "学籍注销类别", "ZXLB", T.CODE, table="deregistration", headers=("注销类别",)
    )
    clrq: date | None = spec("学籍处理日期", "CLRQ", T.DATE, headers=("处理日期", "处理决定日期"))
    zxrq: date | None = spec("注销日期", "ZXRQ", T.DATE, headers=("注销注册日期",))
    clwh: str | None = spec("处理文号", "CLWH", T.TEXT, headers=("处理决定文号",))
    jzlb: str | None = spec(
        "学籍记载类别", "JZLB", T.CODE, table="record_note", headers=("记载类别",)
    )
    jznr: str | None = spec("记载内容", "JZNR", T.TEXT)
    qtzs: str | None = spec("其他证书", "QTZS", T.CODE, table="other_certificate")
    qtzsbh: str | None = spec("其他证书编号", "QTZSBH", T.IDENT, headers=("肄业证书编号",))

    @property
    def change(self) -> StatusChange | None:
        if self.ydlb is None:
            return None
        return StatusChange(self.ydlb, self.ydrq, self.ydyy, self.yzydm, self.xzydm, self.zxxx)

    @property
    def note(self) -> StatusNote | None:
        return StatusNote(self.jzlb, self.jznr) if self.jzlb is not None else None

    @property
    def deregistration(self) -> Deregistration | None:
        if self.zxlb is None:
            return None
        return Deregistration(self.zxlb, self.clrq, self.zxrq, self.clwh)

    @property
    def other_certificate(self) -> OtherCertificate | None:
        return OtherCertificate(self.qtzs, self.qtzsbh) if self.qtzs is not None else None


@dataclass(slots=True)
class DiplomaRecord(Identity):
    """学历证书注册: article 17's fields, article 18's date, article 16's 辅修 note."""

    KIND: ClassVar[BatchKind] = BatchKind.DIPLOMA
    # Article 17: 姓名 性别 出生日期 照片; 学习起止年月; 专业 层次 学制 毕(结)业 学习形式;
    # 学校名称 校(院)长姓名 证书编号. The photo is checked where photos are imported.
    REQUIRED: ClassVar[tuple[str, ...]] = (
        "xm", "xb", "csrq", "sfzh", "rxrq", "byrq", "zymc", "cc", "xz", "byjl", "xxxs",
        "xxmc", "xzxm", "zsbh", "fzrq",
    )  # fmt: skip

    ksh: str | None = spec("考生号", "KSH", T.IDENT, headers=("考生编号",), en="exam no.")
    xh: str | None = spec("学号", "XH", T.IDENT, en="student no.")
    rxrq: date | None = spec(
        "入学日期", "RXRQ", T.DATE, headers=("入学时间", "入学年月", "学习起始年月")
    )
    byrq: date | None = spec(
        "毕业日期", "BYRQ", T.DATE, headers=("毕业时间", "毕(结)业日期", "学习截止年月")
    )
    zydm: str | None = spec("专业代码", "ZYDM", T.IDENT, en="major code")
    zymc: str | None = spec("专业名称", "ZYMC", T.TEXT, headers=("专业",), en="major")
    cc: str | None = spec("层次", "CC", T.CODE, table="level", headers=("培养层次", "学历层次"))
    xz: Decimal | None = spec("学制", "XZ", T.DECIMAL, headers=("学制(年)", "学制（年）"))
    xxxs: str | None = spec("学习形式", "XXXS", T.CODE, table="study_mode")
    byjl: str | None = spec(
        "毕(结)业", "BYJL", T.CODE, table="graduation", headers=("毕结业结论", "毕业结论", "毕结业")
    )
    xxmc: str | None = spec("学校名称", "XXMC", T.TEXT, headers=("院校名称", "毕业学校"))
    xzxm: str | None = spec(
        "校(院)长姓名", "XZXM", T.NAME, headers=("校长姓名", "院长姓名", "院(校)长姓名")
    )
    zsbh: str | None = spec("证书编号", "ZSBH", T.IDENT, headers=("毕业证书编号", "证书号"))
    fzrq: date | None = spec("发证日期", "FZRQ", T.DATE, headers=("发证时间", "颁证日期"))
    zp: str | None = spec("照片", "ZP", T.TEXT, headers=("照片文件", "照片文件名"))
    fxzy: str | None = spec("辅修专业", "FXZY", T.TEXT, headers=("辅修专业名称",))


@dataclass(slots=True)
class CorrectionRecord(Identity):
    """信息变更/更正 (articles 10, 19): the identity fields hold the current values."""

    KIND: ClassVar[BatchKind] = BatchKind.CORRECTION
    REQUIRED: ClassVar[tuple[str, ...]] = ("bglx", "xm", "sfzh", "yy")

    bglx: str | None = spec(
        "变更类别", "BGLX", T.CODE, table="correction_type", headers=("更正类别",)
    )
    xh: str | None = spec("学号", "XH", T.IDENT)
    ksh: str | None = spec("考生号", "KSH", T.IDENT, headers=("考生编号",))
    bgxm: str | None = spec(
        "变更项目", "BGXM", T.CODE, table="identity_item", headers=("更正项目",)
    )
    bgq: str | None = spec("变更前", "BGQ", T.TEXT, headers=("原值", "更正前"))
    bgh: str | None = spec("变更后", "BGH", T.TEXT, headers=("新值", "更正后"))
    yy: str | None = spec("变更原因", "YY", T.TEXT, headers=("原因", "更正原因"))
    zmcl: str | None = spec("证明材料", "ZMCL", T.TEXT, headers=("合法性证明", "证明材料名称"))
    spwh: str | None = spec("省级审核文号", "SPWH", T.TEXT, headers=("审批文号", "省级审批文号"))
    zsbh: str | None = spec("证书编号", "ZSBH", T.IDENT, headers=("原证书编号",))
    zmsbh: str | None = spec("证明书编号", "ZMSBH", T.IDENT, headers=("学历证明书编号",))
    sqrq: date | None = spec("申请日期", "SQRQ", T.DATE)


Record = EnrollmentRecord | AnnualRecord | DiplomaRecord | CorrectionRecord

RECORD_TYPES: dict[BatchKind, type[Record]] = {
    BatchKind.ENROLLMENT: EnrollmentRecord,
    BatchKind.ANNUAL: AnnualRecord,
    BatchKind.DIPLOMA: DiplomaRecord,
    BatchKind.CORRECTION: CorrectionRecord,
}


def kind_fields(kind: BatchKind) -> tuple[FieldSpec, ...]:
    return fields_of(RECORD_TYPES[kind])


def required_fields(kind: BatchKind) -> tuple[str, ...]:
    return RECORD_TYPES[kind].REQUIRED
