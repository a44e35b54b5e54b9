"""The Wilson score interval against published values (Newcombe 1998, Table I, method 3)."""

from __future__ import annotations

import pytest

from transparency.intervals import wilson_interval


@pytest.mark.parametrize(
    ("successes", "trials", "lower", "upper"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_newcombes_table(successes, trials, lower, upper):
    low, high = wilson_interval(successes=successes, trials=trials)

    assert (round(low, 4), round(high, 4)) == (lower, upper)


def test_interval_stays_inside_zero_and_one_and_narrows_with_volume():
    assert wilson_interval(successes=10, trials=10)[1] == 1.0
    assert wilson_interval(successes=0, trials=10)[0] == 0.0
    small = wilson_interval(successes=2, trials=20)
    large = wilson_interval(successes=200, trials=2000)
    assert small[0] < large[0] < 0.1 < large[1] < small[1]


def test_no_trials_has_no_interval_and_impossible_counts_are_refused():
    assert wilson_interval(successes=0, trials=0) is None
    with pytest.raises(ValueError, match="between 0 and trials"):
        wilson_interval(successes=5, trials=4)
