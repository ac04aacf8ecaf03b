"""Matrix multiplications of the NER model through numpy's OpenBLAS, one thread.

spaCy's CPU models multiply through BLIS by default. On the machines we measured (AMD EPYC,
AVX-512) numpy's OpenBLAS runs the NER model's shapes (tokens x 288 x 288) about three
times faster on one core; with more than one thread, OpenBLAS wakes its workers for every
small product and loses to contention. So the NER model's layers use :class:`NerOps`:
numpy ops without BLIS, each product limited to one OpenBLAS thread. The weights and the
arithmetic are the same (float32 products summed in another order); the entities found are
compared with the BLIS path in the tests.
"""

from __future__ import annotations

import functools
from typing import Any

from spacy.language import Language
from thinc.api import NumpyOps
from threadpoolctl import ThreadpoolController

__all__ = ["NerOps", "one_blas_thread", "use_ner_ops"]


@functools.lru_cache(maxsize=1)
def _controller() -> ThreadpoolController:
    """The BLAS libraries loaded now (numpy's OpenBLAS); built once, cheap to limit."""
    return ThreadpoolController()


def one_blas_thread() -> Any:
    """Context manager: numpy's BLAS products use one thread inside it."""
    return _controller().limit(limits=1, user_api="blas")


class NerOps(NumpyOps):  # type: ignore[misc]
    """Numpy ops without BLIS whose matrix products use one OpenBLAS thread."""

    def __init__(self) -> None:
        super().__init__(use_blis=False)

    def gemm(
        self,
        x: Any,
        y: Any,
        *,
        out: Any = None,
        trans1: bool = False,
        trans2: bool = False,
    ) -> Any:
        """``x @ y`` (optionally transposed), on one BLAS thread."""
        with one_blas_thread():
            return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)


def use_ner_ops(nlp: Language) -> None:
    """Give every layer of every component of ``nlp`` one shared :class:`NerOps`."""
    ops = NerOps()
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None:
            continue
        for node in model.walk():
            node.ops = ops
