"""Exhaustive tampering: every log size 1..130, every entry, every field, every kind of edit.

The 130-entry log is written once by the real :class:`AuditLog`; each size ``n`` uses its
first ``n`` lines with checkpoints at ``n // 3``, ``2n // 3`` and ``n`` signed in memory.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from audit_helpers import (
    ORIGIN,
    checkpoints_for,
    join,
    read_lines,
    renumber,
    trust_for,
    write_log,
)

from governance.audit._scan import split_lines
from governance.audit.checkpoint import SignedCheckpoint
from governance.audit.keys import Signer
from governance.audit.merkle import leaf_hash, tree_root
from governance.audit.verify import (
    InclusionProof,
    prove_inclusion,
    verify_inclusion_proof,
    verify_log_bytes,
)
from governance.errors import AuditVerificationError

MAX = 130
SIGNER = Signer.ephemeral(name="mutation-signer")
TRUST = trust_for(SIGNER)
FIELDS = ("index", "kind", "payload", "policy_hash", "timestamp")


@pytest.fixture(scope="module")
def lines(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    audit_dir = tmp_path_factory.mktemp("mut") / "audit"
    write_log(audit_dir, SIGNER, MAX, checkpoint_at=(10, 64))
    got = read_lines(audit_dir)
    assert len(got) == MAX
    assert verify_log_bytes(
        (audit_dir / "log.jsonl").read_bytes(),
        (audit_dir / "checkpoints.jsonl").read_bytes(),
        trust=TRUST,
    ).ok
    return got


def _sizes(n: int) -> list[int]:
    return sorted({s for s in (n // 3, 2 * n // 3, n) if s > 0})


_CP_LINES: dict[int, bytes] = {}


def _signed(lines: list[bytes], sizes: list[int]) -> bytes:
    """Checkpoint lines for prefixes of the (untouched) 130-entry log, signed once each."""
    for size in sizes:
        if size not in _CP_LINES:
            _CP_LINES[size] = checkpoints_for(lines[:size], [size], SIGNER)
    return b"".join(_CP_LINES[size] for size in sizes)


def _cps(lines: list[bytes], n: int) -> bytes:
    return _signed(lines, _sizes(n))


def _detected(log: bytes, cps: bytes, **kw: SignedCheckpoint) -> bool:
    result = verify_log_bytes(log, cps, trust=TRUST, **kw)
    if result.ok:
        return False
    assert result.reason
    return True


def _field_span(line: bytes, field: str) -> tuple[int, int]:
    """Byte span of ``"field":value`` (key and value) in a canonical entry line."""
    start = line.index(b'"' + field.encode() + b'":')
    following = [line.index(b',"' + f.encode() + b'":') for f in FIELDS if f > field]
    return start, (min(following) if following else len(line) - 1)


def _change_byte(data: bytes, pos: int, rng: random.Random) -> bytes:
    new = rng.choice([b for b in range(256) if b != data[pos]])
    return data[:pos] + bytes([new]) + data[pos + 1 :]


def test_untouched_logs_of_every_size_verify(lines: list[bytes]) -> None:
    for n in range(1, MAX + 1):
        result = verify_log_bytes(join(lines[:n]), _cps(lines, n), trust=TRUST)
        assert result.ok, (n, result.reason)
        assert result.entry_count == n
        assert result.checkpoints_verified == len(_sizes(n))
    empty = verify_log_bytes(b"", b"", trust=TRUST)
    assert empty.ok and empty.entry_count == 0


def test_single_byte_changes_in_every_entry_and_field(lines: list[bytes]) -> None:
    rng = random.Random(5)
    for n in range(1, MAX + 1):
        cps = _cps(lines, n)
        offsets = [0]
        for line in lines[:n]:
            offsets.append(offsets[-1] + len(line) + 1)
        log = join(lines[:n])
        for i in range(n):
            # Every entry index, a field chosen round-robin (every field at every size >= 5),
            # plus the structural bytes: the opening brace and the newline.
            field = FIELDS[(i + n) % len(FIELDS)]
            lo, hi = _field_span(lines[i], field)
            for pos in (rng.randrange(lo, hi), 0 if i % 2 else len(lines[i])):
                mutated = _change_byte(log, offsets[i] + pos, rng)
                assert _detected(mutated, cps), (n, i, field, pos)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_every_byte_of_small_logs_and_their_checkpoints(lines: list[bytes], n: int) -> None:
    rng = random.Random(n)
    log, cps = join(lines[:n]), _cps(lines, n)
    for pos in range(len(log)):
        assert _detected(_change_byte(log, pos, rng), cps), pos
    for pos in range(len(cps)):
        assert _detected(log, _change_byte(cps, pos, rng)), pos


def test_checkpoint_bytes_sampled_at_every_size(lines: list[bytes]) -> None:
    rng = random.Random(7)
    for n in range(1, MAX + 1):
        log, cps = join(lines[:n]), _cps(lines, n)
        for pos in rng.sample(range(len(cps)), 12):
            assert _detected(log, _change_byte(cps, pos, rng)), (n, pos)


def _forged(lines: list[bytes]) -> bytes:
    forged = json.loads(lines[0])
    forged["payload"] = {"outcome": "allow", "forged": True}
    return json.dumps(forged, sort_keys=True, separators=(",", ":")).encode()


def _edits(op: str, part: list[bytes], forged: bytes) -> list[list[bytes]]:
    n = len(part)
    if op == "delete":
        return [part[:i] + part[i + 1 :] for i in range(n)]
    if op == "duplicate":
        return [part[: i + 1] + part[i:] for i in range(n)]
    if op == "swap":
        return [[*part[:i], part[i + 1], part[i], *part[i + 2 :]] for i in range(n - 1)]
    return [[*part[:j], forged, *part[j:]] for j in range(n + 1)]


@pytest.mark.parametrize("op", ["delete", "duplicate", "swap", "insert"])
def test_every_deleted_duplicated_swapped_inserted_entry(lines: list[bytes], op: str) -> None:
    """Each edit as a forger would make it (indices renumbered to stay in sequence) at every
    size; as is (indices out of sequence) at sizes up to 32, where it is caught the same way."""
    forged = _forged(lines)
    for n in range(1, MAX + 1):
        cps = _cps(lines, n)
        for k, edited in enumerate(_edits(op, lines[:n], forged)):
            assert _detected(renumber(edited), cps), (op, n, k, "renumbered")
            if n <= 32:
                assert _detected(join(edited), cps), (op, n, k)


def test_truncations(lines: list[bytes]) -> None:
    for n in range(1, MAX + 1):
        cps, log = _cps(lines, n), join(lines[:n])
        final = SignedCheckpoint.from_json_line(split_lines(cps)[0][-1])
        for m in range(n):
            # Whole entries cut, then a cut inside the next entry.
            assert _detected(join(lines[:m]), cps), (n, m)
            cut = len(join(lines[:m])) + len(lines[m]) // 2
            assert _detected(log[:cut], cps), (n, m, "mid-line")
            # Log and checkpoints truncated together: only an external checkpoint sees it.
            kept = _signed(lines, [s for s in _sizes(n) if s <= m])
            assert _detected(join(lines[:m]), kept, external=final), (n, m, "external")
        assert verify_log_bytes(log, cps, trust=TRUST, external=final).ok


def test_wrong_key_and_shrinking_checkpoint(lines: list[bytes]) -> None:
    stranger = Signer.ephemeral(name="stranger")
    for n in range(1, MAX + 1, 7):
        log = join(lines[:n])
        wrong = checkpoints_for(lines[:n], _sizes(n), stranger)
        result = verify_log_bytes(log, wrong, trust=TRUST)
        assert not result.ok and f"unknown key id {stranger.key_id}" in (result.reason or "")
        # A stranger's signature under our key id.
        ours = SignedCheckpoint.from_json_line(split_lines(_cps(lines, n))[0][-1])
        theirs = SignedCheckpoint.from_json_line(split_lines(wrong)[0][-1])
        spoofed = SignedCheckpoint(
            ours.origin,
            ours.tree_size,
            ours.root_hash,
            ours.key_id,
            theirs.signature,
            ours.timestamp,
        )
        assert _detected(log, spoofed.to_json_line() + b"\n")
        # A validly signed checkpoint claiming a smaller tree after a larger one.
        if n >= 2:
            shrink = _cps(lines, n) + checkpoints_for(lines[: n - 1], [n - 1], SIGNER)
            result = verify_log_bytes(log, shrink, trust=TRUST)
            assert not result.ok and "fewer than" in (result.reason or "")


def test_forked_external_checkpoint_is_detected(lines: list[bytes]) -> None:
    n = 40
    other = [*lines[:n]]
    other[17] = other[17].replace(b'"outcome":"', b'"outcome":"x', 1)
    fork = SignedCheckpoint.sign(
        SIGNER, origin=ORIGIN, tree_size=n, root_hash=tree_root([leaf_hash(x) for x in other])
    )
    result = verify_log_bytes(join(lines[:n]), _cps(lines, n), trust=TRUST, external=fork)
    assert not result.ok and "external checkpoint" in (result.reason or "")


def _flip(text: str, bit: int) -> str:
    raw = bytearray(text.encode("ascii"))
    raw[bit // 8] ^= 1 << (bit % 8)
    return raw.decode("latin-1")


@pytest.mark.parametrize("n", [1, 2, 7, 64, 130])
def test_every_bit_flip_in_an_inclusion_proof(lines: list[bytes], tmp_path: Path, n: int) -> None:
    audit_dir = tmp_path / "audit"
    audit_dir.mkdir()
    (audit_dir / "log.jsonl").write_bytes(join(lines[:n]))
    (audit_dir / "checkpoints.jsonl").write_bytes(_cps(lines, n))
    index = (n * 5) // 7
    proof = prove_inclusion(audit_dir, index, trust=TRUST)
    text = proof.to_json_text()
    verify_inclusion_proof(InclusionProof.from_json_text(text), trust=TRUST)
    assert len(proof.audit_path) == (n - 1).bit_length()
    for bit in range(len(text) * 8):
        with pytest.raises(AuditVerificationError):
            verify_inclusion_proof(InclusionProof.from_json_text(_flip(text, bit)), trust=TRUST)
