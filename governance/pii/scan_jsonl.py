"""Stream a JSONL file through the gateway: findings and anonymized text per record."""

from __future__ import annotations

import json
import sys
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from governance.errors import ConfigError, SourceError
from governance.pii.decisions import PromptDecision
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


def _row(record_id: Any, decision: PromptDecision) -> str:
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
    return json.dumps(row, ensure_ascii=False) + "\n"


def scan_jsonl_with_gateway(
    input_path: Path,
    output_path: Path | None,
    *,
    gateway: PiiGateway,
    text_field: str = "text",
    progress: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    processes: int = 1,
) -> ScanStats:
    """:func:`scan_jsonl` with an existing gateway. Records stream through the gateway:
    memory is bounded by ``batch_size`` (and, with ``processes > 1``, by the worker pool's
    chunks in flight)."""
    if processes < 1:
        raise ConfigError(f"processes must be at least 1, got {processes}")
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
        ids: deque[Any] = deque()

        def texts() -> Iterator[str]:
            for record_id, text in _records(source, input_path, text_field):
                ids.append(record_id)
                yield text

        decisions = gateway.iter_process_prompts(
            texts(), batch_size=batch_size, progress=progress, n_process=processes
        )
        for decision in decisions:
            records += 1
            with_pii += bool(decision.findings)
            blocked += decision.outcome == "block"
            counts.update(f.entity_type for f in decision.findings)
            sink.write(_row(ids.popleft(), decision))
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
    processes: int = 1,
) -> ScanStats:
    """Scan ``input_path`` (``{"id": ..., "<text_field>": ...}`` per line) into
    ``output_path`` (stdout when None): ``{"id", "entities", "anonymized"}`` per line, entity
    offsets into the original text. Streams in constant memory; ``processes > 1`` scans in
    that many worker processes (stopped when the scan ends).
    """
    gateway = PiiGateway.from_policy(policy, secret=secret, spacy_model=spacy_model)
    try:
        return scan_jsonl_with_gateway(
            input_path,
            output_path,
            gateway=gateway,
            text_field=text_field,
            progress=progress,
            processes=processes,
        )
    finally:
        gateway.close()
