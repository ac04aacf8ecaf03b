"""Fuzz the JSONL reader of ``distillgate scan``: any bytes give records or a
:class:`SourceError` naming the line, never another exception."""

from __future__ import annotations

import io
import json
from pathlib import Path

from fuzz_support import FUZZ, mutations
from hypothesis import example, given
from hypothesis import strategies as st

from governance.errors import SourceError
from governance.pii.scan_jsonl import _records

_SAMPLE = b"".join(
    json.dumps({"id": i, "text": t}, ensure_ascii=i % 2 == 0).encode("utf-8") + b"\n"
    for i, t in enumerate(["mail dana@example.com", "caf\u00e9 \u2713", "", "call 212 555 0199"])
)


def _read(data: bytes) -> None:
    try:
        for record_id, text in _records(io.BytesIO(data), Path("in.jsonl"), "text"):
            assert isinstance(text, str)
            json.dumps([record_id, text], ensure_ascii=False).encode("utf-8")
    except SourceError as exc:
        assert exc.message.startswith("in.jsonl:")


@FUZZ
@given(data=mutations(_SAMPLE))
@example(data=b'{"id": 1, "text": "\\ud800"}\n')
@example(data=b'{"id": 1, "text": "x"}\n' + b"[" * 100_000 + b"\n")
@example(data=b'{"id": 1, "text": "caf\xe9"}\n')
def test_reader_survives_mutated_jsonl(data: bytes) -> None:
    _read(data)


@FUZZ
@given(data=st.binary(max_size=256))
def test_reader_survives_random_bytes(data: bytes) -> None:
    _read(data)
