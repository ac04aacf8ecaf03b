"""Broken and hostile input to ``distillgate scan`` (issue 16, attack 8): bad encoding, bad
Unicode, oversized and very long records. Errors name the line and exit 2; a failed scan
leaves no output file behind; a 10 MB record is scanned whole."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from pii_helpers import SECRET, make_policy

from governance.errors import SourceError
from governance.pii import scan_jsonl as scan_module
from governance.pii.gateway import PiiGateway
from governance.pii.scan_jsonl import scan_jsonl_with_gateway

_GOOD = b'{"id": 1, "text": "mail dana@example.com"}\n'


def _gateway(gateway: PiiGateway) -> PiiGateway:
    return PiiGateway(gateway.policy, gateway.analyzer, secret=SECRET)


def _policy_file(tmp_path: Path) -> Path:
    path = tmp_path / "tickets.yaml"
    path.write_text(
        json.dumps(make_policy().model_dump(mode="json", by_alias=True)), encoding="utf-8"
    )
    return path


def _main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    from pipeline.cli import main

    monkeypatch.setattr(sys, "argv", ["distillgate", *args])
    with pytest.raises(SystemExit) as done:
        main()
    return int(done.value.code or 0)


def test_invalid_utf8_names_the_line_and_leaves_no_output(
    tmp_path: Path, gateway: PiiGateway
) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_bytes(_GOOD * 2 + b'{"id": 3, "text": "caf\xe9"}\n' + _GOOD)
    out = tmp_path / "out.jsonl"
    with pytest.raises(SourceError, match=r"bad.jsonl:3: not valid UTF-8 \(invalid byte at"):
        scan_jsonl_with_gateway(src, out, gateway=_gateway(gateway), batch_size=1)
    assert list(tmp_path.iterdir()) == [src]


def test_failed_scan_keeps_an_existing_output_file(tmp_path: Path, gateway: PiiGateway) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_bytes(_GOOD + b"{not json\n")
    out = tmp_path / "out.jsonl"
    out.write_text("earlier result\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"bad.jsonl:2: invalid JSON"):
        scan_jsonl_with_gateway(src, out, gateway=_gateway(gateway), batch_size=1)
    assert out.read_text(encoding="utf-8") == "earlier result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl", "out.jsonl"]


def test_unpaired_surrogate_is_refused_with_its_line(tmp_path: Path, gateway: PiiGateway) -> None:
    src = tmp_path / "sur.jsonl"
    src.write_bytes(_GOOD + b'{"id": 2, "text": "x \\ud800 y"}\n')
    out = tmp_path / "out.jsonl"
    with pytest.raises(SourceError, match=r"sur.jsonl:2: the id or text is not valid Unicode"):
        scan_jsonl_with_gateway(src, out, gateway=_gateway(gateway))
    assert not out.exists()


def test_oversized_record_is_refused_without_reading_it_whole(
    tmp_path: Path, gateway: PiiGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scan_module, "MAX_RECORD_BYTES", 64)
    src = tmp_path / "long.jsonl"
    src.write_bytes(_GOOD + b'{"id": 2, "text": "' + b"a" * 200 + b'"}\n')
    with pytest.raises(SourceError, match=r"long.jsonl:2: record longer than 64 bytes"):
        scan_jsonl_with_gateway(src, tmp_path / "out.jsonl", gateway=_gateway(gateway))


def test_cli_exits_2_with_the_line_of_bad_encoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_bytes(_GOOD + b'{"id": 2, "text": "\xff\xfe"}\n')
    out = tmp_path / "out.jsonl"
    code = _main(
        monkeypatch, "scan", str(src), "--policy", str(_policy_file(tmp_path)), "--out", str(out)
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "bad.jsonl:2: not valid UTF-8" in err
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.slow
def test_cli_scans_a_10_mb_record_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    filler = "the router drops the line every evening so I restarted it again. "
    body = filler * (10_000_000 // len(filler))
    emails = [f"user{i}@example.com" for i in range(5)]
    # one at the start, three across the first window cuts, one at the very end
    cuts = [0, 99_990, 197_995, 296_000]
    text = body
    for email, at in zip(emails, cuts, strict=False):
        text = text[:at] + f" {email} " + text[at + len(email) + 2 :]
    text += " " + emails[4]
    src = tmp_path / "big.jsonl"
    src.write_text(json.dumps({"id": "big", "text": text}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code = _main(
        monkeypatch, "scan", str(src), "--policy", str(_policy_file(tmp_path)), "--out", str(out)
    )
    assert code == 0, capsys.readouterr().err
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    found = [text[e["start"] : e["end"]] for e in row["entities"]]
    assert found == emails
    assert not any(email in row["anonymized"] for email in emails)
    assert row["anonymized"].count("<EMAIL_ADDRESS>") == 5
    assert "scanned 1 records, 1 with PII" in capsys.readouterr().err
