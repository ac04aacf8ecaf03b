"""Audit log benchmark: durable append rate, verify rate, proof size and time.

Compares the Merkle log with group-commit fsync and periodic signed checkpoints against a
baseline in the same run that signs every entry individually with Ed25519 (same batching
and fsync), and verifies each signature on read. Every rate is given per second of wall
time and per second of process CPU time (``time.process_time``: the work of the one core,
less distorted by other load on a shared machine).

    .venv/bin/python benchmarks/audit_bench.py --quick     # 10^3 .. 10^5 entries
    .venv/bin/python benchmarks/audit_bench.py             # 10^3 .. 10^6 entries
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# The code of this checkout, not whatever distillgate the interpreter has installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from governance.audit._fastcheck import AVAILABLE as FAST_CHECK
from governance.audit.events import EventKind
from governance.audit.keys import Signer, TrustStore, verify_signature
from governance.audit.log import AuditLog
from governance.audit.merkle import inclusion_proof, leaf_hash
from governance.audit.verify import prove_inclusion, verify_audit, verify_inclusion_proof
from governance.jsontypes import JsonValue

BATCH = 1000  # entries per group commit (one teacher micro-batch)
BASELINE_MAX = 100_000  # the per-entry-signature baseline is slow; cap its size
POLICY = "a3f1" * 16


def _payload(i: int) -> dict[str, JsonValue]:
    return {
        "example_id": f"support-{i:07d}",
        "outcome": "allow" if i % 7 else "block",
        "findings": [
            {
                "entity_type": "EMAIL_ADDRESS",
                "start": 14,
                "end": 31,
                "score": 0.93,
                "recognizer": "EmailRecognizer",
                "action": "redact",
                "value_digest": "9c1f" * 16,
            },
        ],
        "fired_rules": ["prompt.entities.EMAIL_ADDRESS: redact"],
    }


@dataclass(frozen=True)
class Timing:
    """Wall and process-CPU seconds of one measured step."""

    wall: float
    cpu: float

    def rates(self, n: int) -> str:
        """``wall/s cpu/s`` for ``n`` items."""
        return f"{n / self.wall:>9.0f} {n / self.cpu:>9.0f}"


@contextmanager
def _timed(out: list[Timing]) -> Iterator[None]:
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    out.append(Timing(time.perf_counter() - wall, time.process_time() - cpu))


def bench_log(folder: Path, signer: Signer, n: int, *, pipelined: bool) -> tuple[Timing, Path]:
    """Append ``n`` entries, acknowledging each BATCH durably, and close.

    ``pipelined``: each batch is committed in the background (``AuditLog.commit``) while the
    next one is built; otherwise each batch blocks in ``AuditLog.sync``. The time runs until
    every entry is durable and the final checkpoint is written.
    """
    audit_dir = folder / f"merkle-{n}-{'pipelined' if pipelined else 'sync'}"
    out: list[Timing] = []
    with _timed(out), AuditLog.create(audit_dir, signer=signer, origin="bench/run") as log:
        for i in range(n):
            log.append(EventKind.PROMPT_DECISION, _payload(i), policy_hash=POLICY)
            if i % BATCH == BATCH - 1:
                if pipelined:
                    log.commit()
                else:
                    log.sync()
    return out[0], audit_dir


def bench_baseline(folder: Path, signer: Signer, n: int) -> tuple[Timing, Timing]:
    """Per-entry signatures: (append, verify) timings for ``n`` entries."""
    encode = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode
    path = folder / f"signed-{n}.jsonl"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    out: list[Timing] = []
    with _timed(out):
        buffer: list[bytes] = []
        for i in range(n):
            line = encode(
                {
                    "index": i,
                    "kind": "prompt_decision",
                    "payload": _payload(i),
                    "policy_hash": POLICY,
                    "timestamp": "2026-01-01T00:00:00.000000+00:00",
                }
            ).encode()
            buffer.append(line + b"\t" + signer.sign(line).hex().encode() + b"\n")
            if i % BATCH == BATCH - 1 or i == n - 1:
                os.write(fd, b"".join(buffer))
                os.fsync(fd)
                buffer.clear()
        os.close(fd)
    verify_signature.cache_clear()
    pub = signer.public_key_bytes
    with _timed(out):
        for raw in path.read_bytes().splitlines():
            line, _, sig = raw.partition(b"\t")
            assert verify_signature(pub, bytes.fromhex(sig.decode()), line)
            json.loads(line)
    return out[0], out[1]


def _verify(audit_dir: Path, trust: TrustStore, *, check_json: bool) -> Timing:
    verify_signature.cache_clear()
    out: list[Timing] = []
    with _timed(out):
        assert verify_audit(audit_dir, trust=trust, check_json=check_json).ok
    return out[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes 10^3..10^5 only")
    parser.add_argument("--dir", type=Path, default=None, help="scratch folder (on real disk)")
    args = parser.parse_args()
    sizes = [10**3, 10**4, 10**5] if args.quick else [10**3, 10**4, 10**5, 10**6]
    folder = Path(tempfile.mkdtemp(prefix="audit-bench-", dir=args.dir))
    signer = Signer.ephemeral(name="bench")
    trust = TrustStore([], path=None)
    trust.add(signer.public_key_bytes, name="bench")
    print(
        f"scratch: {folder} (cpu count {os.cpu_count()}; batch {BATCH} entries per fsync; "
        f"fast entry check {'on (msgspec)' if FAST_CHECK else 'off (no msgspec)'})"
    )
    appends: list[str] = []
    verifies: list[str] = []
    try:
        for n in sizes:
            piped, audit_dir = bench_log(folder, signer, n, pipelined=True)
            blocking, sync_dir = bench_log(folder, signer, n, pipelined=False)
            shutil.rmtree(sync_dir)
            full = _verify(audit_dir, trust, check_json=True)
            integrity = _verify(audit_dir, trust, check_json=False)
            base_n = min(n, BASELINE_MAX)
            base_append, base_verify = bench_baseline(folder, signer, base_n)
            # Proof: full prove (verifies the whole log first) and the pure path from hashes.
            proof = prove_inclusion(audit_dir, n // 2, trust=trust)
            leaves = [leaf_hash(x) for x in (audit_dir / "log.jsonl").read_bytes().splitlines()]
            times = []
            for index in range(0, n, max(1, n // 50)):
                start = time.perf_counter()
                inclusion_proof(index, leaves)
                times.append(time.perf_counter() - start)
            checks = []
            for _ in range(20):
                start = time.perf_counter()
                verify_inclusion_proof(proof, trust=trust)
                checks.append(time.perf_counter() - start)
            speedup = (n / piped.wall) / (base_n / base_append.wall)
            appends.append(
                f"{n:>9} {piped.rates(n)} {blocking.rates(n)} {base_append.rates(base_n)} "
                f"{speedup:>6.1f}"
            )
            verifies.append(
                f"{n:>9} {full.rates(n)} {integrity.rates(n)} {base_verify.rates(base_n)} "
                f"{(n / full.wall) / (base_n / base_verify.wall):>6.1f} "
                f"{len(proof.audit_path):>6} {len(proof.to_json_text()):>6} "
                f"{statistics.median(times) * 1e3:>9.2f} {statistics.median(checks) * 1e3:>9.3f}"
            )
            print(f"done {n} entries", flush=True)
            shutil.rmtree(audit_dir)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("\ndurable appends per second: wall and CPU (process_time)")
    print(
        f"{'entries':>9} {'piped':>9} {'(cpu)':>9} {'sync':>9} {'(cpu)':>9} "
        f"{'base':>9} {'(cpu)':>9} {'x':>6}"
    )
    print("\n".join(appends))
    print("\nverified entries per second: wall and CPU (process_time); proofs")
    print(
        f"{'entries':>9} {'verify':>9} {'(cpu)':>9} {'nojson':>9} {'(cpu)':>9} "
        f"{'base':>9} {'(cpu)':>9} {'x':>6} {'proof':>6} {'bytes':>6} {'prove ms':>9} "
        f"{'check ms':>9}"
    )
    print("\n".join(verifies))
    print(
        "\npiped: each batch of 1000 committed in the background (AuditLog.commit) while the "
        "next is built, timed until all are durable; sync: each batch blocks in "
        "AuditLog.sync; checkpoints every 1000 entries and at close; base: one Ed25519 "
        "signature per entry (sizes above 10^5 use a 10^5 baseline); x: ratio of wall rates.\n"
        "verify: every entry hashed into the tree, roots matched to signed checkpoints, and "
        "each entry checked (valid JSON with exactly its fields, its index, a known kind, "
        "64-hex policy hash, UTC timestamp not before the previous one, object payload); "
        "nojson: hashes, index prefixes and signatures only.\n"
        "proof: hashes in the audit path; bytes: proof JSON; prove ms: median "
        "audit path from leaf hashes; check ms: median proof verification (cached signature)."
    )


if __name__ == "__main__":
    main()
