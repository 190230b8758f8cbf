"""Shared pytest configuration: the loopback fake APIs as fixtures."""

pytest_plugins = ["tests.fakes.fixtures"]
