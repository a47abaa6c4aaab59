"""Tests import the local site server under this name; it lives in :mod:`pipelines.cli.static_site`."""

from pipelines.cli.static_site import FixtureServer, Route, free_port

__all__ = ["FixtureServer", "Route", "free_port"]
