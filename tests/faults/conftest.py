"""The fault fixtures for the tests in this package."""

from tests.faults.fixtures import fault_proxy, server_process

__all__ = ["fault_proxy", "server_process"]
