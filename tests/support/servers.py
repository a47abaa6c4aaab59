"""The one static-site server of the tests (the demo's, :mod:`pipelines.demo.server`) and ``free_port``.

The fault suite's scripted server is :mod:`tests.support.fault_server`."""

from __future__ import annotations

from pipelines.demo.server import FixtureServer, Route, free_port

__all__ = ["FixtureServer", "Route", "free_port"]
