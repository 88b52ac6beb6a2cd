"""Limits the server enforces; the defaults suit a school's upload over an office line."""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    max_request_bytes: int = 8 * MiB  # any body, as sent (compressed or not)
    max_chunk_bytes: int = 8 * MiB  # a chunk once decompressed (client default is 5 MiB)
    max_chunks: int = 100_000
    max_photo_bytes: int = 2 * MiB
    rate_per_minute: int = 1200  # requests per school; chunks of a 1M batch are ~200
    rate_burst: int = 300
    token_seconds: int = 900
    challenge_seconds: int = 120
    enrolment_code_hours: int = 72
