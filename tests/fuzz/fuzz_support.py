"""Settings and strategies shared by the fuzz targets.

The targets run in ``make test`` with a few examples each (a smoke run of seconds);
``make fuzz`` sets ``DISTILLGATE_FUZZ_EXAMPLES`` for a long run. A crash a run finds is
kept as an explicit test (``@example`` or a regression test next to the code's tests).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

__all__ = ["FUZZ", "FUZZ_EXAMPLES", "mutations"]

#: Examples per fuzz target: a smoke run unless ``DISTILLGATE_FUZZ_EXAMPLES`` says more.
FUZZ_EXAMPLES = int(os.environ.get("DISTILLGATE_FUZZ_EXAMPLES", "20"))

FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def mutations(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` after one to four random edits: flip, set, insert, delete, truncate,
    duplicate a range."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "set", "insert", "delete", "truncate", "repeat"]))
        at = draw(st.integers(0, max(0, len(out) - 1)))
        if op == "flip" and out:
            out[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "set" and out:
            out[at] = draw(st.sampled_from(b'\x00\n"{}[]:,\\ 0aZ\xff\xc3\xe9-.#&*!|>'))
        elif op == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del out[at : at + draw(st.integers(1, 16))]
        elif op == "truncate":
            del out[at:]
        elif op == "repeat":
            out[at:at] = out[at : at + draw(st.integers(1, 64))]
    return bytes(out)
