"""The persistent PII worker pool: same findings as one process, order, reuse, failures."""

from __future__ import annotations

import itertools
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from pii_helpers import SECRET, make_policy
from typer.testing import CliRunner

from governance.errors import PiiError
from governance.pii.analyzer import PiiAnalyzer
from governance.pii.gateway import PiiGateway
from governance.pii.pool import PiiWorkerError, PiiWorkerPool
from governance.pii.scan_jsonl import scan_jsonl_with_gateway
from pipeline.cli.scan import register

ZW = "\u200b"
MIXED = [
    "Hi, I'm Dana Whitfield. Email dana.w@example.com, phone 312-555-0147.",
    "card 4111 1111 1111 1111, ssn 536-22-1234, iban DE89 3704 0044 0532 0130 00",
    "nothing to see here",
    "",
    "login from 10.20.30.40 and 2001:db8::8a2e:370:7334 on March 3, 2024",
    "visit https://portal.example.org or write to Acme Support",
    "Project Falcon kickoff with employee EMP-123456 in Berlin",
    "thanks, marguerite from lisbon",
    f"mail jo{ZW}hn.d{ZW}oe@exa{ZW}mple.com now",
    "mail \u202ejohn@example.com\u202c now",
    "call ３１２-５５５-０１４７ now",
    "card ４１１１ １１１１ １１１１ １１１１ ok",
    "card 4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 ok",
    "ssn 5-3-6-2-2-1-2-3-4 ok",
    "mail jоhn@exаmple.com now",
    "visit https://pοrtal.example.org now",
    "card 4111\u00a01111\u00a01111\u00a01111 ok",
]


@pytest.fixture(scope="module")
def pool(gateway: PiiGateway) -> Iterator[PiiWorkerPool]:
    with PiiWorkerPool(gateway.analyzer, processes=2, chunk_size=3, max_in_flight=2) as p:
        yield p


def test_pool_equals_one_process_on_mixed_and_evasion_texts(
    pool: PiiWorkerPool, gateway: PiiGateway
) -> None:
    texts = MIXED * 3
    expected = list(gateway.analyzer.analyze_batch(texts))
    assert expected == [gateway.analyzer.analyze(t) for t in texts]
    assert sum(map(len, expected)) >= 30
    assert list(pool.scan(texts)) == expected


def test_order_preserved_when_later_chunks_finish_first(pool: PiiWorkerPool) -> None:
    # The first chunk is long (slow), the others short: they finish first, yet come after.
    filler = " ".join(["the weather in the office was fine"] * 60)
    texts = [
        f"{filler} write to user{i}@example.com" if i < 3 else f"mail user{i}@example.com"
        for i in range(24)
    ]
    results = list(pool.scan(texts))
    emails = [
        [t[f.start : f.end] for f in found if f.entity_type == "EMAIL_ADDRESS"]
        for t, found in zip(texts, results, strict=True)
    ]
    assert emails == [[f"user{i}@example.com"] for i in range(24)]


def test_streams_an_endless_source_in_bounded_memory(pool: PiiWorkerPool) -> None:
    pulled = 0

    def endless() -> Iterator[str]:
        nonlocal pulled
        for i in itertools.count():
            pulled += 1
            yield f"mail user{i}@example.com"

    lag = []
    for done, found in enumerate(itertools.islice(pool.scan(endless()), 30), start=1):
        assert [f.entity_type for f in found] == ["EMAIL_ADDRESS"]
        lag.append(pulled - done)
    # chunk_size 3, at most 2 chunks in flight plus the one being submitted
    assert max(lag) <= 3 * 3


def test_pool_is_started_once_and_reused(gateway: PiiGateway) -> None:
    analyzer: PiiAnalyzer = gateway.analyzer
    pool = analyzer.worker_pool(2)
    pids = pool.pids
    assert len(pids) == 2
    first = list(analyzer.analyze_batch(MIXED, n_process=2))
    second = list(analyzer.analyze_batch(MIXED[::-1], n_process=2))
    assert analyzer.worker_pool(2) is pool
    assert pool.pids == pids
    assert second == first[::-1]
    assert pool.stats.documents >= 2 * len(MIXED)
    assert pool.stats.cpu_ms_per_document > 0
    analyzer.close()
    assert pool.closed
    assert not pool.pids
    assert analyzer.worker_pool(2) is not pool


@pytest.mark.timeout(60)
def test_killed_worker_raises_instead_of_hanging(gateway: PiiGateway) -> None:
    analyzer = gateway.analyzer
    pool = analyzer.worker_pool(2)
    victim = pool.pids[0]

    def texts() -> Iterator[str]:
        for i in range(400):
            if i == 10:
                os.kill(victim, signal.SIGKILL)
            yield MIXED[i % len(MIXED)]

    with pytest.raises(PiiWorkerError, match="a PII worker process died"):
        list(analyzer.analyze_batch(texts(), batch_size=4, n_process=2))
    assert pool.closed
    # The analyzer starts a fresh pool on the next parallel scan.
    assert list(analyzer.analyze_batch(MIXED, n_process=2)) == list(analyzer.analyze_batch(MIXED))
    assert analyzer.worker_pool(2) is not pool


@pytest.mark.timeout(60)
def test_stuck_worker_times_out(gateway: PiiGateway) -> None:
    with PiiWorkerPool(gateway.analyzer, processes=2, chunk_timeout_s=1.0) as pool:
        for pid in pool.pids:
            os.kill(pid, signal.SIGSTOP)
        with pytest.raises(PiiWorkerError, match=r"did not answer within 1s; workers stopped"):
            list(pool.scan(MIXED))
        assert pool.closed


def test_worker_exception_becomes_pii_worker_error(pool: PiiWorkerPool) -> None:
    bad: list[str] = ["fine", 42]  # type: ignore[list-item]
    with pytest.raises(PiiWorkerError, match=r"a PII worker failed: [A-Za-z]+Error"):
        list(pool.scan(bad))
    assert not pool.closed
    assert [len(f) for f in pool.scan(["mail a@example.com"])] == [1]


def test_closed_pool_refuses_work(gateway: PiiGateway) -> None:
    pool = PiiWorkerPool(gateway.analyzer, processes=1)
    pool.close()
    pool.close()
    with pytest.raises(PiiWorkerError, match="the PII worker pool is closed"):
        list(pool.scan(["x"]))


def test_invalid_pool_size_is_refused(gateway: PiiGateway) -> None:
    from governance.errors import PiiError

    with pytest.raises(PiiError, match=r"invalid pool size: processes=0"):
        PiiWorkerPool(gateway.analyzer, processes=0)


def _scan_app() -> typer.Typer:
    """The root app's ``scan`` command alone (importing every CLI module costs ~10 s CPU)."""
    app = typer.Typer()
    app.callback()(lambda: None)
    register(app)
    return app


def test_cli_scan_with_two_processes_round_trips_jsonl(
    tmp_path: Path, gateway: PiiGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISTILLGATE_SPACY_MODEL", raising=False)
    src = tmp_path / "in.jsonl"
    rows = [{"id": i, "body": text} for i, text in enumerate(MIXED * 4)]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    policy = tmp_path / "tickets.yaml"
    policy.write_text(
        json.dumps(make_policy().model_dump(mode="json", by_alias=True)), encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    args = ["scan", str(src), "--policy", str(policy), "--text-field", "body", "--out", str(out)]
    result = CliRunner().invoke(_scan_app(), [*args, "--processes", "2"])
    assert result.exit_code == 0, result.output
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # Same findings and order as one in-process scan of the same file.
    single = tmp_path / "single.jsonl"
    fresh = PiiGateway(gateway.policy, gateway.analyzer, secret=SECRET)
    scan_jsonl_with_gateway(src, single, gateway=fresh, text_field="body")
    want = [json.loads(line) for line in single.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in got] == list(range(len(rows)))
    assert [r["entities"] for r in got] == [r["entities"] for r in want]
    assert "dana.w@example.com" not in out.read_text(encoding="utf-8")
    assert f"scanned {len(rows)} records" in result.stderr


def test_scan_jsonl_refuses_zero_processes(tmp_path: Path, gateway: PiiGateway) -> None:
    from governance.errors import ConfigError

    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "x"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="processes must be at least 1, got 0"):
        scan_jsonl_with_gateway(src, None, gateway=gateway, processes=0)


@pytest.mark.slow  # a spawned worker imports spaCy and Presidio afresh (seconds)
def test_spawned_worker_rebuilds_the_analyzer_from_its_recipe(gateway: PiiGateway) -> None:
    with PiiWorkerPool(gateway.analyzer, processes=1, start_method="spawn") as pool:
        assert list(pool.scan(MIXED)) == list(gateway.analyzer.analyze_batch(MIXED))


def test_spawn_needs_a_recipe(gateway: PiiGateway) -> None:
    bare = PiiAnalyzer(
        gateway.analyzer.nlp,
        list(gateway.analyzer.specs),
        allow_list=[],
        score_threshold=0.5,
    )
    with pytest.raises(PiiError, match="a 'spawn' worker pool needs an analyzer built by"):
        PiiWorkerPool(bare, processes=1, start_method="spawn")
