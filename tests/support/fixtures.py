"""Shared pytest fixtures; ``tests/conftest.py`` imports them by name."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.gemini_server import GeminiServer

__all__ = ["gemini_server"]


@pytest.fixture
def gemini_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[GeminiServer]:
    """A started Gemini-compatible loopback server; the SDK is pointed at it via env vars."""
    server = GeminiServer().start()
    monkeypatch.setenv("GOOGLE_GEMINI_BASE_URL", server.base_url)
    monkeypatch.setenv("GEMINI_API_KEY", "test-key-not-secret")
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    monkeypatch.delenv("GOOGLE_GENAI_USE_VERTEXAI", raising=False)
    try:
        yield server
    finally:
        server.stop()
