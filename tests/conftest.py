"""Fixtures shared by the tests (the home and network isolation live in the root conftest.py)."""

from __future__ import annotations

from tests.support.fixtures import gemini_server

__all__ = ["gemini_server"]
