"""The longitudinal table of the seed paper at small scale: k × precision × build pair.

For every minibatch size k and precision it trains the example classifier
(examples/longitudinal/) under four builds — the reference (1 CPU thread), the same build again,
2 CPU threads [proxy], initial weights +1 ulp [proxy] — and, where CUDA is present, a CUDA build;
then compares each against the reference: discrepant reportable calls on the clinical set (τ chosen
on the reference build's holdout, max recall at perfect precision for class 0 one-vs-rest, as the
paper did), the vector sine of the final parameters, the first step at which the parameters differ
bitwise and the first snapshot at which the sine exceeds sqrt(machine epsilon) of the precision.

    python benchmarks/longitudinal_table.py                 # default: ~2-4 minutes on 2 cores
    python benchmarks/longitudinal_table.py --full          # the paper-sized setting (hours)
    python benchmarks/longitudinal_table.py --markdown out.md

Proxies are marked [proxy] in the table: they stand in for other hardware on this one machine.
"""

from __future__ import annotations

import argparse
import math
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ks", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--precisions", nargs="+", default=["fp32", "fp64"])
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--features", type=int, default=2000)
    parser.add_argument("--per-class-train", type=int, default=24)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--full",
        action="store_true",
        help="paper-like scale: 10,000 features, 100 train cases per class, 64 epochs",
    )
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown here")
    args = parser.parse_args(argv)
    if args.full:
        args.features, args.per_class_train, args.epochs = 10_000, 100, 64

    import numpy as np
    import torch
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from examples.longitudinal.classifier import train
    from examples.longitudinal.methylation import generate
    from pytest_mlaudit.longitudinal import Build, compare_pair, select_tau_roc

    console = Console()
    data = generate(n_features=args.features, per_class_train=args.per_class_train, seed=args.seed)
    cuda = torch.cuda.is_available()
    started = time.perf_counter()
    rows = []
    for precision in args.precisions:
        for k in args.ks:
            builds = {
                "same build again": Build("cpu", precision, k, threads=1),
                "2 threads [proxy]": Build("cpu", precision, k, threads=2),
                "init +1 ulp [proxy]": Build(
                    "cpu", precision, k, threads=1, init_perturbation_ulps=1
                ),
            }
            if cuda:
                builds["cuda"] = Build("cuda", precision, k)
            reference = train(
                Build("cpu", precision, k, threads=1), data, seed=args.seed, epochs=args.epochs
            )
            tau = select_tau_roc(data.y_holdout, reference["holdout"], positive_class=0)
            accuracy = float((reference["clinical"].argmax(1) == data.y_clinical).mean())
            threshold = math.sqrt(
                float(np.finfo(np.float32 if precision == "fp32" else np.float64).eps)
            )
            for name, build in builds.items():
                trail = train(build, data, seed=args.seed, epochs=args.epochs)
                pair = compare_pair(
                    "reference",
                    {"proba": reference["clinical"], **reference},
                    name,
                    {"proba": trail["clinical"], **trail},
                    tau.tau,
                    threshold,
                )
                rows.append((k, precision, name, tau, accuracy, pair))
                console.print(
                    f"k={k} {precision} {name}: {pair.discrepant}/{pair.all_reportable} discrepant, "
                    f"sine {pair.final_sine:.2e}, first bitwise step {pair.first_bitwise_step}",
                    highlight=False,
                    markup=False,
                )
    elapsed = time.perf_counter() - started

    table = Table(title="longitudinal consistency against the reference build (cpu, 1 thread)")
    headers = [
        "k",
        "precision",
        "build",
        "τ (holdout)",
        "ref. accuracy",
        "discrepant reportable calls",
        "final vector sine",
        "first bitwise step",
        "first step sine > √ε",
    ]
    for header in headers:
        table.add_column(header)
    lines = []
    for k, precision, name, tau, accuracy, pair in rows:
        cells = [
            str(k),
            precision,
            name,
            f"{tau.tau:.3f}",
            f"{accuracy:.3f}",
            f"{pair.discrepant} / {pair.all_reportable}",
            "0 (bitwise)" if pair.params_bitwise_equal else f"{pair.final_sine:.2e}",
            "never" if pair.first_bitwise_step is None else str(pair.first_bitwise_step),
            "never" if pair.first_sine_step is None else str(pair.first_sine_step),
        ]
        table.add_row(*(escape(c) for c in cells))
        lines.append("| " + " | ".join(cells) + " |")
    console.print(table)
    setting = (
        f"{args.features} features, {data.n_classes} classes, {len(data.y_train)} training / "
        f"{len(data.y_holdout)} holdout / {len(data.y_clinical)} clinical cases, {args.epochs} epochs, "
        f"seed {args.seed}; torch {torch.__version__}, {platform.processor() or platform.machine()}, "
        f"CUDA {'yes' if cuda else 'no'}; {elapsed:.0f} s"
    )
    console.print(setting, highlight=False)
    if args.markdown:
        text = [
            "| " + " | ".join(headers) + " |",
            "|" + "---|" * len(headers),
            *lines,
            "",
            setting,
            "",
        ]
        args.markdown.write_text("\n".join(text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
