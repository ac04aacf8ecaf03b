"""Stream a JSONL file through the gateway: findings and anonymized text per record.

Every line must be UTF-8 JSON of at most :data:`MAX_RECORD_BYTES` bytes; anything else stops
the scan with a :class:`~governance.errors.SourceError` naming the file and line. The output
file is written under a temporary name in its folder and renamed when the scan succeeds, so
a failed scan leaves no partial output (and an existing file untouched).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from governance.errors import ConfigError, SourceError
from governance.pii.decisions import PromptDecision
from governance.pii.gateway import DEFAULT_BATCH_SIZE, PiiGateway
from governance.policy.models import Policy

__all__ = ["MAX_RECORD_BYTES", "ScanStats", "scan_jsonl", "scan_jsonl_with_gateway"]

#: Longest line read (64 MiB); longer texts are scanned in windows, but must fit in memory.
MAX_RECORD_BYTES = 64 << 20


@dataclass(frozen=True)
class ScanStats:
    """Totals of one scan (no raw values)."""

    records: int
    records_with_pii: int
    blocked: int
    entities: dict[str, int] = field(default_factory=dict)


def _lines(handle: IO[bytes], path: Path) -> Iterator[tuple[int, str]]:
    number = 0
    while raw := handle.readline(MAX_RECORD_BYTES + 1):
        number += 1
        if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
            raise SourceError(f"{path}:{number}: record longer than {MAX_RECORD_BYTES} bytes")
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SourceError(
                f"{path}:{number}: not valid UTF-8 (invalid byte at offset {exc.start} of "
                "the line)",
                hint="convert the file to UTF-8",
            ) from None
        yield number, line


def _records(handle: IO[bytes], path: Path, text_field: str) -> Iterator[tuple[Any, str]]:
    for number, line in _lines(handle, path):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SourceError(f"{path}:{number}: invalid JSON ({exc.msg})") from None
        except RecursionError:
            raise SourceError(f"{path}:{number}: invalid JSON (nested too deeply)") from None
        if not isinstance(record, dict):
            raise SourceError(f"{path}:{number}: a record must be a JSON object")
        text = record.get(text_field)
        if not isinstance(text, str):
            raise SourceError(
                f"{path}:{number}: field {text_field!r} missing or not a string",
                hint="choose the field with --text-field",
            )
        try:
            json.dumps([record.get("id"), text], ensure_ascii=False).encode("utf-8")
        except (UnicodeEncodeError, RecursionError):
            raise SourceError(
                f"{path}:{number}: the id or text is not valid Unicode (an unpaired surrogate "
                "escape such as \\ud800) or is nested too deeply"
            ) from None
        yield record.get("id"), text


@contextmanager
def _output(output_path: Path | None) -> Iterator[IO[str]]:
    """stdout, or a temporary file next to ``output_path`` renamed to it on success and
    removed on failure."""
    if output_path is None:
        yield sys.stdout
        return
    folder = output_path.parent
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=f".{output_path.name}.", suffix=".partial")
    except OSError as exc:
        raise SourceError(f"cannot write {output_path}: {exc.strerror or exc}") from None
    partial = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as sink:
            yield sink
            sink.flush()
            os.fsync(sink.fileno())
        partial.replace(output_path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


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
            source = stack.enter_context(input_path.open("rb"))
        except OSError as exc:
            raise SourceError(f"cannot read {input_path}: {exc.strerror}") from exc
        sink = stack.enter_context(_output(output_path))
        pending: deque[tuple[Any, str]] = deque()

        def texts() -> Iterator[str]:
            for record_id, text in _records(source, input_path, text_field):
                pending.append((record_id, text))
                yield text

        scans = gateway.stream(
            texts(), batch_size=batch_size, progress=progress, n_process=processes
        )
        for findings in scans:
            record_id, text = pending.popleft()
            (decision,) = gateway.decide_prompts([text], findings=[findings])
            records += 1
            with_pii += bool(decision.findings)
            blocked += decision.outcome == "block"
            counts.update(f.entity_type for f in decision.findings)
            sink.write(_row(record_id, decision))
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
