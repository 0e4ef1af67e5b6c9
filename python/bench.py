"""Speed of the Python package, side by side with its references.

    python python/bench.py [--n 1000000] [--rows 100000] [--repeats 3]

1. Grading: the register population of ``--n`` enterprises (about ten facts
   each) as pyarrow Tables, graded by ``creditgrade.grade`` (Arrow C stream in,
   pyarrow Table out), against the same work timed inside Rust on the same
   record batches (population and catalogue from Arrow, summary grading,
   results to Arrow). Both parallel (rayon, every core) and sequential.
2. Entropy and CRITIC weights of a ``--rows`` × 8 matrix: the f64 path of
   ``creditgrade.research`` against a numpy implementation written below (and
   checked equal to it), and the exact ``Decimal`` path once for reference.

Each figure is the best of ``--repeats`` runs; the load average is printed
with the figures, as the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

import creditgrade as cg
from creditgrade import _creditgrade, research


def best(fn, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def numpy_entropy(x: np.ndarray) -> np.ndarray:
    """熵权法 in numpy: min-max (benefit), proportions, entropy, 1 − e normalised."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    z = (x - lo) / span
    s = z.sum(axis=0)
    p = np.divide(z, s, out=np.zeros_like(z), where=s > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    e = -plogp.sum(axis=0) / np.log(x.shape[0])
    d = np.where(s > 0, 1.0 - e, 0.0)
    return d / d.sum()


def numpy_critic(x: np.ndarray) -> np.ndarray:
    """CRITIC in numpy: min-max, σ (population), Pearson r, σ·Σ(1 − r) normalised."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    z = (x - lo) / span
    sigma = z.std(axis=0)
    r = np.corrcoef(z, rowvar=False)
    c = sigma * (1.0 - r).sum(axis=0)
    return c / c.sum()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}")

    e, ev = research.register_population(args.n, seed=42)
    cat = research.synthetic_catalogue()
    print(f"grading {e.num_rows:,} enterprises, {ev.num_rows:,} events (register population, seed 42)")
    tables = (e, ev, cat)
    for parallel in (True, False):
        rust, py = [], []
        for _ in range(args.repeats):  # interleaved, so drifting load hits both alike
            rust += _creditgrade.bench_rust_arrow(*tables, research.REGISTER_AS_OF, 1, parallel)
            t = time.perf_counter()
            cg.grade(*tables, research.REGISTER_AS_OF, parallel=parallel)
            py.append(time.perf_counter() - t)
        label = "parallel  " if parallel else "sequential"
        print(
            f"  {label} Rust Arrow path {min(rust):.3f} s, Python grade() {min(py):.3f} s, "
            f"ratio {min(py) / min(rust):.2f}  ({args.n / min(py) / 1e6:.2f} M enterprises/s from Python)"
        )
    del e, ev

    rng = np.random.default_rng(1)
    x = rng.gamma(2.0, 3.0, size=(args.rows, 8))
    print(f"weights of a {args.rows:,} x 8 matrix")
    for name, ours, ref in (
        ("entropy", research.entropy_weights, numpy_entropy),
        ("CRITIC ", research.critic_weights, numpy_critic),
    ):
        np.testing.assert_allclose(ours(x), ref(x), atol=1e-10)
        t_ours = best(lambda: ours(x), args.repeats)
        t_np = best(lambda: ref(x), args.repeats)
        t_exact = best(lambda: ours(x, exact=True), 1)
        print(
            f"  {name} f64 {t_ours * 1e3:.1f} ms, numpy {t_np * 1e3:.1f} ms, ratio {t_ours / t_np:.2f}; "
            f"exact (Decimal) {t_exact:.2f} s"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
