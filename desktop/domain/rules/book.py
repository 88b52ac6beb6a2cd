"""Declaring rules: each rule module fills a `RuleBook` with decorated check functions."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from desktop.domain.fields import BatchKind
from desktop.domain.rules.base import Check, Rule, Scope, Severity

ALL_KINDS = frozenset(BatchKind)


class RuleBook:
    def __init__(self) -> None:
        self.rules: list[Rule] = []

    def rule(
        self,
        id: str,
        *,
        kinds: Iterable[BatchKind] | BatchKind,
        basis: str,
        severity: Severity,
        scope: Scope,
        fields: tuple[str, ...],
        title: str,
        zh: str,
        en: str,
    ) -> Callable[[Check], Check]:
        kind_set = frozenset([kinds] if isinstance(kinds, BatchKind) else kinds)

        def register(check: Check) -> Check:
            self.rules.append(
                Rule(
                    id=id,
                    kinds=kind_set,
                    basis=basis,
                    severity=severity,
                    scope=scope,
                    fields=fields,
                    title=title,
                    message_zh=zh,
                    message_en=en,
                    check=check,
                )
            )
            return check

        return register
