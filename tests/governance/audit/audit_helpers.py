"""Shared builders for the audit tests: real log entries, in-memory checkpoints."""

from __future__ import annotations

from itertools import repeat
from pathlib import Path

from governance.audit._scan import split_lines
from governance.audit.checkpoint import SignedCheckpoint
from governance.audit.events import EventKind
from governance.audit.keys import Signer, TrustStore
from governance.audit.log import AuditLog
from governance.audit.merkle import leaf_hash, tree_root
from governance.jsontypes import JsonValue

POLICY_HASH = "5" * 64
ORIGIN = "distillgate/test-run"
KINDS = list(EventKind)


def payload(i: int) -> dict[str, JsonValue]:
    """Varied payloads: nesting, lists, floats, booleans, null, non-ASCII text."""
    return {
        "example_id": f"ex-{i}",
        "outcome": ["allow", "block", "redact"][i % 3],
        "findings": [{"entity_type": "EMAIL_ADDRESS", "start": i, "end": i + 9, "score": 0.85}],
        "note": "caf\u00e9 \u2713" if i % 5 == 0 else None,
        "cached": i % 2 == 0,
    }


def write_log(
    audit_dir: Path, signer: Signer, n: int, *, checkpoint_at: tuple[int, ...] = ()
) -> None:
    """A real log of ``n`` entries with checkpoints at the given sizes and at close."""
    with AuditLog.create(audit_dir, signer=signer, origin=ORIGIN) as log:
        for i in range(n):
            log.append(KINDS[i % len(KINDS)], payload(i), policy_hash=POLICY_HASH)
            if i + 1 in checkpoint_at:
                log.checkpoint()


def trust_for(*signers: Signer) -> TrustStore:
    """An in-memory trust store holding the given signers."""
    trust = TrustStore([], path=None)
    for signer in signers:
        trust.add(signer.public_key_bytes, name=signer.name)
    return trust


def checkpoints_for(lines: list[bytes], sizes: list[int], signer: Signer) -> bytes:
    """``checkpoints.jsonl`` content signing the prefixes of ``lines`` of the given sizes."""
    leaves = [leaf_hash(line) for line in lines]
    out = b""
    for size in sizes:
        cp = SignedCheckpoint.sign(
            signer, origin=ORIGIN, tree_size=size, root_hash=tree_root(leaves[:size])
        )
        out += cp.to_json_line() + b"\n"
    return out


def read_lines(audit_dir: Path) -> list[bytes]:
    """Complete lines of ``log.jsonl``."""
    lines, torn = split_lines((audit_dir / "log.jsonl").read_bytes())
    assert torn == b""
    return lines


def renumber(lines: list[bytes]) -> bytes:
    """Rewrite each entry's index to its position (what a careful forger would do)."""
    assert all(map(bytes.startswith, lines, repeat(b'{"index":')))
    tails = [line[line.index(b",") + 1 :] for line in lines]
    numbered = [x for pair in zip(range(len(lines)), tails, strict=True) for x in pair]
    return (b'{"index":%d,%b\n' * len(lines)) % tuple(numbered)


def join(lines: list[bytes]) -> bytes:
    """``log.jsonl`` content of ``lines``."""
    return b"".join(line + b"\n" for line in lines)
