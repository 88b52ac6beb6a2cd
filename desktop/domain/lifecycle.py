"""A batch's lifecycle: 草稿 → 已校验 → 已签名 → 已排队 → 已提交 → 已受理 / 部分受理 / 已退回.

Pure data: the store enforces it, the UI and CLI show its labels.
"""

from __future__ import annotations

from enum import StrEnum


class BatchState(StrEnum):
    DRAFT = "draft"
    VALIDATED = "validated"
    SIGNED = "signed"
    QUEUED = "queued"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def editable(self) -> bool:
        """Records may change only before signing; a signed batch is frozen."""
        return self in (BatchState.DRAFT, BatchState.VALIDATED)


_LABELS = {
    BatchState.DRAFT: "草稿",
    BatchState.VALIDATED: "已校验",
    BatchState.SIGNED: "已签名",
    BatchState.QUEUED: "已排队",
    BatchState.SUBMITTED: "已提交",
    BatchState.ACCEPTED: "已受理",
    BatchState.PARTLY_ACCEPTED: "部分受理",
    BatchState.REJECTED: "已退回",
}

S = BatchState
TRANSITIONS: dict[BatchState, frozenset[BatchState]] = {
    # An edit of a validated batch sends it back to draft; validation can be re-run.
    S.DRAFT: frozenset({S.VALIDATED}),
    S.VALIDATED: frozenset({S.DRAFT, S.VALIDATED, S.SIGNED}),
    # Unsigning (to edit again) is the only way back from signed.
    S.SIGNED: frozenset({S.DRAFT, S.QUEUED}),
    # 已提交: the server holds the submission. A submission the server refuses as a
    # whole (its key revoked, its signature bad) is 已退回 without ever being held.
    S.QUEUED: frozenset({S.SUBMITTED, S.REJECTED}),
    S.SUBMITTED: frozenset({S.ACCEPTED, S.PARTLY_ACCEPTED, S.REJECTED}),
    S.ACCEPTED: frozenset(),
    S.PARTLY_ACCEPTED: frozenset(),
    S.REJECTED: frozenset(),
}

# A corrected re-submission starts as a new draft batch linked to one of these.
CORRECTABLE = frozenset({S.PARTLY_ACCEPTED, S.REJECTED})


def can_move(current: BatchState, target: BatchState) -> bool:
    return target in TRANSITIONS[current]


def transition_error(current: BatchState, target: BatchState) -> str:
    allowed = "、".join(s.label for s in sorted(TRANSITIONS[current], key=list(S).index))
    return f"批次状态不能从“{current.label}”变为“{target.label}”" + (
        f"（可变为：{allowed}）" if allowed else "（该状态为终态）"
    )
