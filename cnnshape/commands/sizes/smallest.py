"""The smallest input size a network accepts, without trying every size up to it.

Refusals come in two kinds. *Too small*: some window is wider than what reaches it;
a larger input makes every later size larger (each output-size formula is monotone in
its input), so once a size is large enough every larger size is too. *Not divisible*:
a merge or a PixelUnshuffle needs the size to be a multiple of the network's total
stride; that repeats with the stride as its period. Neither is monotone together
(a U-Net takes 16 and 32 but not 17), so "size n is accepted" cannot be bisected.

What can: "some size in the block [n, n + BLOCK) is accepted". Past the too-small sizes
every block holds a multiple of any period dividing BLOCK, so that predicate is false
then true. The search tries sizes one by one up to SCAN (today's exact answer whenever it
is there, which covers every real network), then bisects over blocks beyond it and scans
the first block that has an accepted size: O(SCAN + BLOCK·log(range)) checks, not O(range).
A divisibility period that does not divide BLOCK (a stride of 3·2^k past SCAN) can make
it report a later size than a linear scan would; every size in --range is still tried.
"""

from __future__ import annotations

from collections.abc import Callable

from cnnshape.commands.sizes.outcome import REFUSED, Outcome

#: Sizes tried one by one from 1.
SCAN = 1024
#: Beyond SCAN, consecutive sizes are looked at in blocks of this many.
BLOCK = 64

Probe = Callable[[int], Outcome]


def planned(lo: int, hi: int) -> int:
    """An upper bound on the sizes one sweep of lo..hi checks (the range, the search, and
    the check of the smallest size for its downsampling): what the work budget is held to."""
    scan = min(hi, SCAN)
    extra = scan - max(0, min(hi, scan) - lo + 1)  # scanned sizes outside the range
    blocks = 0
    if hi > SCAN:
        count = -(-(hi - SCAN) // BLOCK)
        blocks = BLOCK * (count.bit_length() + 2)
    return (hi - lo + 1) + extra + blocks + 1


def smallest(probe: Probe, hi: int) -> tuple[int | None, Outcome | None]:
    """The smallest accepted size in 1..hi, and the refusal at the size just below it
    (None when 1 is accepted); (None, None) when no size up to ``hi`` is accepted."""
    previous: Outcome | None = None
    for n in range(1, min(hi, SCAN) + 1):
        o = probe(n)
        if o.status != REFUSED:
            return n, previous
        previous = o
    if hi <= SCAN:
        return None, None
    count = -(-(hi - SCAN) // BLOCK)

    def first_in(k: int) -> int | None:
        start = SCAN + 1 + k * BLOCK
        for n in range(start, min(hi, start + BLOCK - 1) + 1):
            if probe(n).status != REFUSED:
                return n
        return None

    if first_in(count - 1) is None:
        return None, None
    lo_k, hi_k = 0, count - 1  # the first block with an accepted size is in lo_k..hi_k
    while lo_k < hi_k:
        mid = (lo_k + hi_k) // 2
        if first_in(mid) is None:
            lo_k = mid + 1
        else:
            hi_k = mid
    found = first_in(lo_k)
    assert found is not None
    return found, probe(found - 1)
