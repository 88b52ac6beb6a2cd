"""Roles of article 24's "专人操作" and what each may do."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"  # 录入员
    REVIEWER = "reviewer"  # 审核员 (reviews, acknowledges warnings, signs)
    ADMIN = "admin"  # 管理员 (operators, keys, backup)

    @property
    def label(self) -> str:
        return {"clerk": "录入员", "reviewer": "审核员", "admin": "管理员"}[self.value]


class Action(StrEnum):
    VIEW = "view"
    IMPORT = "import"
    EDIT = "edit"
    VALIDATE = "validate"
    DELETE_DRAFT = "delete_draft"
    ACKNOWLEDGE = "acknowledge"
    SIGN = "sign"
    SUBMIT = "submit"
    REVEAL_ID = "reveal_id"
    EXPORT = "export"
    MANAGE_OPERATORS = "manage_operators"
    MANAGE_KEYS = "manage_keys"
    BACKUP = "backup"
    RESTORE = "restore"
    EDIT_PROFILE = "edit_profile"
    VERIFY_AUDIT = "verify_audit"

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    Action.VIEW: "查看",
    Action.IMPORT: "导入",
    Action.EDIT: "修改记录",
    Action.VALIDATE: "校验",
    Action.DELETE_DRAFT: "删除草稿批次",
    Action.ACKNOWLEDGE: "确认警告",
    Action.SIGN: "签名",
    Action.SUBMIT: "上报",
    Action.REVEAL_ID: "查看完整证件号码",
    Action.EXPORT: "导出",
    Action.MANAGE_OPERATORS: "管理操作员",
    Action.MANAGE_KEYS: "管理密钥",
    Action.BACKUP: "备份",
    Action.RESTORE: "恢复",
    Action.EDIT_PROFILE: "修改学校信息",
    Action.VERIFY_AUDIT: "核验审计日志",
}

A = Action
_CLERK = frozenset({A.VIEW, A.IMPORT, A.EDIT, A.VALIDATE, A.DELETE_DRAFT, A.EXPORT})
# The reviewer checks and signs a clerk's work (separation of duties, article 24); the
# clerk may not acknowledge their own warnings or sign.
_REVIEWER = _CLERK | {A.ACKNOWLEDGE, A.SIGN, A.SUBMIT, A.REVEAL_ID, A.VERIFY_AUDIT}
_ADMIN = frozenset(
    {A.VIEW, A.EXPORT, A.MANAGE_OPERATORS, A.MANAGE_KEYS, A.BACKUP, A.RESTORE}
    | {A.EDIT_PROFILE, A.VERIFY_AUDIT, A.REVEAL_ID, A.SUBMIT}
)

PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.CLERK: _CLERK,
    Role.REVIEWER: frozenset(_REVIEWER),
    Role.ADMIN: _ADMIN,
}


def allowed(role: Role, action: Action) -> bool:
    return action in PERMISSIONS[role]
