"""``scan_jsonl`` and ``distillgate scan``: streaming JSONL, offsets into the original."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pii_helpers import SECRET, make_policy
from typer.testing import CliRunner

from governance.errors import SourceError
from governance.pii.gateway import PiiGateway
from governance.pii.scan_jsonl import scan_jsonl_with_gateway

ZW = "\u200b"
RECORDS = [
    {"id": 1, "text": f"Hi, I'm Dana Whitfield, mail da{ZW}na@example.com"},
    {"id": "b", "text": "nothing to see"},
    {"id": 3, "text": "card ４１１１ １１１１ １１１１ １１１１", "other": "x"},
]


def _write(path: Path, rows: list[dict[str, object]], field: str = "text") -> Path:
    path.write_text(
        "".join(json.dumps({**r, field: r["text"]} if field != "text" else r) + "\n" for r in rows)
        + "\n",
        encoding="utf-8",
    )
    return path


def test_scan_jsonl_offsets_point_into_original(tmp_path: Path, gateway: PiiGateway) -> None:
    src = _write(tmp_path / "in.jsonl", RECORDS)
    out = tmp_path / "out.jsonl"
    gw = PiiGateway(gateway.policy, gateway.analyzer, secret=SECRET)
    stats = scan_jsonl_with_gateway(src, out, gateway=gw, batch_size=2)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [1, "b", 3]
    assert set(rows[0]) == {"id", "entities", "anonymized"}
    values = [
        (e["entity_type"], RECORDS[i]["text"][e["start"] : e["end"]])  # type: ignore[index]
        for i, r in enumerate(rows)
        for e in r["entities"]
    ]
    assert values == [
        ("PERSON", "Dana Whitfield"),
        ("EMAIL_ADDRESS", f"da{ZW}na@example.com"),
        ("CREDIT_CARD", "４１１１ １１１１ １１１１ １１１１"),
    ]
    assert rows[0]["anonymized"] == "Hi, I'm <PERSON_1>, mail <EMAIL_ADDRESS>"
    assert rows[2]["anonymized"] == "card ***************１１１１"
    assert (stats.records, stats.records_with_pii, stats.blocked) == (3, 2, 0)
    assert stats.entities == {"CREDIT_CARD": 1, "EMAIL_ADDRESS": 1, "PERSON": 1}


def test_bad_line_names_file_and_line(tmp_path: Path, gateway: PiiGateway) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text('{"id": 1, "text": "ok"}\n{"id": 2, "body": "x"}\n', encoding="utf-8")
    with pytest.raises(SourceError, match=r"bad.jsonl:2: field 'text' missing or not a string"):
        scan_jsonl_with_gateway(src, tmp_path / "o.jsonl", gateway=gateway)


def _policy_file(tmp_path: Path) -> Path:
    path = tmp_path / "tickets.yaml"
    path.write_text(
        json.dumps(make_policy().model_dump(mode="json", by_alias=True)), encoding="utf-8"
    )
    return path


def test_cli_scan_to_stdout_and_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.cli._app import app

    monkeypatch.delenv("DISTILLGATE_SPACY_MODEL", raising=False)
    src = _write(tmp_path / "in.jsonl", RECORDS, field="body")
    policy = _policy_file(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["scan", str(src), "--policy", str(policy), "--text-field", "body"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert [r["id"] for r in lines] == [1, "b", 3]
    assert "dana@example.com" not in result.stdout.replace(ZW, "")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["scan", str(src), "--policy", str(policy), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    assert "scanned 3 records, 2 with PII" in result.stderr
