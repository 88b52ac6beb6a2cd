"""Suite-wide settings."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

# Property tests judge behaviour, not speed: on a shared 2-core machine a draw can stall
# behind other work, which says nothing about the code under test.
settings.register_profile("registrar", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("registrar")
