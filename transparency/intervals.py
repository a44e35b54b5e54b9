"""Confidence intervals of the rates the portal compares. Pure functions, no Django.

A department that resolved 12 dossiers and was late on 2 has a late rate of 16.7%, but so
could one whose true rate is 3% or 44%: the interval says how far the figure can be trusted.
The Wilson score interval (Wilson 1927) is used because it stays inside [0, 1] and behaves at
0 and at 100%, where the textbook interval p ± z·√(p(1−p)/n) collapses to a single point.
"""

from __future__ import annotations

import math
from typing import Final

#: The normal quantile of a two-sided 95% interval.
Z_95: Final = 1.959963984540054


def wilson_interval(*, successes: int, trials: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval (lower, upper) of ``successes`` out of ``trials``; None without trials.

    centre = (p + z²/2n) / (1 + z²/n), half-width = z / (1 + z²/n) · √(p(1 − p)/n + z²/4n²),
    with p = successes / trials. Newcombe (1998), Table I: 81/263 → (0.2553, 0.3662),
    0/20 → (0, 0.1611).
    """
    if trials <= 0:
        return None
    if not 0 <= successes <= trials:
        raise ValueError(f"successes ({successes}) must lie between 0 and trials ({trials})")
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    # At 0 and at 100% the bound is exactly 0 or 1; floating point would land a hair inside.
    lower = 0.0 if successes == 0 else max(0.0, centre - half)
    upper = 1.0 if successes == trials else min(1.0, centre + half)
    return lower, upper
