"""Tests import the local site server under this name; it lives in :mod:`pipelines.demo.server`."""

from pipelines.demo.server import FixtureServer, Route, free_port

__all__ = ["FixtureServer", "Route", "free_port"]
