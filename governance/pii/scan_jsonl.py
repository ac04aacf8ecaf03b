"""Stream a JSONL file through the gateway: findings and anonymized text per record."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any

from governance.errors import SourceError
from governance.pii.gateway import DEFAULT_BATCH_SIZE, PiiGateway
from governance.policy.models import Policy

__all__ = ["ScanStats", "scan_jsonl", "scan_jsonl_with_gateway"]


@dataclass(frozen=True)
class ScanStats:
    """Totals of one scan (no raw values)."""

    records: int
    records_with_pii: int
    blocked: int
    entities: dict[str, int] = field(default_factory=dict)


def _records(handle: IO[str], path: Path, text_field: str) -> Iterator[tuple[Any, str]]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SourceError(f"{path}:{number}: invalid JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise SourceError(f"{path}:{number}: a record must be a JSON object")
        text = record.get(text_field)
        if not isinstance(text, str):
            raise SourceError(
                f"{path}:{number}: field {text_field!r} missing or not a string",
                hint="choose the field with --text-field",
            )
        yield record.get("id"), text


def scan_jsonl_with_gateway(
    input_path: Path,
    output_path: Path | None,
    *,
    gateway: PiiGateway,
    text_field: str = "text",
    progress: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> ScanStats:
    """:func:`scan_jsonl` with an existing gateway (memory bounded by ``batch_size``)."""
    counts: Counter[str] = Counter()
    records = with_pii = blocked = 0
    with ExitStack() as stack:
        try:
            source = stack.enter_context(input_path.open(encoding="utf-8"))
        except OSError as exc:
            raise SourceError(f"cannot read {input_path}: {exc.strerror}") from exc
        sink: IO[str] = (
            stack.enter_context(output_path.open("w", encoding="utf-8"))
            if output_path is not None
            else sys.stdout
        )
        stream = _records(source, input_path, text_field)
        while chunk := list(islice(stream, batch_size)):
            texts = [text for _, text in chunk]
            decisions = gateway.process_prompts(texts, progress=progress)
            for (record_id, _), decision in zip(chunk, decisions, strict=True):
                records += 1
                with_pii += bool(decision.findings)
                blocked += decision.outcome == "block"
                counts.update(f.entity_type for f in decision.findings)
                row = {
                    "id": record_id,
                    "entities": [
                        {
                            "entity_type": f.entity_type,
                            "start": f.start,
                            "end": f.end,
                            "score": round(f.score, 4),
                        }
                        for f in decision.findings
                    ],
                    "anonymized": decision.text,
                }
                sink.write(json.dumps(row, ensure_ascii=False) + "\n")
        sink.flush()
    return ScanStats(records, with_pii, blocked, dict(sorted(counts.items())))


def scan_jsonl(
    input_path: Path,
    output_path: Path | None,
    *,
    policy: Policy,
    text_field: str = "text",
    secret: bytes,
    progress: bool = False,
    spacy_model: str | None = None,
) -> ScanStats:
    """Scan ``input_path`` (``{"id": ..., "<text_field>": ...}`` per line) into
    ``output_path`` (stdout when None): ``{"id", "entities", "anonymized"}`` per line, entity
    offsets into the original text. Streams in constant memory.
    """
    gateway = PiiGateway.from_policy(policy, secret=secret, spacy_model=spacy_model)
    return scan_jsonl_with_gateway(
        input_path, output_path, gateway=gateway, text_field=text_field, progress=progress
    )
