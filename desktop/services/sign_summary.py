"""What a reviewer reads before signing a batch: its counts, the rule pack it was
validated with, the source file's digest, the key that will sign, and every reason the
signature cannot be made now (article 24: only a reviewer signs)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desktop.domain.lifecycle import BatchState
from desktop.domain.roles import Action, Role, allowed
from desktop.domain.rules.catalogue import RULE_PACK_VERSION
from desktop.services import signing
from desktop.services.workspace import Session
from desktop.store import batches as repo
from desktop.store.models import Batch, table_of
from desktop.sync.errors import SyncError

_b = table_of(Batch)


@dataclass(frozen=True, slots=True)
class SigningKeyInfo:
    kid: str
    alg: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class SignSummary:
    batch_id: str
    name: str
    kind: str  # the kind's label
    state: BatchState
    rows: int
    errors: int
    warnings: int
    acknowledged: int
    unacknowledged: int
    rule_pack: str | None  # the pack the batch was last validated with
    current_rule_pack: str  # the pack the signed manifest will name
    source_file: str | None
    source_digest: str | None  # SHA-256 of the imported file
    key: SigningKeyInfo | None
    role: Role
    blockers: tuple[str, ...]  # empty: the operator may sign now

    @property
    def may_sign(self) -> bool:
        return not self.blockers


def role_blocker(role: Role) -> str | None:
    if allowed(role, Action.SIGN):
        return None
    return (
        f"{role.label}不能签名：批次须由审核员审核后签名（第二十四条：按工作权限专人操作）。"
        "请审核员登录后签名。"
    )


def summary(session: Session, batch_id: str) -> SignSummary:
    """Read-only: looking costs no audit entry; `signing.sign` checks everything again."""
    session.require(Action.VIEW, batch_id)
    with session.workspace.engine.connect() as conn:
        batch = repo.get(conn, batch_id)
        digest = conn.execute(select(_b.c.source_digest).where(_b.c.id == batch.id)).scalar()
    key: SigningKeyInfo | None = None
    key_problem: str | None = None
    try:
        active = signing.keystore(session).active()
    except SyncError as exc:
        key_problem = f"本校密钥目录有问题：{exc}"
    else:
        if active is None:
            key_problem = "没有启用中的签名密钥：请管理员先生成本校密钥"
        else:
            key = SigningKeyInfo(active.kid, active.alg.value, active.fingerprint)
    role = session.operator.role
    blockers = [b for b in (role_blocker(role),) if b]
    if batch.state is not BatchState.VALIDATED:
        blockers.append(
            f"批次为“{batch.state.label}”：只有“已校验”（无错误、警告均已确认）的批次可以签名"
        )
    if batch.errors:
        blockers.append(f"还有 {batch.errors} 个错误：改正并重新校验后才能签名")
    if batch.unacknowledged:
        blockers.append(f"还有 {batch.unacknowledged} 个警告未确认：审核员须逐条确认并说明原因")
    if batch.rule_pack is not None and batch.rule_pack != RULE_PACK_VERSION:
        # The manifest names the current pack; it must be the one the batch passed.
        blockers.append(
            f"规则包已更新（校验时 {batch.rule_pack}，现为 {RULE_PACK_VERSION}）："
            "请重新校验后再签名"
        )
    if key_problem:
        blockers.append(key_problem)
    return SignSummary(
        batch.id, batch.name, batch.kind.label, batch.state, batch.rows, batch.errors,
        batch.warnings, batch.warnings - batch.unacknowledged, batch.unacknowledged,
        batch.rule_pack, RULE_PACK_VERSION, batch.source_file, digest, key, role,
        tuple(blockers),
    )  # fmt: skip
