"""Statistics for the evaluation dashboards: descriptive summaries and the pre/post tests.

Plain functions over lists of numbers (no Django). The tests are SciPy's; the effect sizes are
written out here so a reader can check them by hand:

- Wilcoxon signed-rank (paired, ordinal): zero differences are dropped (SciPy's default
  ``zero_method="wilcox"``); effect size = matched-pairs rank-biserial correlation
  ``r = (W+ - W-) / (W+ + W-)`` over the ranks of the absolute non-zero differences
  (+1: every change is an increase, -1: every change is a decrease).
- Paired t-test (numbers): Cohen's ``dz = mean(d) / sd(d)`` (sd with n - 1).
- Mann-Whitney U (independent samples, e.g. anonymous pre and post): effect size rank-biserial
  ``r = 2 U_post / (n_pre n_post) - 1`` (+1: every post value above every pre value).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    n: int
    mean: float | None
    median: float | None
    q1: float | None
    q3: float | None
    # Why the median and quartiles are not shown (`privacy.coarse_summary`), else "".
    withheld: str = ""


def summarise(values: list[float]) -> Summary:
    """n, mean, median and quartiles (inclusive method, as spreadsheets compute them)."""
    if not values:
        return Summary(0, None, None, None, None)
    vals = sorted(values)
    if len(vals) == 1:
        v = vals[0]
        return Summary(1, v, v, v, v)
    q1, _q2, q3 = statistics.quantiles(vals, n=4, method="inclusive")
    return Summary(len(vals), statistics.fmean(vals), statistics.median(vals), q1, q3)


@dataclass(frozen=True)
class TestResult:
    test: str  # "wilcoxon", "paired_t", "mann_whitney"
    n: int  # pairs (paired) or total responses (independent)
    statistic: float | None
    p: float | None
    effect: float | None
    effect_name: str  # "r (rank-biserial)", "dz"
    mean_pre: float | None
    mean_post: float | None
    n_pre: int = 0
    n_post: int = 0
    note: str = ""


def _clean(x: float) -> float | None:
    return None if x is None or math.isnan(x) else float(x)


def rank_biserial_paired(diffs: list[float]) -> float | None:
    nz = [d for d in diffs if d != 0]
    if not nz:
        return None
    ranks = _ranks([abs(d) for d in nz])
    w_plus = sum(r for r, d in zip(ranks, nz, strict=True) if d > 0)
    w_minus = sum(r for r, d in zip(ranks, nz, strict=True) if d < 0)
    return (w_plus - w_minus) / (w_plus + w_minus)


def _ranks(values: list[float]) -> list[float]:
    """Average ranks (1-based) with ties sharing the mean rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        avg = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = avg
        i = j + 1
    return ranks


def wilcoxon_paired(pre: list[float], post: list[float]) -> TestResult:
    from scipy import stats as sps

    diffs = [b - a for a, b in zip(pre, post, strict=True)]
    n = len(diffs)
    base = {
        "test": "wilcoxon",
        "n": n,
        "effect_name": "r",
        "mean_pre": statistics.fmean(pre) if pre else None,
        "mean_post": statistics.fmean(post) if post else None,
    }
    if n == 0 or all(d == 0 for d in diffs):
        return TestResult(statistic=None, p=None, effect=None, note="no_change", **base)  # type: ignore[arg-type]
    res = sps.wilcoxon(post, pre)
    return TestResult(
        statistic=_clean(res.statistic),
        p=_clean(res.pvalue),
        effect=rank_biserial_paired(diffs),
        **base,  # type: ignore[arg-type]
    )


def paired_t(pre: list[float], post: list[float]) -> TestResult:
    from scipy import stats as sps

    diffs = [b - a for a, b in zip(pre, post, strict=True)]
    n = len(diffs)
    base = {
        "test": "paired_t",
        "n": n,
        "effect_name": "dz",
        "mean_pre": statistics.fmean(pre) if pre else None,
        "mean_post": statistics.fmean(post) if post else None,
    }
    if n < 2:
        return TestResult(statistic=None, p=None, effect=None, note="too_few", **base)  # type: ignore[arg-type]
    sd = statistics.stdev(diffs)
    if sd == 0:
        return TestResult(statistic=None, p=None, effect=None, note="no_variation", **base)  # type: ignore[arg-type]
    res = sps.ttest_rel(post, pre)
    return TestResult(
        statistic=_clean(res.statistic),
        p=_clean(res.pvalue),
        effect=statistics.fmean(diffs) / sd,
        **base,  # type: ignore[arg-type]
    )


def mann_whitney(pre: list[float], post: list[float]) -> TestResult:
    from scipy import stats as sps

    base = {
        "test": "mann_whitney",
        "n": len(pre) + len(post),
        "effect_name": "r",
        "mean_pre": statistics.fmean(pre) if pre else None,
        "mean_post": statistics.fmean(post) if post else None,
        "n_pre": len(pre),
        "n_post": len(post),
    }
    if not pre or not post:
        return TestResult(statistic=None, p=None, effect=None, note="too_few", **base)  # type: ignore[arg-type]
    res = sps.mannwhitneyu(post, pre, alternative="two-sided")
    u_post = float(res.statistic)
    return TestResult(
        statistic=_clean(u_post),
        p=_clean(res.pvalue),
        effect=2 * u_post / (len(pre) * len(post)) - 1,
        **base,  # type: ignore[arg-type]
    )
