"""Exceptions of the wire format, keys and packages.

Every message is Chinese first, English after, and safe to show a clerk or write to a
log: none ever holds a passphrase, key bytes or an unmasked ID number.
"""

from __future__ import annotations


class SyncError(Exception):
    """Base of this package's errors; `str(exc)` is the message for the clerk."""


class WireFormatError(SyncError, ValueError):
    """A value cannot be put into the wire format (a float, a naive datetime, …)."""


class KeyStoreError(SyncError):
    """A key cannot be created, read or used."""


class WrongPassphrase(KeyStoreError):
    """The passphrase does not open the key (or the key file was altered)."""


class WeakPassphrase(KeyStoreError):
    """The passphrase is too short to protect a signing key."""


class KeyNotFound(KeyStoreError):
    pass


class KeyNotUsable(KeyStoreError):
    """A retired or revoked key asked to sign, or a second active key asked for."""


class KeyFileDamaged(KeyStoreError):
    """A key file is not what this program writes (truncated, edited, unknown format)."""
