"""The run directory's files are named in one place: governance/runfiles/layout.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from governance.runfiles.layout import RunLayout

ROOT = Path(__file__).resolve().parents[3]
LAYOUT = ROOT / "governance" / "runfiles" / "layout.py"

#: Every file and folder name a RunLayout knows, as the layout itself spells them.
_NAMES = sorted(
    {
        getattr(RunLayout(Path("r")), name).relative_to("r").as_posix()
        for name in dir(RunLayout)
        if isinstance(getattr(RunLayout, name), property)
    }
)
_FILES = sorted({n.split("/")[-1] for n in _NAMES if "." in n.split("/")[-1]})
_FOLDERS = sorted({n.split("/")[0] for n in _NAMES if "/" in n})
#: A file name as a string literal, or a folder joined onto a path (``run_dir / "audit"``).
_FILE_ALTS = "|".join(map(re.escape, _FILES))
_FOLDER_ALTS = "|".join(map(re.escape, _FOLDERS))
_LITERAL = re.compile(rf"""["'](?:{_FILE_ALTS})["']|/ ["'](?:{_FOLDER_ALTS})["']""")
#: The export bundle has a layout of its own (its files are not run files).
_BUNDLE_LAYOUT = ROOT / "pipeline" / "export" / "layout.py"


def test_the_layout_names_the_files_of_a_run() -> None:
    layout = RunLayout(Path("runs/r1"))
    assert layout.audit_log == Path("runs/r1/audit/log.jsonl")
    assert layout.training == Path("runs/r1/student/training.json")
    assert "run.json" in _NAMES and "gate.json" in _NAMES and "audit" in _NAMES


@pytest.mark.parametrize("package", ["governance", "pipeline", "reports"])
def test_no_run_file_name_is_spelled_outside_the_layout(package: str) -> None:
    """A run file's name as a string literal appears only in the layout module."""
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        if path in (LAYOUT, _BUNDLE_LAYOUT):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith((">>>", "#")):
                continue
            if _LITERAL.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {stripped}")
    assert offenders == []
