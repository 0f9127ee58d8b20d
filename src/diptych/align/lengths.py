"""Alignment by length: the Gale–Church dynamic programme, with anchors and a confidence per pair.

Two texts that translate each other paragraph by paragraph have paragraph
lengths in a steady ratio. Gale and Church (1993) model the target length of a
"bead" (1–1, 1–2, 2–1, 1–0 or 0–1 paragraphs) as normally distributed around
``ratio × source length`` with a variance proportional to the source length,
and find the most probable sequence of beads by dynamic programming. We add
two things: numbers that both sides mention (years, article numbers, "33
years") make a bead more likely, and every bead gets a posterior probability
(forward–backward over all alignments), which is the confidence shown to the
reviewer. Anchors (article labels found on both sides) cut the texts into
spans aligned independently, which keeps the work linear in practice; a long
unanchored span is searched in a band around the diagonal.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

#: bead shapes (source paragraphs, target paragraphs) and their prior probabilities (Gale & Church's estimates)
BEADS: dict[tuple[int, int], float] = {(1, 1): 0.90, (1, 0): 0.01, (0, 1): 0.01, (2, 1): 0.04, (1, 2): 0.04}
_LOG_PRIOR = {shape: -math.log(p) for shape, p in BEADS.items()}
NUMBER_WEIGHT = 3.0  # nats: how much a bead whose numbers disagree is penalised
ONE_SIDED_NUMBER_WEIGHT = 0.5  # numbers on one side only: perhaps spelled out on the other ("twenty-third")
ENDING_WEIGHT = 2.0  # nats: a sentence paired with a title or a name
COLON_WEIGHT = 4.0  # nats: a paragraph announcing what follows (":") paired with one that does not
WIDE_SHARE, WIDE = 0.15, 3.0  # the share and the width (in standard deviations) of the wide length component
MIN_VARIANCE = 4.0
SENTENCE_WEIGHT = 1.0  # nats per sentence more on one side than on the other
INDEL_LENGTH_COST = 1.0  # nats per 100 source-equivalent characters left out or added
BAND_MIN = 40
RATIO_PRIOR = 400  # source characters' worth of weight given to the whole text's length ratio


@dataclass(frozen=True)
class Side:
    """What the dynamic programme knows of one side's paragraphs: lengths, and a few script-independent clues."""

    lengths: Sequence[float]
    numbers: Sequence[frozenset[int]]
    #: how each paragraph ends: "colon" (announcing what follows), "stop" (a sentence) or "none" (a title, a name)
    endings: Sequence[str]
    sentences: Sequence[int]


@dataclass(frozen=True)
class Bead:
    """Source paragraphs ``i0:i1`` paired with target paragraphs ``j0:j1``, and how sure we are."""

    i0: int
    i1: int
    j0: int
    j1: int
    confidence: float
    delta: float  # how far the length ratio is from the expected one, in standard deviations

    @property
    def shape(self) -> tuple[int, int]:
        return (self.i1 - self.i0, self.j1 - self.j0)


class _Model:
    def __init__(self, source: Side, target: Side, ratio: float, variance: float) -> None:
        self.source = source
        self.target = target
        self.ratio = ratio
        self.variance = variance

    def cost(self, i0: int, i1: int, j0: int, j1: int) -> tuple[float, float]:
        """(−log probability, delta) of pairing source ``i0:i1`` with target ``j0:j1``."""
        shape = (i1 - i0, j1 - j0)
        cost = _LOG_PRIOR[shape]
        ls = sum(self.source.lengths[i0:i1])
        lt = sum(self.target.lengths[j0:j1]) / self.ratio
        if shape[0] == 0 or shape[1] == 0:
            return cost + INDEL_LENGTH_COST * (ls + lt) / 100, 0.0
        mean = (ls + lt) / 2
        delta = (lt - ls) / math.sqrt(self.variance * max(mean, 1.0))
        # two-tailed probability of a length difference at least this large; a wider second component
        # keeps a free translation (a preface rendered at more length than the articles) from costing the earth
        tail = (1 - WIDE_SHARE) * math.erfc(abs(delta) / math.sqrt(2)) + WIDE_SHARE * math.erfc(
            abs(delta) / (WIDE * math.sqrt(2))
        )
        cost -= math.log(max(tail, 1e-300))
        numbers_s = frozenset().union(*self.source.numbers[i0:i1])
        numbers_t = frozenset().union(*self.target.numbers[j0:j1])
        if numbers_s and numbers_t:
            cost += NUMBER_WEIGHT * (1 - len(numbers_s & numbers_t) / len(numbers_s | numbers_t))
        elif numbers_s or numbers_t:
            cost += ONE_SIDED_NUMBER_WEIGHT
        ends = {self.source.endings[i1 - 1], self.target.endings[j1 - 1]}
        if len(ends) > 1:
            cost += COLON_WEIGHT if "colon" in ends else ENDING_WEIGHT
        cost += SENTENCE_WEIGHT * abs(sum(self.source.sentences[i0:i1]) - sum(self.target.sentences[j0:j1]))
        return cost, delta


def align_lengths(source: Side, target: Side, anchors: Sequence[tuple[int, int]] = (), ratio: float | None = None) -> list[Bead]:
    """The most probable beads from start to end, passing through every anchor (i, j)."""
    if ratio is None:
        ratio = (sum(target.lengths) or 1.0) / (sum(source.lengths) or 1.0)
    # first pass with Gale & Church's variance, then the variance these two texts actually show
    # first pass with Gale & Church's variance, then the variance these two texts actually show
    beads = _align_spans(source, target, anchors, ratio, 6.8)
    residuals = [b.delta**2 * 6.8 for b in beads if b.shape == (1, 1)]
    if len(residuals) >= 5:
        residuals.sort()
        kept = residuals[: max(1, int(len(residuals) * 0.9))]  # the worst tenth may be errors
        variance = max(sum(kept) / len(kept), MIN_VARIANCE)
        beads = _align_spans(source, target, anchors, ratio, variance)
    return beads


def _align_spans(source: Side, target: Side, anchors: Sequence[tuple[int, int]], ratio: float, variance: float) -> list[Bead]:
    """Each stretch between anchors on its own, with its own length ratio (a preface and the articles differ)."""
    n, m = len(source.lengths), len(target.lengths)
    marked = set(anchors)
    points = [(0, 0), *sorted(marked), (n, m)]
    beads: list[Bead] = []
    for (i0, j0), (i1, j1) in itertools.pairwise(points):
        if i1 < i0 or j1 < j0:
            continue
        # the stretch's own ratio, drawn towards the whole text's when the stretch is short
        span_ratio = (sum(target.lengths[j0:j1]) + RATIO_PRIOR * ratio) / (sum(source.lengths[i0:i1]) + RATIO_PRIOR)
        model = _Model(source, target, span_ratio, variance)
        beads += _align_span(model, i0, i1, j0, j1, anchored=(i0, j0) in marked)
    return beads


def _logsumexp(a: float, b: float) -> float:
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    high, low = (a, b) if a > b else (b, a)
    return high + math.log1p(math.exp(low - high))


def _align_span(model: _Model, i0: int, i1: int, j0: int, j1: int, band: int | None = None, anchored: bool = False) -> list[Bead]:
    """Viterbi for the path, forward–backward for each bead's posterior probability.

    In an ``anchored`` span the first source paragraph and the first target paragraph are paired together.
    """
    n, m = i1 - i0, j1 - j0
    if n == 0 and m == 0:
        return []
    if band is None:
        band = max(BAND_MIN, 2 * abs(n - m) + 10)

    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None]] = {(0, 0): (0.0, None)}
    forward: dict[tuple[int, int], float] = {(0, 0): 0.0}
    costs: dict[tuple[int, int, int, int], tuple[float, float]] = {}
    for i in range(n + 1):
        low = 0 if not n else max(0, math.floor(i * m / n - band))
        high = m if not n else min(m, math.ceil(i * m / n + band))
        for j in range(low, high + 1):
            if i == 0 and j == 0:
                continue
            best_cost, best_from = math.inf, None
            total = -math.inf
            for di, dj in BEADS:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or (pi, pj) not in best:
                    continue
                if anchored and (pi, pj) == (0, 0) and (di == 0 or dj == 0):
                    continue
                cost, delta = model.cost(i0 + pi, i0 + i, j0 + pj, j0 + j)
                costs[(pi, pj, i, j)] = (cost, delta)
                candidate = best[(pi, pj)][0] + cost
                if candidate < best_cost:
                    best_cost, best_from = candidate, (pi, pj)
                total = _logsumexp(total, forward[(pi, pj)] - cost)
            if best_from is not None:
                best[(i, j)] = (best_cost, best_from)
                forward[(i, j)] = total
    if (n, m) not in best:  # the band was too narrow for this span: search it whole
        return _align_span(model, i0, i1, j0, j1, band=max(n, m) + 1, anchored=anchored)
    backward: dict[tuple[int, int], float] = {(n, m): 0.0}
    for i, j in sorted(best, reverse=True):
        if (i, j) == (n, m):
            continue
        total = -math.inf
        for di, dj in BEADS:
            after = (i + di, j + dj)
            if after in backward and (i, j, *after) in costs:
                total = _logsumexp(total, backward[after] - costs[(i, j, *after)][0])
        backward[(i, j)] = total
    z = forward[(n, m)]
    path: list[Bead] = []
    point: tuple[int, int] | None = (n, m)
    while point is not None and point != (0, 0):
        previous = best[point][1]
        assert previous is not None
        cost, delta = costs[(*previous, *point)]
        posterior = math.exp(min(0.0, forward[previous] - cost + backward[point] - z))
        path.append(Bead(i0 + previous[0], i0 + point[0], j0 + previous[1], j0 + point[1], posterior, delta))
        point = previous
    path.reverse()
    return path
