"""Alignment by length: the Gale–Church dynamic programme, with anchors and a confidence per pair.

Two texts that translate each other paragraph by paragraph have paragraph
lengths in a steady ratio. Gale and Church (1993) model the target length of a
"bead" (1–1, 1–2, 2–1, 1–0 or 0–1 paragraphs) as normally distributed around
``ratio × source length`` with a variance proportional to the source length,
and find the most probable sequence of beads by dynamic programming. We add
two things: numbers and proper names that both sides mention (years,
article numbers, "33 years", Lisbonne/Lisbon) make a bead more likely, and every bead gets a posterior probability
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
NAME_WEIGHT = 2.0  # nats: a bead whose proper names disagree (only names found on both sides are counted)
ENDING_WEIGHT = 2.0  # nats: a sentence paired with a title or a name
COLON_WEIGHT = 4.0  # nats: a paragraph announcing what follows (":") paired with one that does not
WIDE_SHARE, WIDE = 0.05, 3.0  # the share and the width (in standard deviations) of the wide length component
MIN_VARIANCE = 4.0
SENTENCE_WEIGHT = 1.0  # nats per sentence more on one side than on the other
INDEL_LENGTH_COST = 1.0  # nats per 100 source-equivalent characters left out or added
BAND_MIN = 5  # half-width of the band searched around the diagonal, widened when the path comes near its edge
RATIO_PRIOR = 400  # source characters' worth of weight given to the whole text's length ratio


@dataclass(frozen=True)
class Side:
    """What the dynamic programme knows of one side's paragraphs: lengths, and a few script-independent clues."""

    lengths: Sequence[float]
    numbers: Sequence[frozenset[int]]
    #: how each paragraph ends: "colon" (announcing what follows), "stop" (a sentence) or "none" (a title, a name)
    endings: Sequence[str]
    sentences: Sequence[int]
    #: proper names that can anchor (see ``align.shared_names``); none for a script without capitals
    names: Sequence[frozenset[str]] = ()


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


class _Features:
    """What a bead costs apart from its length: prior, numbers, endings, sentences; computed once per bead."""

    def __init__(self, source: Side, target: Side) -> None:
        self.source = source
        self.target = target
        self.cache: dict[tuple[int, int, int, int], tuple[float, float, float]] = {}

    def get(self, i0: int, i1: int, j0: int, j1: int) -> tuple[float, float, float]:
        """(cost without the length term, source length, target length) of a bead."""
        key = (i0, i1, j0, j1)
        found = self.cache.get(key)
        if found is not None:
            return found
        source, target = self.source, self.target
        ls = source.lengths[i0] + (source.lengths[i0 + 1] if i1 - i0 == 2 else 0.0) if i1 > i0 else 0.0
        lt = target.lengths[j0] + (target.lengths[j0 + 1] if j1 - j0 == 2 else 0.0) if j1 > j0 else 0.0
        cost = _LOG_PRIOR[(i1 - i0, j1 - j0)]
        if i1 > i0 and j1 > j0:
            numbers_s = source.numbers[i0] if i1 - i0 == 1 else source.numbers[i0] | source.numbers[i0 + 1]
            numbers_t = target.numbers[j0] if j1 - j0 == 1 else target.numbers[j0] | target.numbers[j0 + 1]
            if numbers_s and numbers_t:
                cost += NUMBER_WEIGHT * (1 - len(numbers_s & numbers_t) / len(numbers_s | numbers_t))
            elif numbers_s or numbers_t:
                cost += ONE_SIDED_NUMBER_WEIGHT
            if source.names and target.names:
                names_s = source.names[i0] if i1 - i0 == 1 else source.names[i0] | source.names[i0 + 1]
                names_t = target.names[j0] if j1 - j0 == 1 else target.names[j0] | target.names[j0 + 1]
                if names_s or names_t:  # a name the other side has, but not here, counts against the pair
                    cost += NAME_WEIGHT * (1 - len(names_s & names_t) / len(names_s | names_t))
            end_s, end_t = source.endings[i1 - 1], target.endings[j1 - 1]
            if end_s != end_t:
                cost += COLON_WEIGHT if "colon" in (end_s, end_t) else ENDING_WEIGHT
            sentences_s = sum(source.sentences[i0:i1])
            sentences_t = sum(target.sentences[j0:j1])
            cost += SENTENCE_WEIGHT * abs(sentences_s - sentences_t)
        found = (cost, ls, lt)
        self.cache[key] = found
        return found


_SQRT2 = math.sqrt(2)


class _Model:
    def __init__(self, features: _Features, ratio: float, variance: float) -> None:
        self.features = features
        self.ratio = ratio
        self.variance = variance

    def cost(self, i0: int, i1: int, j0: int, j1: int) -> tuple[float, float]:
        """(−log probability, delta) of pairing source ``i0:i1`` with target ``j0:j1``."""
        cost, ls, lt = self.features.get(i0, i1, j0, j1)
        lt /= self.ratio
        if i1 == i0 or j1 == j0:
            return cost + INDEL_LENGTH_COST * (ls + lt) / 100, 0.0
        mean = (ls + lt) / 2
        delta = (lt - ls) / math.sqrt(self.variance * (mean if mean > 1.0 else 1.0))
        # two-tailed probability of a length difference at least this large; a wider second component
        # keeps a free translation (a preface rendered at more length than the articles) from costing the earth
        size = abs(delta) / _SQRT2
        tail = (1 - WIDE_SHARE) * math.erfc(size) + WIDE_SHARE * math.erfc(size / WIDE)
        return cost - math.log(tail if tail > 1e-300 else 1e-300), delta


def align_lengths(source: Side, target: Side, anchors: Sequence[tuple[int, int]] = (), ratio: float | None = None) -> list[Bead]:
    """The most probable beads from start to end, passing through every anchor (i, j)."""
    if ratio is None:
        ratio = (sum(target.lengths) or 1.0) / (sum(source.lengths) or 1.0)
    # first pass with Gale & Church's variance, then the variance these two texts actually show
    features = _Features(source, target)
    beads = _align_spans(features, anchors, ratio, 6.8, posteriors=False)
    residuals = [b.delta**2 * 6.8 for b in beads if b.shape == (1, 1)]
    if len(residuals) >= 5:
        residuals.sort()
        kept = residuals[: max(1, int(len(residuals) * 0.9))]  # the worst tenth may be errors
        variance = max(sum(kept) / len(kept), MIN_VARIANCE)
        beads = _align_spans(features, anchors, ratio, variance)
    return beads


def _align_spans(
    features: _Features, anchors: Sequence[tuple[int, int]], ratio: float, variance: float, posteriors: bool = True
) -> list[Bead]:
    """Each stretch between anchors on its own, with its own length ratio (a preface and the articles differ)."""
    source, target = features.source, features.target
    n, m = len(source.lengths), len(target.lengths)
    marked = set(anchors)
    points = [(0, 0), *sorted(marked), (n, m)]
    beads: list[Bead] = []
    for (i0, j0), (i1, j1) in itertools.pairwise(points):
        if i1 < i0 or j1 < j0:
            continue
        # the stretch's own ratio, drawn towards the whole text's when the stretch is short
        span_ratio = (sum(target.lengths[j0:j1]) + RATIO_PRIOR * ratio) / (sum(source.lengths[i0:i1]) + RATIO_PRIOR)
        model = _Model(features, span_ratio, variance)
        beads += _align_span(model, i0, i1, j0, j1, anchored=(i0, j0) in marked, posteriors=posteriors)
    return beads


def _logsumexp(a: float, b: float) -> float:
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    high, low = (a, b) if a > b else (b, a)
    return high + math.log1p(math.exp(low - high))


def _align_span(
    model: _Model,
    i0: int,
    i1: int,
    j0: int,
    j1: int,
    band: int | None = None,
    anchored: bool = False,
    posteriors: bool = True,
) -> list[Bead]:
    """Viterbi for the path and, with ``posteriors``, forward–backward for each bead's probability.

    In an ``anchored`` span the first source paragraph and the first target paragraph are paired together.
    """
    n, m = i1 - i0, j1 - j0
    if n == 0 and m == 0:
        return []
    if band is None:
        band = BAND_MIN + 2 * abs(n - m)
    shapes = list(BEADS)
    cost_of = model.cost
    # (i, j) → (best total cost, predecessor, the last bead's cost and delta)
    best: dict[tuple[int, int], tuple[float, tuple[int, int], float, float]] = {(0, 0): (0.0, (0, 0), 0.0, 0.0)}
    forward: dict[tuple[int, int], float] = {(0, 0): 0.0}
    costs: dict[tuple[int, int, int, int], float] = {}
    for i in range(n + 1):
        low = 0 if not n else max(0, math.floor(i * m / n - band))
        high = m if not n else min(m, math.ceil(i * m / n + band))
        for j in range(low, high + 1):
            if i == 0 and j == 0:
                continue
            best_cost, best_from, best_bead, best_delta = math.inf, (0, 0), 0.0, 0.0
            total = -math.inf
            for di, dj in shapes:
                before = (i - di, j - dj)
                reached = best.get(before)
                if reached is None:
                    continue
                if anchored and before == (0, 0) and (di == 0 or dj == 0):
                    continue
                cost, delta = cost_of(i0 + i - di, i0 + i, j0 + j - dj, j0 + j)
                candidate = reached[0] + cost
                if candidate < best_cost:
                    best_cost, best_from, best_bead, best_delta = candidate, before, cost, delta
                if posteriors:
                    costs[(*before, i, j)] = cost
                    total = _logsumexp(total, forward[before] - cost)
            if best_cost < math.inf:
                best[(i, j)] = (best_cost, best_from, best_bead, best_delta)
                if posteriors:
                    forward[(i, j)] = total
    wide = band >= max(n, m)
    if (n, m) not in best and not wide:  # the band was too narrow for this span
        return _align_span(model, i0, i1, j0, j1, band * 2, anchored, posteriors)
    backward: dict[tuple[int, int], float] = {(n, m): 0.0}
    if posteriors:
        for i, j in sorted(best, reverse=True):
            if (i, j) == (n, m):
                continue
            total = -math.inf
            for di, dj in shapes:
                after = (i + di, j + dj)
                if after in backward and (i, j, *after) in costs:
                    total = _logsumexp(total, backward[after] - costs[(i, j, *after)])
            backward[(i, j)] = total
    z = forward[(n, m)] if posteriors else 0.0
    path: list[Bead] = []
    point = (n, m)
    while point != (0, 0):
        _, previous, cost, delta = best[point]
        posterior = math.exp(min(0.0, forward[previous] - cost + backward[point] - z)) if posteriors else 0.0
        path.append(Bead(i0 + previous[0], i0 + point[0], j0 + previous[1], j0 + point[1], posterior, delta))
        point = previous
    path.reverse()
    # a path that runs along the edge of the band may have been pushed there by it: search wider
    if not wide and any(abs((b.j1 - j0) - (b.i1 - i0) * m / n) >= band - 1 for b in path):
        return _align_span(model, i0, i1, j0, j1, band * 2, anchored, posteriors)
    return path
