"""How hard are the candidates? The paper's random-position scheme against a caller's candidates.

On the generated germline benchmark, for each candidate scheme (``paper``: §2.6, 2,000 truth
SNVs + 6,000 random confident positions, coverage filter; ``caller``: every site with alt evidence
at DeepVariant's make_examples thresholds, labelled by matching the truth VCF on allele), prints

* the number of candidates, the prevalence, the truth variants the scheme misses, and where the
  negatives come from (the generator's stratification BEDs);
* the AUROC of each of the 12 features alone against the label (all candidates);
* the VariantCNN's test F1 under BCE and Focal, ``--seeds`` seeds each (batched engine, the
  paper's §2.3 protocol), with the number of collapsed runs.

    python benchmarks/candidate_difficulty.py [--seeds 10] [--sample germline]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # examples/ lives in the repository


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--sample", default="germline", choices=("germline", "mosaic"))
    args = parser.parse_args()

    import numpy as np

    from examples.variant_calling.dataset import simulated_dataset
    from examples.variant_calling.engines import TrainConfig, train_batched
    from examples.variant_calling.features import FEATURE_NAMES
    from pytest_mlaudit import Run
    from pytest_mlaudit.core.metrics import collapsed, f1_score
    from pytest_mlaudit.leakage import single_feature_auroc

    start = time.perf_counter()
    results = {}
    for scheme in ("paper", "caller"):
        data = simulated_dataset(args.sample, candidates=scheme, standardize=False)
        x = np.concatenate([data.x_train, data.x_test])
        y = np.concatenate([data.y_train, data.y_test])
        scan = single_feature_auroc(x, y, names=list(FEATURE_NAMES))
        trained = {}
        standardized = simulated_dataset(args.sample, candidates=scheme)
        arrays = (
            standardized.x_train,
            standardized.y_train,
            standardized.x_test,
            standardized.y_test,
        )
        for loss in ("bce", "focal"):
            runs = train_batched(*arrays, seeds=range(args.seeds), config=TrainConfig(loss=loss))
            f1 = [f1_score(r.y_true, r.y_score) for r in runs]
            collapses = sum(collapsed(Run(r.y_true, r.y_score, losses=r.losses)) for r in runs)
            trained[loss] = (f1, collapses)
        results[scheme] = (data, scan, trained)

    print(f"sample: {args.sample} (generated benchmark); {args.seeds} seeds per loss")
    print()
    header = f"{'':34s}" + "".join(f"{s:>18s}" for s in results)
    print(header)

    def row(label, values):
        print(f"{label:34s}" + "".join(f"{v:>18s}" for v in values))

    row("candidates (after coverage filter)", [f"{d.n_kept:,}" for d, _, _ in results.values()])
    row("positives", [f"{int(d.y_train.sum() + d.y_test.sum()):,}" for d, _, _ in results.values()])
    row("prevalence", [f"{d.prevalence:.3f}" for d, _, _ in results.values()])
    row("truth variants missed", [f"{d.missed:,}" for d, _, _ in results.values()])
    print()
    print("test negatives by stratum (share of the scheme's test negatives)")
    labels = list(next(iter(results.values()))[0].test_sites.strata)
    for label in labels:
        values = []
        for d, _, _ in results.values():
            negative = d.y_test == 0
            mask = d.test_sites.strata.get(label)
            share = (mask & negative).sum() / max(negative.sum(), 1) if mask is not None else 0.0
            values.append(f"{int((mask & negative).sum()):,} ({share:.0%})")
        row(f"  {label}", values)
    print()
    print("single-feature AUROC against the label (all candidates)")
    for name in FEATURE_NAMES:
        values = []
        for _, scan, _ in results.values():
            values.append(f"{scan.auroc(name):.4f}")
        row(f"  {name}", values)
    print()
    print(f"VariantCNN test F1, mean ± sd over {args.seeds} seeds [collapsed runs]")
    for loss in ("bce", "focal"):
        values = []
        for _, _, trained in results.values():
            f1, collapses = trained[loss]
            sd = statistics.stdev(f1) if len(f1) > 1 else 0.0
            values.append(f"{statistics.fmean(f1):.3f} ± {sd:.3f} [{collapses}]")
        row(f"  {loss}", values)
    print()
    print(f"wall: {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
