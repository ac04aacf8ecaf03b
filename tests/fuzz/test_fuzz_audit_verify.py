"""Fuzz the audit verifier: any byte edit of a real log or of its checkpoints gives
``ok=False`` or a :class:`DistillgateError`, never another exception and never ``ok``."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fuzz_support import FUZZ, mutations
from hypothesis import given
from hypothesis import strategies as st

from governance.audit.keys import Signer
from governance.audit.verify import verify_audit
from governance.errors import DistillgateError
from tests.governance.audit.audit_helpers import trust_for, write_log

_SIGNER = Signer.ephemeral(name="fuzz-run-signer")
_TRUST = trust_for(_SIGNER)


def _real_log() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        audit = Path(tmp) / "audit"
        write_log(audit, _SIGNER, 12, checkpoint_at=(5, 9))
        assert verify_audit(audit, trust=_TRUST).ok
        return {p.name: p.read_bytes() for p in audit.iterdir() if p.is_file()}


_FILES = _real_log()
_TARGETS = sorted(name for name in _FILES if name.endswith(".jsonl"))


@st.composite
def _edited(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(_TARGETS))
    return name, draw(mutations(_FILES[name]))


@FUZZ
@given(edit=_edited())
def test_edited_log_or_checkpoints_never_verify(edit: tuple[str, bytes]) -> None:
    name, data = edit
    with tempfile.TemporaryDirectory() as tmp:
        audit = Path(tmp)
        for file, content in _FILES.items():
            (audit / file).write_bytes(data if file == name else content)
        try:
            result = verify_audit(audit, trust=_TRUST)
        except DistillgateError:
            return
        if data != _FILES[name]:
            assert not result.ok, f"{name} edited and still verifies"
            assert result.reason
