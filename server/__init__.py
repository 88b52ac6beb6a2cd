"""The reference central server (学信网 stand-in): the API contract the desktop client
speaks, signature checks, the national rules and signed receipts.

    app = create_app("sqlite:///central.db", server_key, admin_token="…")

Shares only `desktop.domain` and the wire format of `desktop.sync` with the client.
"""

from server.app import create_app
from server.config import Limits

__all__ = ["Limits", "create_app"]
