"""Errors the store raises, each with a message a clerk can act on."""

from __future__ import annotations


class StoreError(Exception):
    """Base of the store's errors; `str()` is the Chinese message shown to the clerk."""


class NewerDatabase(StoreError):
    pass


class NotInitialised(StoreError):
    pass


class Conflict(StoreError):
    """Someone else changed the object since it was read (optimistic locking)."""


class IllegalTransition(StoreError):
    pass


class NotFound(StoreError):
    pass
