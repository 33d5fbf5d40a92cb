"""How faithful are the synthetic twins? Prints the figures docs/synthetic.md quotes.

    python benchmarks/twin_fidelity.py [--n 8000] [--seeds 10] [--null-samples 39]

The "real" data is ``make_hard_positive_dataset``: 12 features (correlated, log-normal and
bounded ones, two hard-coded constants), 25 % positives of which ~15 % are hard (inside the
negative cloud), heavy-tailed negatives. For both twins it prints

1. marginal fidelity: the largest per-feature |mean error| (in real sd) and |variance error|
   against the stated tolerances (0.05 sd, 10 %);
2. for GaussianMixtureTwin, the Bayes AUROC achieved vs the target (feature-space formula, and
   the empirical AUROC of the Bayes score on 200,000 draws), required within +-0.01;
3. per-class difficulty: two-sample KS of the calibrated out-of-fold margins, twin vs real, at
   the real sample size (n = 8000: 6000 negatives, 2000 positives), with the nominal ks_2samp
   p-value and the Monte Carlo p-value (see pytest_mlaudit/synthetic/fidelity.py), over several
   twin seeds;
4. the baseline: the same KS between two independent real samples of the stand-in process,
   which shows how far the nominal p-value can be trusted for margins of refitted models;
5. the false-alarm rate of the difficulty verdict: "real" datasets drawn from a known
   difficulty-calibrated twin process (so the null holds), each given a freshly fitted twin and
   a fidelity report; the share called "DIFFERS" should be at most alpha = 0.05;
6. with --loss-ranking (needs torch): Remark 3.1 tested rather than trusted. A small MLP is
   trained with weighted BCE (w = 3) and Focal (alpha 0.25, gamma 2) on the real stand-in and on
   each twin, and the synthetic-real consistency check judges each twin against the real data.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.stats import ks_2samp

from pytest_mlaudit.synthetic import (
    DifficultyCalibratedTwin,
    GaussianMixtureTwin,
    difficulty_margins,
    make_hard_positive_dataset,
)
from pytest_mlaudit.synthetic.fidelity import rank_auroc

MEAN_TOLERANCE_SD = 0.05
VAR_TOLERANCE = 0.10
AUROC_TOLERANCE = 0.01


def marginal_line(report) -> str:
    varying = [row for row in report.features if row.real_var > 0]
    worst_mean = max(row.mean_error_sd for row in varying)
    worst_var = max(abs(row.var_rel_error) for row in varying)
    constants_kept = all(
        row.twin_var == 0 and row.twin_mean == row.real_mean
        for row in report.features
        if row.real_var == 0
    )
    verdict = "within" if report.marginals_ok and constants_kept else "OUTSIDE"
    return (
        f"  marginals: max |mean error| {worst_mean:.4f} sd (tol {MEAN_TOLERANCE_SD}), max |variance error| "
        f"{worst_var:.2%} (tol {VAR_TOLERANCE:.0%}); constant columns kept: {constants_kept} -> {verdict} tolerance"
    )


def difficulty_line(report) -> str:
    parts = []
    for row in report.difficulty:
        name = "negatives" if row.class_value == 0 else "positives"
        monte_carlo = (
            ""
            if row.monte_carlo_p_value is None
            else f" Monte Carlo p={row.monte_carlo_p_value:.3g}"
        )
        parts.append(
            f"{name} (n={row.n_real}/{row.n_twin}): D={row.ks_statistic:.4f} nominal p={row.nominal_p_value:.3g}{monte_carlo}"
        )
    return "  difficulty KS: " + "; ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=8000, help="real sample size (default 8000)")
    parser.add_argument(
        "--seeds", type=int, default=10, help="twin seeds for the difficulty KS (default 10)"
    )
    parser.add_argument(
        "--null-samples", type=int, default=39, help="Monte Carlo twin datasets per KS (default 39)"
    )
    parser.add_argument(
        "--false-alarm-reps",
        type=int,
        default=40,
        help="null datasets for the false-alarm rate (default 40; 0 skips)",
    )
    parser.add_argument("--false-alarm-n", type=int, default=2000, help="their size (default 2000)")
    parser.add_argument(
        "--loss-ranking",
        action="store_true",
        help="also train BCE and Focal on real data and both twins (torch)",
    )
    parser.add_argument(
        "--loss-seeds",
        type=int,
        default=10,
        help="seeds per (loss, dataset) for --loss-ranking (default 10)",
    )
    args = parser.parse_args()
    started = time.perf_counter()

    X, y = make_hard_positive_dataset(n=args.n, seed=0)
    print(f"real stand-in: n = {len(y)}, {X.shape[1]} features, prevalence {y.mean():.3f}")

    print("\n== GaussianMixtureTwin (marginals and Bayes AUROC only) ==")
    for target in (0.9, 0.95, 0.99):
        twin = GaussianMixtureTwin.fit(X, y, target_auroc=target)
        X_big, y_big = twin.sample(200_000, seed=123)
        empirical = rank_auroc(twin.bayes_score(X_big), y_big)
        formula = twin.bayes_auroc()
        ok = abs(formula - target) <= AUROC_TOLERANCE and abs(empirical - target) <= AUROC_TOLERANCE
        print(
            f"  target {target:.2f}: Bayes AUROC in feature space {formula:.4f}, empirical on 200,000 draws "
            f"{empirical:.4f} -> {'within' if ok else 'OUTSIDE'} ±{AUROC_TOLERANCE}"
        )
    mixture = GaussianMixtureTwin.fit(X, y)
    calibrated = DifficultyCalibratedTwin.fit(X, y)

    print(f"\n== marginal fidelity at n = {len(y)} (twin seed 0) ==")
    reports = {}
    for name, twin in (("GaussianMixtureTwin", mixture), ("DifficultyCalibratedTwin", calibrated)):
        reports[name] = twin.fidelity_report(X, y, seed=0, null_samples=args.null_samples)
        print(name)
        print(marginal_line(reports[name]))

    print(
        f"\n== per-class difficulty, twin vs real, n = {len(y)} ({int((y == 0).sum())} negatives, {int(y.sum())} positives) =="
    )
    for name, twin in (("DifficultyCalibratedTwin", calibrated), ("GaussianMixtureTwin", mixture)):
        print(name)
        above = {"nominal": 0, "monte carlo": 0}
        for seed in range(args.seeds):
            report = (
                reports[name]
                if seed == 0
                else twin.fidelity_report(X, y, seed=seed, null_samples=args.null_samples)
            )
            print(f"  seed {seed}:" + difficulty_line(report)[len("  difficulty KS:") :])
            above["nominal"] += all(row.nominal_p_value > 0.05 for row in report.difficulty)
            above["monte carlo"] += all(
                (row.monte_carlo_p_value or 0.0) > 0.05 for row in report.difficulty
            )
        print(
            f"  twin seeds with p > 0.05 in both classes: Monte Carlo {above['monte carlo']}/{args.seeds}, "
            f"nominal {above['nominal']}/{args.seeds}"
        )

    print(
        f"\n== baseline: two independent real samples of the stand-in process, n = {len(y)} each =="
    )
    real_margins = difficulty_margins(X, y)
    nominal_above = 0
    for seed in range(1, args.seeds + 1):
        X_other, y_other = make_hard_positive_dataset(n=args.n, seed=seed)
        other = difficulty_margins(X_other, y_other)
        p_values = [ks_2samp(real_margins[y == k], other[y_other == k]).pvalue for k in (0, 1)]
        nominal_above += all(p > 0.05 for p in p_values)
        print(
            f"  real seed 0 vs real seed {seed}: nominal p negatives {p_values[0]:.3g}, positives {p_values[1]:.3g}"
        )
    print(f"  pairs with nominal p > 0.05 in both classes: {nominal_above}/{args.seeds}")

    if args.false_alarm_reps:
        print(
            f"\n== false-alarm rate of the difficulty verdict: {args.false_alarm_reps} datasets of n = "
            f"{args.false_alarm_n} drawn from a calibrated twin (the null holds), {args.null_samples} null samples =="
        )
        X_small, y_small = make_hard_positive_dataset(n=args.false_alarm_n, seed=0)
        process = DifficultyCalibratedTwin.fit(X_small, y_small)
        alarms = {"monte carlo": 0, "nominal": 0}
        for rep in range(args.false_alarm_reps):
            X_null, y_null = process.sample(seed=1000 + rep)
            report = DifficultyCalibratedTwin.fit(X_null, y_null).fidelity_report(
                X_null, y_null, seed=rep, null_samples=args.null_samples
            )
            alarms["monte carlo"] += not report.difficulty_ok
            alarms["nominal"] += not all(row.nominal_p_value > 0.025 for row in report.difficulty)
        for name, count in alarms.items():
            print(
                f"  {name}: {count}/{args.false_alarm_reps} called DIFFERS ({count / args.false_alarm_reps:.1%}; alpha 0.05, Bonferroni over 2 classes)"
            )
    if args.loss_ranking:
        loss_ranking(X, y, mixture, calibrated, args.loss_seeds)
    print(f"\n(done in {time.perf_counter() - started:.0f} s)")


def train_f1(X, y, loss_name: str, seed: int, epochs: int = 20) -> float:
    """F1 at 0.5 on a seeded, stratified 30 % test split of a 12-32-1 MLP (Adam 1e-3, batch 64)."""
    import torch

    from pytest_mlaudit.core.metrics import f1_score
    from pytest_mlaudit.synthetic.losses import make_loss
    from pytest_mlaudit.synthetic.reference_model import stratified_folds

    test = stratified_folds(y, 10, seed) < 3
    center, scale = X[~test].mean(axis=0), X[~test].std(axis=0)
    scale[scale == 0] = 1.0
    train_x = torch.tensor((X[~test] - center) / scale, dtype=torch.float32)
    test_x = torch.tensor((X[test] - center) / scale, dtype=torch.float32)
    train_y = torch.tensor(y[~test], dtype=torch.float32)
    torch.manual_seed(seed)
    model = torch.nn.Sequential(
        torch.nn.Linear(X.shape[1], 32), torch.nn.ReLU(), torch.nn.Linear(32, 1)
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = make_loss(loss_name)
    order = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        permutation = torch.randperm(len(train_y), generator=order)
        for start in range(0, len(train_y), 64):
            batch = permutation[start : start + 64]
            optimizer.zero_grad()
            loss_fn(model(train_x[batch]).squeeze(1), train_y[batch]).backward()
            optimizer.step()
    with torch.no_grad():
        probability = torch.sigmoid(model(test_x).squeeze(1)).numpy()
    return f1_score(y[test], probability)


def loss_ranking(X, y, mixture, calibrated, seeds: int) -> None:
    import torch

    from pytest_mlaudit import seed_sweep
    from pytest_mlaudit.core.spec import CellResult, sweep_of
    from pytest_mlaudit.synthetic.checks import LossRankingConsistency
    from pytest_mlaudit.synthetic.decorator import synthetic_real_consistency

    torch.set_num_threads(1)
    print(
        f"\n== Remark 3.1: BCE vs Focal, {seeds} seeds per (loss, dataset), MLP 12-32-1, 20 epochs =="
    )
    datasets = {
        "real": (X, y),
        "mixture twin": mixture.sample(seed=0),
        "calibrated twin": calibrated.sample(seed=0),
    }
    scores = {}
    for name, (features, labels) in datasets.items():
        for loss_name in ("bce", "focal"):
            scores[name, loss_name] = [
                train_f1(features, labels, loss_name, seed) for seed in range(seeds)
            ]
    for (name, loss), values in scores.items():
        print(f"  {name:<16} {loss:<6} F1 {np.mean(values):.3f} ± {np.std(values, ddof=1):.3f}")

    def cells(loss, domain, seed):  # a named function: pytest.mark ignores lambdas
        return None

    spec = sweep_of(seed_sweep(n=seeds)(synthetic_real_consistency()(cells)))
    for twin_name in ("mixture twin", "calibrated twin"):
        results = [
            CellResult(
                cell={"domain": domain, "loss": loss, "seed": seed},
                metrics={"f1": scores[source, loss][seed]},
            )
            for domain, source in (("synthetic", twin_name), ("real", "real"))
            for loss in ("bce", "focal")
            for seed in range(seeds)
        ]
        verdict = LossRankingConsistency(["bce", "focal"]).evaluate(results, spec)[0]
        print(
            f"  consistency check, {twin_name} as the synthetic domain: {'pass' if verdict.passed else 'FAIL'}"
        )
        print("\n".join("    " + line for line in verdict.detail.splitlines()))


if __name__ == "__main__":
    main()
