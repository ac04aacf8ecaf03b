"""Greedy decoding of spaCy's transition-based NER model in numpy, a whole batch at a time.

spaCy's own decoder (``Parser.greedy_parse``) is compiled with Cython profiling hooks on
Python < 3.12 (spaCy's build sets ``profile`` for those versions). Its state accessors run
without the GIL, so every hook takes and releases the GIL: about half of the NER time goes
to that, and far more when another thread (the event loop of the governed teacher loop)
holds the GIL meanwhile. :class:`GreedyNerDecoder` runs the same model the same way:

* the same layers compute the token vectors and the precomputed hidden features
  (``tok2vec``, ``lower``), the same upper layer the action scores;
* the same state features (``nF = 3``: the first buffer token, the open entity's first
  token, the token before the buffer when an entity is open; padding otherwise), summed in
  the same order, the same maxout, the same score for classes the model never saw;
* the same BILUO transition rules (``spacy/pipeline/_parser_internals/ner.pyx``): no entity
  starts on whitespace or at the last token, none crosses a sentence start, ``In``/``Last``
  continue the open entity's label, and the first best valid action wins.

In NER every action consumes exactly one token, and a state without an open entity is
described by its first buffer token alone (the other two features are padding). So the
actions of such states are scored for every token of the batch at once; only tokens after an
entity opened are decided one at a time, with the entity's features. (For models with unseen
classes spaCy sets their score to the minimum over the step's states, which couples the
documents of a batch; those are decoded step by step over the whole batch, as spaCy does.)
Only the hidden-to-score product sums its float32 terms in another order
(numpy's BLAS instead of BLIS); the tests compare the entities with spaCy's on every corpus
we have. Documents carrying preset entity annotations, beam-search models and other
architectures are left to spaCy (:meth:`GreedyNerDecoder.for_pipeline` returns ``None``).
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from governance.errors import PiiError
from governance.pii.ner_ops import one_blas_thread

__all__ = ["DECODER_ENV", "GreedyNerDecoder", "use_numpy_decoder"]

_log = logging.getLogger(__name__)

# Action kinds of spaCy's BiluoPushDown (spacy/pipeline/_parser_internals/ner.pyx).
_BEGIN, _IN, _LAST, _UNIT, _OUT = range(1, 6)
_KINDS = {"B": _BEGIN, "I": _IN, "L": _LAST, "U": _UNIT, "O": _OUT}
_NEG_INF = np.float32(-np.inf)
#: Token attributes the decoder reads: preset entity tag, whitespace, sentence start.
_TOKEN_ATTRS = [ENT_IOB, IS_SPACE, SENT_START]
#: ``numpy`` (default) or ``spacy``: which decoder the PII analyzer's NER uses.
DECODER_ENV = "DISTILLGATE_NER_DECODER"


def use_numpy_decoder() -> bool:
    """Whether ``$DISTILLGATE_NER_DECODER`` selects this decoder (the default)."""
    choice = os.environ.get(DECODER_ENV, "numpy").strip().lower() or "numpy"
    if choice not in ("numpy", "spacy"):
        raise PiiError(
            f"{DECODER_ENV}={choice!r} is not a NER decoder", hint="use 'numpy' or 'spacy'"
        )
    return choice == "numpy"


@dataclass(frozen=True)
class _Moves:
    """The BILUO actions: kind and label index per class, and which are valid when."""

    kinds: np.ndarray  # (classes,)
    labels: np.ndarray  # (classes,) index into label_names; 0: no label
    label_names: tuple[str, ...]

    @functools.cached_property
    def penalty(self) -> np.ndarray:
        """0 or -inf per action, one row per state kind: row ``2 * can_extend + space``
        without an open entity, row ``4 + 2 * label + can_extend`` with an entity of
        ``label`` open (:class:`_TokenFacts` holds these rows per token, ``label = 0``)."""
        rows = [self._valid(False, 0, e, sp) for e in (False, True) for sp in (False, True)]
        rows += [
            self._valid(True, lab, e, False)
            for lab in range(len(self.label_names))
            for e in (False, True)
        ]
        return np.where(np.array(rows), np.float32(0), _NEG_INF).astype(np.float32)

    @functools.cached_property
    def opens_or_closes(self) -> np.ndarray:
        """Per action: whether it opens or closes an entity (``B``, ``L``, ``U``)."""
        mask: np.ndarray = np.isin(self.kinds, (_BEGIN, _LAST, _UNIT))
        return mask

    def _valid(self, opened: bool, label: int, can_extend: bool, space: bool) -> np.ndarray:
        """Which actions spaCy's BILUO rules allow, for documents without preset entities:
        ``opened`` an entity of ``label`` is open; ``can_extend`` the buffer has a next
        token that does not start a sentence; ``space`` the first buffer token is
        whitespace."""
        kinds, labelled = self.kinds, self.labels != 0
        same = self.labels == label
        start_here = (not opened) & labelled & (not space)
        mask: np.ndarray = (
            ((kinds == _BEGIN) & start_here & can_extend)
            | ((kinds == _IN) & opened & labelled & same & can_extend)
            | ((kinds == _LAST) & opened & labelled & same)
            | ((kinds == _UNIT) & start_here)
            | ((kinds == _OUT) & (not opened))
        )
        return mask


@dataclass(frozen=True)
class _Weights:
    """The parser model's layers (parameters are read per batch, never copied)."""

    model: Any  # its attrs name the classes the model never saw
    tok2vec: Any
    lower: Any
    upper: Any
    moves: _Moves
    hiddens: int
    pieces: int


class GreedyNerDecoder:
    """Sets ``doc.ents`` as spaCy's greedy NER would. Build with :meth:`for_pipeline`."""

    def __init__(self, ner: Any, weights: _Weights) -> None:
        self._ner = ner
        self._w = weights

    @classmethod
    def for_pipeline(cls, nlp: Language) -> GreedyNerDecoder | None:
        """A decoder for ``nlp``'s ``ner`` component, or ``None`` if it is not the greedy,
        three-feature, maxout model this decoder reproduces (spaCy then decodes)."""
        if nlp.pipe_names != ["ner"]:  # e.g. NER listening to a shared tok2vec
            return None
        ner = nlp.get_pipe("ner")
        try:
            weights = _weights(ner)
        except (AttributeError, KeyError, ValueError, TypeError) as exc:
            _log.debug("numpy NER decoder not used: %s", exc)
            return None
        return None if weights is None else cls(ner, weights)

    def annotate(self, docs: Sequence[Doc]) -> None:
        """Set the entities of ``docs`` (tokenized, not yet annotated)."""
        todo = [d for d in docs if len(d)]
        if not todo:
            return
        attrs = np.concatenate([d.to_array(_TOKEN_ATTRS) for d in todo]).astype(np.int64)
        if np.any(attrs[:, 0] != 0):  # preset entities (ENT_IOB): spaCy's decoder honours them
            for doc in todo:
                self._ner(doc)
            return
        with one_blas_thread():
            self._decode(todo, attrs)

    def _decode(self, docs: list[Doc], attrs: np.ndarray) -> None:
        w = self._w
        feats = _features(w, docs)  # (1 + tokens, nF, hiddens * pieces); row 0: padding
        batch = _Batch(
            pad=feats[0],
            first=feats[1:, 0],
            ent_first=feats[1:, 1],
            before=feats[1:, 2],
            tokens=_TokenFacts.of(docs, space=attrs[:, 1] != 0, sent_start=attrs[:, 2] == 1),
            bias=w.lower.get_param("b").reshape(-1),
            upper_w=w.upper.get_param("W").T,
            upper_b=w.upper.get_param("b"),
        )
        unseen = np.array(sorted(w.model.attrs.get("unseen_classes", ())), dtype=np.int64)
        # With unseen classes a state's scores depend on the other states of its step (their
        # minimum), so only the step-by-step walk reproduces spaCy.
        found = self._stepwise(batch, unseen) if unseen.size else self._by_entity(batch)
        for i, ents in enumerate(found):
            doc, offset = docs[i], int(batch.tokens.offsets[i])
            spans = [
                Span(doc, s - offset, e - offset, label=w.moves.label_names[lab])
                for s, e, lab in ents
            ]
            doc.set_ents(spans, default="outside")

    def _scores(self, batch: _Batch, hidden: np.ndarray) -> np.ndarray:
        """Action scores of states with summed features ``hidden`` (bias not yet added)."""
        w = self._w
        hidden += batch.bias
        rows = hidden.reshape(-1, w.hiddens, w.pieces).max(axis=-1)
        scores: np.ndarray = rows @ batch.upper_w
        scores += batch.upper_b
        return scores

    def _by_entity(self, batch: _Batch) -> list[list[tuple[int, int, int]]]:
        """Without an open entity a state's features are those of its first buffer token
        alone, so those decisions are made for every token at once; only tokens after an
        entity opened are decided one at a time."""
        moves, tokens = self._w.moves, batch.tokens
        hidden = batch.first + batch.pad[1]
        hidden += batch.pad[2]
        closed = self._scores(batch, hidden)
        closed += moves.penalty[tokens.closed_row]
        guess = closed.argmax(axis=1)
        kinds, labels = moves.kinds[guess].tolist(), moves.labels[guess].tolist()
        found: list[list[tuple[int, int, int]]] = []
        for offset, length in zip(tokens.offsets.tolist(), tokens.lengths.tolist(), strict=True):
            ents: list[tuple[int, int, int]] = []
            p, end = offset, offset + length
            while p < end:
                kind, label = kinds[p], labels[p]
                if kind == _UNIT:
                    ents.append((p, p + 1, label))
                elif kind == _BEGIN:
                    start = p
                    p += 1
                    while self._open_step(batch, p, start, label) == _IN:
                        p += 1
                    ents.append((start, p + 1, label))  # the step above chose L
                p += 1
            found.append(ents)
        return found

    def _open_step(self, batch: _Batch, p: int, start: int, label: int) -> int:
        """The action kind chosen at token ``p`` with an entity of ``label`` open since
        ``start`` (only I and L are valid then)."""
        moves = self._w.moves
        # State features in spaCy's order: B(0), E(0), B(0) - 1.
        hidden = batch.first[p] + batch.ent_first[start]
        hidden += batch.before[p - 1]
        scores = self._scores(batch, hidden[None, :])[0]
        scores += moves.penalty[int(batch.tokens.open_row[p]) + 2 * label]
        return int(moves.kinds[int(scores.argmax())])

    def _stepwise(self, batch: _Batch, unseen: np.ndarray) -> list[list[tuple[int, int, int]]]:
        """All documents one token at a time, every step's states scored together."""
        moves, tokens = self._w.moves, batch.tokens
        n = len(tokens.lengths)
        # Longest document first, so the documents with a token t are a prefix.
        order = np.argsort(-tokens.lengths, kind="stable")
        offsets = tokens.offsets[order]
        # active[t]: how many documents have a token t (lengths sorted, descending).
        active = np.searchsorted(-tokens.lengths[order], -np.arange(tokens.lengths.max()), "left")
        is_open = np.zeros(n, dtype=bool)
        ent_start = np.zeros(n, dtype=np.int64)  # token index in the batch
        ent_label = np.zeros(n, dtype=np.int64)
        found: list[list[tuple[int, int, int]]] = [[] for _ in range(n)]
        for t, k in enumerate(active.tolist()):
            pos = offsets[:k] + t
            opened = is_open[:k]
            # State features in spaCy's order: B(0); E(0) if an entity is open; B(0) - 1 if so.
            hidden = batch.first[pos]
            hidden += np.where(opened[:, None], batch.ent_first[ent_start[:k]], batch.pad[1])
            hidden += np.where(opened[:, None], batch.before[pos - 1], batch.pad[2])
            scores = self._scores(batch, hidden)
            scores[:, unseen] = scores.min()
            row = np.where(opened, tokens.open_row[pos] + 2 * ent_label[:k], tokens.closed_row[pos])
            scores += moves.penalty[row]  # -inf for the actions spaCy's rules forbid
            guess = scores.argmax(axis=1)
            for i in np.flatnonzero(moves.opens_or_closes[guess]).tolist():
                kind, label, p = (
                    int(moves.kinds[guess[i]]),
                    int(moves.labels[guess[i]]),
                    int(pos[i]),
                )
                if kind == _BEGIN:
                    is_open[i], ent_start[i], ent_label[i] = True, p, label
                elif kind == _LAST:
                    found[i].append((int(ent_start[i]), p + 1, int(ent_label[i])))
                    is_open[i] = False
                else:  # _UNIT
                    found[i].append((p, p + 1, label))
        in_order: list[list[tuple[int, int, int]]] = [[] for _ in range(n)]
        for i, ents in zip(order.tolist(), found, strict=True):
            in_order[i] = ents
        return in_order


@dataclass(frozen=True)
class _Batch:
    """One batch's precomputed features (rows: tokens of the batch) and output weights."""

    pad: np.ndarray  # (nF, hiddens * pieces): the feature of an absent token
    first: np.ndarray  # B(0) feature per token
    ent_first: np.ndarray  # E(0) feature per token
    before: np.ndarray  # B(0) - 1 feature per token
    tokens: _TokenFacts
    bias: np.ndarray
    upper_w: np.ndarray  # (hiddens, classes)
    upper_b: np.ndarray


@dataclass(frozen=True)
class _TokenFacts:
    """Per token of a batch: what spaCy's validity rules look at, as :attr:`_Moves.penalty`
    rows (``closed_row`` without an open entity; ``open_row + 2 * label`` with one)."""

    lengths: np.ndarray
    offsets: np.ndarray
    closed_row: np.ndarray
    open_row: np.ndarray

    @classmethod
    def of(cls, docs: list[Doc], *, space: np.ndarray, sent_start: np.ndarray) -> _TokenFacts:
        """Facts of the tokens of ``docs``; ``space`` and ``sent_start`` per token, in order."""
        lengths = np.array([len(d) for d in docs])
        offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        last = np.zeros(len(space), dtype=bool)
        last[offsets + lengths - 1] = True
        # An entity may extend past this token: it has a next one, not a sentence start.
        extend = (~last & ~np.append(sent_start[1:], False)).astype(np.int64)
        return cls(
            lengths=lengths,
            offsets=offsets,
            closed_row=2 * extend + space.astype(np.int64),
            open_row=4 + extend,
        )


def _features(w: _Weights, docs: list[Doc]) -> np.ndarray:
    """Precomputed hidden features of every token of ``docs`` (spaCy's lower layer)."""
    cached = w.lower.predict(w.tok2vec.predict(docs))
    cached = np.ascontiguousarray(cached, dtype=np.float32)
    return cached.reshape(cached.shape[0], -1, w.hiddens * w.pieces)


def _weights(ner: Any) -> _Weights | None:
    from spacy.pipeline._parser_internals.ner import BiluoPushDown

    if not isinstance(ner.moves, BiluoPushDown) or ner.cfg.get("beam_width", 1) != 1:
        return None
    model = ner.model
    tok2vec, lower, upper = model.layers
    if lower.get_dim("nF") != 3 or lower.get_dim("nP") < 2 or not model.attrs.get("has_upper"):
        return None
    hiddens, pieces = lower.get_dim("nO"), lower.get_dim("nP")
    names = [str(ner.moves.get_class_name(i)) for i in range(ner.moves.n_moves)]
    label_names = [""]
    kinds_list: list[int] = []
    labels_list: list[int] = []
    for name in names:
        prefix, _, label = name.partition("-")
        if prefix not in _KINDS or (prefix == "O" and label):
            return None
        if label not in label_names:
            label_names.append(label)
        kinds_list.append(_KINDS[prefix])
        labels_list.append(label_names.index(label))
    kinds = np.array(kinds_list, dtype=np.int64)
    labels = np.array(labels_list, dtype=np.int64)
    if upper.get_dim("nO") != len(names):
        return None
    return _Weights(
        model=model,
        tok2vec=tok2vec,
        lower=lower,
        upper=upper,
        moves=_Moves(kinds, labels, tuple(label_names)),
        hiddens=hiddens,
        pieces=pieces,
    )
