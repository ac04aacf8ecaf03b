"""Fixtures for every test and doctest: an isolated distillgate home, loopback-only network."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class NetworkBlockedError(RuntimeError):
    """A test tried to reach a non-loopback address."""


def _is_loopback(address: Any) -> bool:
    if isinstance(address, tuple) and address:
        host = address[0]
    else:
        return True  # AF_UNIX paths and the like
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs with sockets limited to loopback: no hidden network calls."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        if not _is_loopback(address):
            raise NetworkBlockedError(f"network access to {address!r} blocked in tests")
        return real_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> Any:
        if not _is_loopback(address):
            raise NetworkBlockedError(f"network access to {address!r} blocked in tests")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)


@pytest.fixture(scope="session", autouse=True)
def _session_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A home for module- and session-scoped fixtures too (they run before the per-test one):
    audit logs anchor every checkpoint under ``DISTILLGATE_HOME``, never under ``~``."""
    previous = os.environ.get("DISTILLGATE_HOME")
    os.environ["DISTILLGATE_HOME"] = str(tmp_path_factory.mktemp("dghome-session"))
    yield
    if previous is None:
        os.environ.pop("DISTILLGATE_HOME", None)
    else:
        os.environ["DISTILLGATE_HOME"] = previous


@pytest.fixture(scope="module", autouse=True)
def _module_home(_session_home: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A home per test module for its module-scoped fixtures: two modules that build a
    fixture run under the same id must not meet in one anchor log."""
    previous = os.environ["DISTILLGATE_HOME"]
    os.environ["DISTILLGATE_HOME"] = str(tmp_path_factory.mktemp("dghome-module"))
    yield
    os.environ["DISTILLGATE_HOME"] = previous


@pytest.fixture(autouse=True)
def distillgate_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A fresh ``DISTILLGATE_HOME`` per test (keys, ledger, sources never touch ~)."""
    home = tmp_path_factory.mktemp("dghome")
    monkeypatch.setenv("DISTILLGATE_HOME", str(home))
    monkeypatch.delenv("DISTILLGATE_REVIEWER_KEYS", raising=False)
    yield home
