"""Zero network: building and running the analyzer never opens a non-loopback socket."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from governance.pii.gateway import PiiGateway
from governance.pii.recognizers import OfflineEmailRecognizer, build_registry_recognizers


def test_no_socket_is_opened(monkeypatch: pytest.MonkeyPatch, gateway: PiiGateway) -> None:
    attempts: list[Any] = []

    def record(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError("network blocked")

    monkeypatch.setattr(socket.socket, "connect", record)
    monkeypatch.setattr(socket.socket, "connect_ex", record)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: record(None, a))  # type: ignore[arg-type]
    build_registry_recognizers(())
    recognizer = OfflineEmailRecognizer()
    assert recognizer.validate_result("someone@example.co.uk")
    assert not recognizer.validate_result("someone@example.notatld")
    findings = gateway.scan(
        ["mail ana@example.museum or bob@corp.example.de, see www.example.org"]
    )[0]
    assert {f.entity_type for f in findings} == {"EMAIL_ADDRESS", "URL"}
    assert attempts == []
