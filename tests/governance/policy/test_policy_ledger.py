"""The per-source privacy budget ledger."""

from __future__ import annotations

import json
import math
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from governance.errors import ConfigError, PrivacyBudgetError
from governance.policy.ledger import PrivacyLedger

SHA = "ab" * 32


def test_default_dir_is_under_home(distillgate_home: Path) -> None:
    ledger = PrivacyLedger()
    ledger.record("support_tickets", run_id="r1", epsilon=1.5, delta=1e-5, policy_sha256=SHA)
    path = distillgate_home / "ledger" / "support_tickets.jsonl"
    assert path.exists()
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_record_spent_entries_and_reopen(tmp_path: Path) -> None:
    ledger = PrivacyLedger(tmp_path)
    assert ledger.spent("support_tickets") == 0.0
    first = ledger.record(
        "support_tickets", run_id="r1", epsilon=7.9, delta=1e-5, policy_sha256=SHA
    )
    ledger.record("support_tickets", run_id="r2", epsilon=8.0, delta=1e-5, policy_sha256=SHA)
    ledger.record("hr_emails", run_id="r3", epsilon=3.0, delta=1e-6, policy_sha256=SHA)

    reopened = PrivacyLedger(tmp_path)
    assert reopened.spent("support_tickets") == pytest.approx(15.9)
    assert reopened.spent("hr_emails") == 3.0
    entries = reopened.entries("support_tickets")
    assert [e.run_id for e in entries] == ["r1", "r2"]
    assert entries[0] == first
    assert [e.seq for e in entries] == [e.index for e in entries] == [0, 1]
    assert entries[1].prev_sha256 != entries[0].prev_sha256


def test_check_refuses_over_budget_with_figures(tmp_path: Path) -> None:
    ledger = PrivacyLedger(tmp_path)
    for i in range(4):
        ledger.record("support_tickets", run_id=f"r{i}", epsilon=9.0, delta=1e-5, policy_sha256=SHA)

    ledger.check("support_tickets", epsilon=4.0, budget=40.0)
    with pytest.raises(
        PrivacyBudgetError,
        match=re.escape(
            "run would spend ε=8.00; support_tickets has spent 36.00 of its 40.00 lifetime "
            "budget; 4.00 left"
        ),
    ) as info:
        ledger.check("support_tickets", epsilon=8.0, budget=40.0)
    assert info.value.exit_code == 1
    assert info.value.hint is not None


def test_non_dp_run_needs_an_unlimited_budget(tmp_path: Path) -> None:
    ledger = PrivacyLedger(tmp_path)
    with pytest.raises(PrivacyBudgetError, match=r"ε=inf \(no DP\); src has spent 0\.00"):
        ledger.check("src", epsilon=math.inf, budget=1e9)
    ledger.check("src", epsilon=math.inf, budget=math.inf)

    ledger.record("src", run_id="nodp", epsilon=math.inf, delta=0.0, policy_sha256=SHA)

    assert PrivacyLedger(tmp_path).spent("src") == math.inf
    assert "inf" in (tmp_path / "src.jsonl").read_text()
    with pytest.raises(PrivacyBudgetError, match=r"has spent inf of its 100\.00"):
        ledger.check("src", epsilon=0.1, budget=100.0)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda b: b[:-10], r"src\.jsonl:3 is corrupt: torn last line"),
        (lambda b: b + b"{not json\n", r"src\.jsonl:4 is corrupt: not a ledger entry"),
        (
            lambda b: b.replace(b'"epsilon":1.0', b'"epsilon":0.5', 1),
            r"src\.jsonl:2 is corrupt: hash chain broken",
        ),
        (
            lambda b: b"\n".join(b.split(b"\n")[1:]),
            r"src\.jsonl:1 is corrupt: entry out of sequence",
        ),
    ],
    ids=["torn", "garbage", "edited", "first-line-removed"],
)
def test_damaged_ledger_fails_closed(tmp_path: Path, damage: object, message: str) -> None:
    ledger = PrivacyLedger(tmp_path)
    for i in range(3):
        ledger.record("src", run_id=f"r{i}", epsilon=1.0, delta=1e-5, policy_sha256=SHA)
    path = tmp_path / "src.jsonl"
    assert callable(damage)
    path.write_bytes(damage(path.read_bytes()))

    with pytest.raises(PrivacyBudgetError, match=message):
        ledger.spent("src")
    with pytest.raises(PrivacyBudgetError, match=message):
        ledger.check("src", epsilon=0.1, budget=100.0)
    with pytest.raises(PrivacyBudgetError, match=message):
        ledger.record("src", run_id="r9", epsilon=1.0, delta=1e-5, policy_sha256=SHA)


def test_lines_are_canonical_json(tmp_path: Path) -> None:
    ledger = PrivacyLedger(tmp_path)
    entry = ledger.record("src", run_id="r1", epsilon=2.5, delta=1e-5, policy_sha256=SHA)
    line = (tmp_path / "src.jsonl").read_text().splitlines()[0]
    assert json.loads(line) == entry.to_payload()
    assert entry.to_payload()["policy_sha256"] == SHA


@pytest.mark.parametrize(
    "kwargs",
    [
        {"epsilon": -1.0, "delta": 1e-5},
        {"epsilon": math.nan, "delta": 1e-5},
        {"epsilon": 1.0, "delta": 1.0},
    ],
)
def test_record_rejects_impossible_figures(tmp_path: Path, kwargs: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        PrivacyLedger(tmp_path).record("src", run_id="r", policy_sha256=SHA, **kwargs)


def test_source_name_cannot_escape_the_ledger_dir(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="invalid data source name"):
        PrivacyLedger(tmp_path).spent("../keys/pii_hmac")


def test_concurrent_appends_keep_the_chain(tmp_path: Path) -> None:
    def append(worker: int) -> None:
        ledger = PrivacyLedger(tmp_path)
        for i in range(5):
            ledger.record(
                "src", run_id=f"w{worker}-{i}", epsilon=0.5, delta=1e-5, policy_sha256=SHA
            )

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(append, range(6)))

    entries = PrivacyLedger(tmp_path).entries("src")
    assert [e.seq for e in entries] == list(range(30))
    assert len({e.run_id for e in entries}) == 30
    assert PrivacyLedger(tmp_path).spent("src") == 15.0
