"""What a verified entry is: the fast check against the reference, time order, policy hash."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from audit_helpers import (
    ORIGIN,
    POLICY_HASH,
    checkpoints_for,
    join,
    read_lines,
    trust_for,
    write_log,
)

from governance.audit import _entry, _fastcheck, _scan
from governance.audit._scan import first_json_problem
from governance.audit.events import EventKind
from governance.audit.keys import Signer
from governance.audit.log import AuditLog
from governance.audit.verify import verify_audit, verify_log_bytes
from governance.errors import AuditWriteError

SIGNER = Signer.ephemeral(name="entries-signer")
TRUST = trust_for(SIGNER)
N = 40
_TOKENS = [b"", b" ", b",", b":", b"{", b"}", b"[", b"]", b'"', b"\\", b"0", b"-", b"1e", b".5"]
_TOKENS += [b"null", b"tru", b"NaN", b"\\u00e9", b"\\ud800", b"\xc3\xa9", b"\xff", b"\x01"]


@pytest.fixture(scope="module")
def lines(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    audit_dir = tmp_path_factory.mktemp("entries") / "audit"
    write_log(audit_dir, SIGNER, N)
    return read_lines(audit_dir)


def _reference(lines: list[bytes], start: int = 0, previous: str = "") -> tuple[int, str] | None:
    return first_json_problem(lines, start, previous, fast=False)


def _mutations(line: bytes, rng: random.Random) -> list[bytes]:
    out = []
    for _ in range(40):
        pos = rng.randrange(len(line) + 1)
        token = rng.choice(_TOKENS)
        cut = rng.choice([0, 0, 1, 2])
        out.append(line[:pos] + token + line[pos + cut :])
    return out


def test_every_written_line_is_the_canonical_json_of_its_entry(lines: list[bytes]) -> None:
    for line in lines:
        entry = json.loads(line)
        assert line == json.dumps(entry, sort_keys=True, separators=(",", ":")).encode()
    assert _reference(lines) is None


def test_fast_check_never_vouches_for_what_the_reference_rejects(lines: list[bytes]) -> None:
    """The fast path is one-sided: whenever it says yes, the reference says yes too."""
    rng = random.Random(11)
    assert _fastcheck.entries_ok(lines, 0, "") == json.loads(lines[-1])["timestamp"]
    vouched = rejected = 0
    for i, line in enumerate(lines):
        previous = json.loads(lines[i - 1])["timestamp"] if i else ""
        for mutated in _mutations(line, rng):
            if _fastcheck.entries_ok([mutated], i, previous) is not None:
                vouched += 1
                assert _reference([mutated], i, previous) is None, mutated
            else:
                rejected += 1
    assert vouched > 50 and rejected > 500  # both sides of the check were exercised


def test_verdicts_are_the_same_with_and_without_the_fast_check(
    lines: list[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(12)
    cps = checkpoints_for(lines, [N // 2, N], SIGNER)
    logs = [join(lines)]
    for _ in range(150):
        i = rng.randrange(N)
        edited = [*lines]
        edited[i] = rng.choice(_mutations(lines[i], rng))
        logs.append(join(edited))
    fast = [verify_log_bytes(log, cps, trust=TRUST) for log in logs]
    monkeypatch.setattr(_fastcheck, "_decode", None)
    slow = [verify_log_bytes(log, cps, trust=TRUST) for log in logs]
    assert fast == slow
    assert fast[0].ok and sum(not r.ok for r in fast) >= 100


def _resigned(lines: list[bytes], i: int, field: str, value: str) -> tuple[bytes, bytes]:
    """The log with one field of entry ``i`` changed, and a validly signed checkpoint."""
    entry = json.loads(lines[i])
    entry[field] = value
    edited = [*lines]
    edited[i] = json.dumps(entry, sort_keys=True, separators=(",", ":")).encode()
    return join(edited), checkpoints_for(edited, [len(edited)], SIGNER)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("timestamp", "2020-01-01T00:00:00.000000+00:00", "is earlier than the previous entry's"),
        ("timestamp", "2999-01-01T00:00:00+00:00", "is not UTC of the form"),
        ("timestamp", "2999-01-01T00:00:00.000000+01:00", "is not UTC of the form"),
        ("policy_hash", "A" * 64, "policy_hash is not 64 lowercase hex digits"),
        ("policy_hash", "", "policy_hash is not 64 lowercase hex digits"),
        ("kind", "coffee_break", "unknown event kind 'coffee_break'"),
    ],
)
def test_signed_but_malformed_entries_are_named(
    lines: list[bytes], field: str, value: str, reason: str
) -> None:
    """Even under a valid signature, an entry out of time order, with a bad timestamp,
    policy hash or kind is reported at its index."""
    log, cps = _resigned(lines, 17, field, value)
    result = verify_log_bytes(log, cps, trust=TRUST)
    assert not result.ok and result.first_bad_index == 17
    assert result.reason is not None and result.reason.startswith("entry 17: ")
    assert reason in result.reason


def test_the_writer_never_goes_back_in_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = iter([1_800_000_100.5, 1_800_000_000.25, 1_800_000_200.75])
    monkeypatch.setattr(_entry, "_clock", lambda: next(clock))
    audit_dir = tmp_path / "audit"
    with AuditLog.create(audit_dir, signer=SIGNER, origin=ORIGIN) as log:
        for _ in range(3):
            log.append(EventKind.TEACHER_CALL, {}, policy_hash=POLICY_HASH)
    stamps = [json.loads(line)["timestamp"] for line in read_lines(audit_dir)]
    assert stamps == [
        "2027-01-15T08:01:40.500000+00:00",
        "2027-01-15T08:01:40.500000+00:00",  # the clock stepped back: kept, not reversed
        "2027-01-15T08:03:20.750000+00:00",
    ]
    assert verify_audit(audit_dir, trust=TRUST).ok


def test_resumed_writer_continues_after_the_last_timestamp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    audit_dir = tmp_path / "audit"
    with AuditLog.create(audit_dir, signer=SIGNER, origin=ORIGIN) as log:
        log.append(EventKind.RUN_STARTED, {}, policy_hash=POLICY_HASH)
    monkeypatch.setattr(_entry, "_clock", lambda: 0.0)  # a clock far in the past
    with AuditLog.open(audit_dir, signer=SIGNER, origin=ORIGIN) as log:
        log.append(EventKind.RUN_ENDED, {}, policy_hash=POLICY_HASH)
    first, second = (json.loads(line)["timestamp"] for line in read_lines(audit_dir))
    assert second == first
    assert verify_audit(audit_dir, trust=TRUST).ok


def test_writer_refuses_bad_policy_hashes_and_unencodable_payloads(tmp_path: Path) -> None:
    deep: dict[str, object] = {}
    node = deep
    for _ in range(100_000):
        node["x"] = node = {}
    cyclic: dict[str, object] = {}
    cyclic["self"] = cyclic
    with AuditLog.create(tmp_path / "audit", signer=SIGNER, origin=ORIGIN) as log:
        for bad in ("A" * 64, "5" * 63, "policy.yaml"):
            with pytest.raises(AuditWriteError, match="64 lowercase hex digits"):
                log.append(EventKind.EXPORT, {}, policy_hash=bad)
        for payload in (deep, cyclic):
            with pytest.raises(AuditWriteError, match="not JSON"):
                log.append(EventKind.EXPORT, payload, policy_hash=POLICY_HASH)  # type: ignore[arg-type]
        assert log.append(EventKind.EXPORT, {"ok": True}, policy_hash=POLICY_HASH) == 0
    assert verify_audit(tmp_path / "audit", trust=TRUST).entry_count == 1


def _across_lines(lines: list[bytes], i: int) -> list[list[bytes]]:
    """Edits of lines ``i`` and ``i + 1`` that keep the block's line count but move JSON
    across the newline between them (``decode_lines`` reads any whitespace as a separator)."""
    a, b = lines[i], lines[i + 1]
    head = json.loads(a)
    out: list[list[bytes]] = []
    for k in range(1, len(b)):  # entry i+1 starts on line i and ends on line i+1
        out.append([a + b" " + b[:k], b[k:]])
    for k in range(1, len(a)):  # entry i ends on line i+1, which also holds entry i+1
        out.append([a[:k], a[k:] + b" " + b])
    # Line i+1 (a valid entry on its own) sits inside the payload of an entry that line i
    # opens: one value per line would be lost, two values over two lines stay.
    opener = json.dumps({**head, "payload": None}, sort_keys=True, separators=(",", ":"))
    opener = opener.replace('"payload":null', '"payload":{"x":[{}')
    out.append([a + b" " + opener.encode(), b + b"]}}"])
    out.append([a + b"\t", b])  # valid entries, not in canonical form
    return [[*lines[:i], *pair, *lines[i + 2 :]] for pair in out]


def test_block_decode_never_vouches_for_json_moved_across_lines(lines: list[bytes]) -> None:
    """The block check decodes every line of a block at once; it vouches only when each
    line is exactly one canonical entry, so what the reference rejects it defers."""
    assert _fastcheck.block_ok(join(lines), N, 0, "") == json.loads(lines[-1])["timestamp"]
    decode = _fastcheck._decode
    assert decode is not None
    deferred = hazards = 0
    for i in range(0, N - 1, 7):
        for edited in _across_lines(lines, i):
            block = join(edited)
            assert block.count(b"\n") == len(edited) == N
            vouched = _fastcheck.block_ok(block, N, 0, "")
            if vouched is None:
                deferred += 1
            else:
                assert _reference(edited) is None
            assert _fastcheck.entries_ok(edited, 0, "") == vouched
            if _reference(edited) is not None and _decodes_to_n_entries(decode, block):
                hazards += 1  # decode_lines alone would have been fooled
    assert deferred > 1000 and hazards > 100


def _decodes_to_n_entries(decode: object, block: bytes) -> bool:
    try:
        entries = decode(block)  # type: ignore[operator]
    except Exception:
        return False
    return [e.index for e in entries] == list(range(N))


@pytest.mark.parametrize("block_bytes", [100, 1 << 21])
def test_streamed_file_verification_matches_the_in_memory_verdict(
    lines: list[bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block_bytes: int
) -> None:
    """verify_audit reads log.jsonl a block at a time and rereads it whole only to name
    damage; its verdicts equal verify_log_bytes on the same bytes, blocks big or small."""
    monkeypatch.setattr(_scan, "_BLOCK_BYTES", block_bytes)
    rng = random.Random(13)
    cps = checkpoints_for(lines, [N // 2, N], SIGNER)
    logs = [join(lines), join(lines) + b'{"index":40', join(lines[:-1])]
    for _ in range(40):
        edited = [*lines]
        i = rng.randrange(N)
        edited[i] = rng.choice(_mutations(lines[i], rng))
        logs.append(join(edited))
    audit_dir = tmp_path / "audit"
    audit_dir.mkdir()
    (audit_dir / "checkpoints.jsonl").write_bytes(cps)
    verdicts = []
    for log in logs:
        (audit_dir / "log.jsonl").write_bytes(log)
        streamed = verify_audit(audit_dir, trust=TRUST)
        assert streamed == verify_log_bytes(log, cps, trust=TRUST)
        assert verify_audit(audit_dir, trust=TRUST, check_json=False) == verify_log_bytes(
            log, cps, trust=TRUST, check_json=False
        )
        verdicts.append(streamed.ok)
    assert verdicts[0] and not any(verdicts[1:3]) and verdicts.count(False) > 20


def test_fast_check_is_installed() -> None:
    """msgspec is a dependency: the fast check is on, so its tests above never skip."""
    assert _fastcheck.AVAILABLE
