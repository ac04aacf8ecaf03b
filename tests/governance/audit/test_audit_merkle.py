"""RFC 6962 Merkle functions against a slow, obvious reference implementation."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.audit import _scan
from governance.audit.merkle import (
    EMPTY_ROOT,
    MerkleFrontier,
    consistency_proof,
    extend_frontier,
    inclusion_proof,
    leaf_hash,
    node_hash,
    tree_root,
    verify_consistency,
    verify_inclusion,
)


def _ref_mth(data: list[bytes]) -> bytes:
    """RFC 6962 section 2.1 MTH, literally."""
    n = len(data)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return hashlib.sha256(b"\x00" + data[0]).digest()
    k = 1
    while k * 2 < n:
        k *= 2
    return hashlib.sha256(b"\x01" + _ref_mth(data[:k]) + _ref_mth(data[k:])).digest()


def _ref_path(m: int, data: list[bytes]) -> list[bytes]:
    """RFC 6962 section 2.1.1 PATH, literally."""
    n = len(data)
    if n == 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return [*_ref_path(m, data[:k]), _ref_mth(data[k:])]
    return [*_ref_path(m - k, data[k:]), _ref_mth(data[:k])]


def _ref_subproof(m: int, data: list[bytes], b: bool) -> list[bytes]:
    """RFC 6962 section 2.1.2 SUBPROOF, literally."""
    n = len(data)
    if m == n:
        return [] if b else [_ref_mth(data)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return [*_ref_subproof(m, data[:k], b), _ref_mth(data[k:])]
    return [*_ref_subproof(m - k, data[k:], False), _ref_mth(data[:k])]


def _data(n: int) -> list[bytes]:
    return [f"entry-{i}".encode() for i in range(n)]


def _flip_bits(value: bytes) -> list[bytes]:
    return [
        value[:i] + bytes([value[i] ^ (1 << bit)]) + value[i + 1 :]
        for i in range(len(value))
        for bit in range(8)
    ]


def test_known_hashes() -> None:
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert leaf_hash(b"") == hashlib.sha256(b"\x00").digest()
    assert (
        node_hash(b"a" * 32, b"b" * 32) == hashlib.sha256(b"\x01" + b"a" * 32 + b"b" * 32).digest()
    )
    # A leaf and an interior node over the same bytes never collide (domain separation).
    assert leaf_hash(b"a" * 32 + b"b" * 32) != node_hash(b"a" * 32, b"b" * 32)


@pytest.mark.parametrize("n", range(0, 70))
def test_root_frontier_and_reference_agree(n: int) -> None:
    data = _data(n)
    leaves = [leaf_hash(d) for d in data]
    frontier = MerkleFrontier()
    for leaf in leaves:
        frontier.append(leaf)
    assert tree_root(leaves) == _ref_mth(data) == frontier.root()
    assert frontier.size == n
    assert len(frontier._stack) == bin(n).count("1")  # O(log n) state


def test_every_inclusion_proof_up_to_64_leaves_matches_reference_and_verifies() -> None:
    for n in range(1, 65):
        data = _data(n)
        leaves = [leaf_hash(d) for d in data]
        root = tree_root(leaves)
        for m in range(n):
            proof = inclusion_proof(m, leaves)
            assert proof == _ref_path(m, data)
            assert verify_inclusion(m, n, leaves[m], proof, root)
            assert not verify_inclusion(m, n, leaf_hash(b"other"), proof, root)


def test_every_consistency_proof_up_to_40_leaves_matches_reference_and_verifies() -> None:
    for n in range(1, 41):
        data = _data(n)
        leaves = [leaf_hash(d) for d in data]
        new_root = tree_root(leaves)
        for m in range(1, n + 1):
            proof = consistency_proof(m, leaves)
            assert proof == _ref_subproof(m, data, True)
            old_root = tree_root(leaves[:m])
            assert verify_consistency(m, n, old_root, new_root, proof)
            assert not verify_consistency(m, n, new_root if m != n else EMPTY_ROOT, new_root, proof)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 300), data=st.data())
def test_inclusion_proof_fails_under_every_bit_flip(n: int, data: st.DataObject) -> None:
    m = data.draw(st.integers(0, n - 1))
    leaves = [leaf_hash(d) for d in _data(n)]
    root = tree_root(leaves)
    proof = inclusion_proof(m, leaves)
    assert verify_inclusion(m, n, leaves[m], proof, root)
    for i, h in enumerate(proof):
        for flipped in _flip_bits(h):
            assert not verify_inclusion(
                m, n, leaves[m], [*proof[:i], flipped, *proof[i + 1 :]], root
            )
    for flipped in _flip_bits(leaves[m]):
        assert not verify_inclusion(m, n, flipped, proof, root)
    for flipped in _flip_bits(root):
        assert not verify_inclusion(m, n, leaves[m], proof, flipped)
    # (The tree size is not flipped here: it comes from the signed checkpoint, whose
    # signature covers it; see test_audit_mutations for flips of a whole proof.)
    for bit in range(max(n.bit_length(), 1) + 1):
        if m ^ (1 << bit) < n:
            assert not verify_inclusion(m ^ (1 << bit), n, leaves[m], proof, root)
    if proof:
        assert not verify_inclusion(m, n, leaves[m], proof[:-1], root)
        assert not verify_inclusion(m, n, leaves[m], [*proof, proof[-1]], root)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 300), data=st.data())
def test_consistency_proof_fails_under_every_bit_flip(n: int, data: st.DataObject) -> None:
    m = data.draw(st.integers(1, n - 1))
    leaves = [leaf_hash(d) for d in _data(n)]
    old_root, new_root = tree_root(leaves[:m]), tree_root(leaves)
    proof = consistency_proof(m, leaves)
    assert verify_consistency(m, n, old_root, new_root, proof)
    for i, h in enumerate(proof):
        for flipped in _flip_bits(h):
            assert not verify_consistency(
                m, n, old_root, new_root, [*proof[:i], flipped, *proof[i + 1 :]]
            )
    for flipped in _flip_bits(old_root):
        assert not verify_consistency(m, n, flipped, new_root, proof)
    for flipped in _flip_bits(new_root):
        assert not verify_consistency(m, n, old_root, flipped, proof)
    assert not verify_consistency(m, n, old_root, new_root, proof[:-1])
    assert not verify_consistency(m, n, old_root, new_root, [*proof, proof[-1]])
    # A forked log (one old entry changed) is never consistent with the old head.
    forked = list(leaves)
    forked[data.draw(st.integers(0, m - 1))] = leaf_hash(b"forged")
    assert not verify_consistency(m, n, old_root, tree_root(forked), consistency_proof(m, forked))


def test_proof_arguments_out_of_range() -> None:
    leaves = [leaf_hash(d) for d in _data(3)]
    with pytest.raises(IndexError):
        inclusion_proof(3, leaves)
    with pytest.raises(ValueError, match="old size"):
        consistency_proof(0, leaves)
    assert not verify_inclusion(3, 3, leaves[0], [], tree_root(leaves))
    assert not verify_consistency(0, 3, EMPTY_ROOT, tree_root(leaves), [])
    assert verify_consistency(3, 3, tree_root(leaves), tree_root(leaves), [])


@pytest.mark.parametrize(
    ("n", "split"),
    [(0, 0), (1, 0), (5, 2), (1023, 0), (1024, 0), (1025, 1), (2100, 1024), (3000, 1500)],
)
def test_extend_frontier_matches_one_leaf_at_a_time(n: int, split: int) -> None:
    """Block-wise hashing (aligned or not, in one call or two) against tree_root at sizes
    inside blocks, on block edges and at both ends."""
    leaves = [leaf_hash(b"%d" % i) for i in range(n)]
    sizes = {0, 1, 2, 3, 511, 1023, 1024, 1025, 2047, 2048, n - 1, n} & set(range(n + 1))
    frontier = MerkleFrontier()
    roots = extend_frontier(frontier, leaves[:split], sizes)
    roots.update(extend_frontier(frontier, leaves[split:], sizes))
    assert frontier.size == n and frontier.root() == tree_root(leaves)
    assert roots == {size: tree_root(leaves[:size]) for size in sizes}


def test_append_subtree_refuses_an_unaligned_subtree() -> None:
    frontier = MerkleFrontier()
    frontier.append(leaf_hash(b"a"))
    with pytest.raises(ValueError, match="cannot follow 1 leaves"):
        frontier.append_subtree(leaf_hash(b"b"), 1)


@pytest.mark.parametrize("block_bytes", [64, 1000, 40_000])
def test_scan_log_roots_at_every_size_whatever_the_block_size(
    block_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scan hashes a block of lines at a time and hands the frontier whole 1024-leaf
    chunks; the roots at any size, the count and the torn tail do not depend on that."""
    monkeypatch.setattr(_scan, "_BLOCK_BYTES", block_bytes)
    lines = [b'{"index":%d,"pad":"%s"}' % (i, b"x" * (i % 37)) for i in range(2600)]
    leaves = [leaf_hash(line) for line in lines]
    sizes = {0, 1, 1023, 1024, 1025, 1500, 2047, 2048, 2049, 2600}
    scan = _scan.scan_log(b"\n".join(lines) + b"\n{torn", root_sizes=sizes, check_json=False)
    assert scan.count == 2600 and scan.first_bad_index is None and scan.torn == b"{torn"
    assert scan.roots == {s: tree_root(leaves[:s]) for s in sizes}
    assert scan.frontier.root() == tree_root(leaves)
    damaged = [*lines[:1500], b'{"index":9,"pad":""}', *lines[1501:]]
    scan = _scan.scan_log(b"\n".join(damaged) + b"\n", root_sizes=sizes, check_json=False)
    assert scan.count == 1500 and scan.first_bad_index == 1500
    assert scan.roots == {s: tree_root(leaves[:s]) for s in sizes if s <= 1500}
