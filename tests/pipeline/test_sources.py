"""Sources are read where they lie: no copy of raw rows on disk, and no leftovers of old ones.

The attack: every run left two full raw copies of its source, readable by every user and never
cleaned up, in the distillgate home (``sources/support_tickets/v1.jsonl`` and the ``datasets``
cache under ``cache/datasets/``); the cache copied any customer source the same way.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from governance.errors import ConfigError, SourceError
from governance.policy.models import SourceFormat, SourceSpec
from pipeline.run import RunOptions, run_job
from pipeline.sources.leftovers import remove_raw_leftovers
from pipeline.sources.registry import load_records
from pipeline.sources.support_tickets import generate_tickets

REPO = Path(__file__).resolve().parents[2]
ROWS = [
    {
        "id": 1,
        "subject": "Refund",
        "body": "Mail me at ada.lovelace@example.org",
        "intent": "refund",
    },
    {"id": 2, "subject": "Login", "body": None, "intent": "login"},
    {"id": 3, "subject": "Bill", "body": "Card 4111 1111 1111 1111", "intent": "billing"},
]
RAW_VALUES = ("ada.lovelace@example.org", "4111 1111 1111 1111")


@pytest.fixture
def watched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Folders where a copy could land: the home, a private temp dir and the datasets cache."""
    import datasets

    temp = tmp_path / "tmp"
    cache = tmp_path / "hf-datasets"
    temp.mkdir()
    cache.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", cache)
    home = Path(os.environ["DISTILLGATE_HOME"])
    yield [home, temp, cache]


def _files(folders: list[Path]) -> list[str]:
    return sorted(str(p) for folder in folders for p in folder.rglob("*") if p.is_file())


def _spec(fmt: SourceFormat, location: str | None = None, **extra: object) -> SourceSpec:
    return SourceSpec.model_validate(
        {
            "name": "tickets",
            "format": fmt,
            "location": location,
            "text_fields": ["subject", "body"],
            "ground_truth_field": "intent",
            "owner": "qa",
            **extra,
        }
    )


def _write(fmt: SourceFormat, folder: Path) -> str:
    if fmt is SourceFormat.JSONL:
        (folder / "t.jsonl").write_text("".join(json.dumps(r) + "\n" for r in ROWS) + "\n")
        return "t.jsonl"
    if fmt is SourceFormat.CSV:
        with (folder / "t.csv").open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(ROWS[0]))
            writer.writeheader()
            writer.writerows(ROWS)
        return "t.csv"
    if fmt is SourceFormat.PARQUET:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(ROWS), folder / "t.parquet")
        return "t.parquet"
    import datasets

    datasets.Dataset.from_list(ROWS).save_to_disk(str(folder / "saved"))
    return "saved"


@pytest.mark.parametrize(
    "fmt", [SourceFormat.JSONL, SourceFormat.CSV, SourceFormat.PARQUET, SourceFormat.DATASETS]
)
def test_file_sources_are_read_in_place_without_a_copy(
    fmt: SourceFormat, tmp_path: Path, watched: list[Path]
) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    location = _write(fmt, folder)
    before = _files([folder, *watched])

    records = load_records(_spec(fmt, location), base_dir=folder)

    assert [(r.record_id, r.text, r.ground_truth) for r in records] == [
        ("1", "Refund\nMail me at ada.lovelace@example.org", "refund"),
        ("2", "Login", "login"),
        ("3", "Bill\nCard 4111 1111 1111 1111", "billing"),
    ]
    assert _files([folder, *watched]) == before
    assert [load_records(_spec(fmt, location), base_dir=folder, limit=2)[-1].record_id] == ["2"]


def test_builtin_demo_source_is_generated_in_memory(watched: list[Path]) -> None:
    records = load_records(
        _spec(SourceFormat.BUILTIN, "support_tickets"), base_dir=Path(), limit=50
    )
    tickets = generate_tickets(50)
    assert [r.record_id for r in records] == [t.id for t in tickets]
    assert [r.text for r in records] == [f"{t.subject}\n{t.body}" for t in tickets]
    assert _files(watched) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'{"id": 1, "subject": "a", "body": "b", "intent": "c"}\n\xff\xfe\n',
            "line 2 is not valid UTF-8",
        ),
        (
            b'{"id": 1, "subject": "ada.lovelace@example.org"\n',
            "line 1 is not valid JSON: Expecting",
        ),
        (b'["ada.lovelace@example.org"]\n', "line 1 is not a JSON object"),
        (
            b'{"id": 1, "body": "ada.lovelace@example.org"}\n',
            "record 1 lacks field\\(s\\) subject, intent",
        ),
        (b'{"id": 1, "subject": "a", "body": "b", "intent": "c"}\n' * 2, "duplicate id '1'"),
    ],
)
def test_broken_jsonl_is_refused_without_echoing_content(
    tmp_path: Path, content: bytes, message: str
) -> None:
    (tmp_path / "t.jsonl").write_bytes(content)
    with pytest.raises(SourceError, match=message) as refused:
        load_records(_spec(SourceFormat.JSONL, "t.jsonl"), base_dir=tmp_path)
    assert "ada.lovelace" not in refused.value.message


def _legacy_home(home: Path) -> None:
    """What an earlier version left: the materialized demo source and the datasets cache."""
    source = home / "sources" / "support_tickets"
    source.mkdir(parents=True)
    (source / "v1.jsonl").write_text(json.dumps(generate_tickets(3)[0].as_record()) + "\n")
    (source / "v1.tmp").write_text("partial")
    arrow = home / "cache" / "datasets" / "json" / "default-1" / "0.0.0" / "abc"
    arrow.mkdir(parents=True)
    (arrow / "json-train.arrow").write_bytes(b"raw rows")
    (home / "keys").mkdir(mode=0o700)
    (home / "keys" / "pii_hmac.key").write_bytes(b"k" * 32)
    (home / "keys" / "pii_hmac.key").chmod(0o600)


def test_leftover_raw_copies_are_removed(distillgate_home: Path, tmp_path: Path) -> None:
    _legacy_home(distillgate_home)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "keep.txt").write_text("not ours")
    (distillgate_home / "sources" / "other").mkdir()

    assert remove_raw_leftovers() == ("cache/datasets", "sources/support_tickets")

    assert sorted(p.name for p in distillgate_home.iterdir()) == ["keys", "sources"]
    assert [p.name for p in (distillgate_home / "sources").iterdir()] == ["other"]
    assert (distillgate_home / "keys" / "pii_hmac.key").read_bytes() == b"k" * 32
    (distillgate_home / "cache").mkdir()
    (distillgate_home / "cache" / "datasets").symlink_to(outside)
    assert remove_raw_leftovers() == ("cache/datasets",)
    assert (outside / "keep.txt").exists() and not (distillgate_home / "cache").exists()
    assert remove_raw_leftovers() == ()


def test_every_run_start_removes_leftover_raw_copies(
    distillgate_home: Path, tmp_path: Path
) -> None:
    """Removed before the run directory is made (here: refused as not empty)."""
    _legacy_home(distillgate_home)
    job = yaml.safe_load((REPO / "pipeline" / "default_job.yaml").read_text())
    job["policy"] = str(REPO / "policies" / "support_tickets.yaml")
    (tmp_path / "job.yaml").write_text(yaml.safe_dump(job))
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "x").write_text("")
    with pytest.raises(ConfigError, match="exists and is not empty"):
        run_job(RunOptions(job_path=tmp_path / "job.yaml", run_dir=tmp_path / "run"))
    assert sorted(p.name for p in distillgate_home.iterdir()) == ["keys"]
