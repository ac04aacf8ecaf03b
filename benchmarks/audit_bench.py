"""Audit log benchmark: durable append rate, verify rate, proof size and time.

Compares the Merkle log with group-commit fsync and periodic signed checkpoints against a
baseline in the same run that signs every entry individually with Ed25519 (same batching
and fsync), and verifies each signature on read.

    .venv/bin/python benchmarks/audit_bench.py --quick     # 10^3 .. 10^5 entries
    .venv/bin/python benchmarks/audit_bench.py             # 10^3 .. 10^6 entries
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from governance.audit.events import EventKind
from governance.audit.keys import Signer, TrustStore, verify_signature
from governance.audit.log import AuditLog
from governance.audit.merkle import inclusion_proof, leaf_hash
from governance.audit.verify import prove_inclusion, verify_audit, verify_inclusion_proof

BATCH = 1000  # entries per group commit (one teacher micro-batch)
BASELINE_MAX = 100_000  # the per-entry-signature baseline is slow; cap its size
POLICY = "a3f1" * 16


def _payload(i: int) -> dict[str, object]:
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


def bench_log(folder: Path, signer: Signer, n: int) -> tuple[float, Path]:
    """Seconds to append ``n`` entries durably (sync every BATCH) and close."""
    audit_dir = folder / f"merkle-{n}"
    start = time.perf_counter()
    with AuditLog.create(audit_dir, signer=signer, origin="bench/run") as log:
        for i in range(n):
            log.append(EventKind.PROMPT_DECISION, _payload(i), policy_hash=POLICY)
            if i % BATCH == BATCH - 1:
                log.sync()
    return time.perf_counter() - start, audit_dir


def bench_baseline(folder: Path, signer: Signer, n: int) -> tuple[float, float]:
    """Per-entry signatures: (append seconds, verify seconds) for ``n`` entries."""
    encode = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode
    path = folder / f"signed-{n}.jsonl"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    start = time.perf_counter()
    buffer: list[bytes] = []
    for i in range(n):
        line = encode(
            {
                "index": i,
                "kind": "prompt_decision",
                "payload": _payload(i),
                "policy_hash": POLICY,
                "timestamp": "2026-01-01T00:00:00+00:00",
            }
        ).encode()
        buffer.append(line + b"\t" + signer.sign(line).hex().encode() + b"\n")
        if i % BATCH == BATCH - 1 or i == n - 1:
            os.write(fd, b"".join(buffer))
            os.fsync(fd)
            buffer.clear()
    os.close(fd)
    append_s = time.perf_counter() - start
    verify_signature.cache_clear()
    start = time.perf_counter()
    pub = signer.public_key_bytes
    for raw in path.read_bytes().splitlines():
        line, _, sig = raw.partition(b"\t")
        assert verify_signature(pub, bytes.fromhex(sig.decode()), line)
        json.loads(line)
    return append_s, time.perf_counter() - start


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
    print(f"scratch: {folder} (cpu count {os.cpu_count()}; batch {BATCH} entries per fsync)")
    header = (
        f"{'entries':>9} {'append/s':>10} {'base/s':>9} {'x':>6} {'verify/s':>10} "
        f"{'(cpu)':>9} {'nojson/s':>10} {'(cpu)':>9} {'base/s':>9} {'x':>6} "
        f"{'proof':>6} {'bytes':>6} "
        f"{'prove ms':>9} {'check ms':>9}"
    )
    print(header)
    try:
        for n in sizes:
            append_s, audit_dir = bench_log(folder, signer, n)
            verify_signature.cache_clear()
            start, cpu = time.perf_counter(), time.process_time()
            assert verify_audit(audit_dir, trust=trust).ok
            verify_s, verify_cpu = time.perf_counter() - start, time.process_time() - cpu
            verify_signature.cache_clear()
            start, cpu = time.perf_counter(), time.process_time()
            assert verify_audit(audit_dir, trust=trust, check_json=False).ok
            verify_fast_s = time.perf_counter() - start
            verify_fast_cpu = time.process_time() - cpu
            base_n = min(n, BASELINE_MAX)
            base_append_s, base_verify_s = bench_baseline(folder, signer, base_n)
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
            rate, base_rate = n / append_s, base_n / base_append_s
            vrate, base_vrate = n / verify_s, base_n / base_verify_s
            print(
                f"{n:>9} {rate:>10.0f} {base_rate:>9.0f} {rate / base_rate:>6.1f} "
                f"{vrate:>10.0f} {n / verify_cpu:>9.0f} {n / verify_fast_s:>10.0f} "
                f"{n / verify_fast_cpu:>9.0f} {base_vrate:>9.0f} "
                f"{vrate / base_vrate:>6.1f} {len(proof.audit_path):>6} "
                f"{len(proof.to_json_text()):>6} {statistics.median(times) * 1e3:>9.2f} "
                f"{statistics.median(checks) * 1e3:>9.3f}"
            )
            shutil.rmtree(audit_dir)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(
        "append/s: durable appends per second (fsync per batch, checkpoint every 1000 and at "
        "close); base: one Ed25519 signature per entry; x: ratio.\nverify/s: full check "
        "(JSON of every entry, hashes, signatures); nojson/s: index prefix + hashes + "
        "signatures (JSON parsed only where no signature vouches for it); (cpu): per second "
        "of process CPU time, less distorted on a shared machine.\n"
        "proof: hashes in the audit path; bytes: proof JSON; prove ms: median "
        "audit path from leaf hashes; check ms: median proof verification (cached signature)."
    )


if __name__ == "__main__":
    main()
