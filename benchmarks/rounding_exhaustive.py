"""Round-to-nearest of `quantize` against torch's casts on every float32 bit pattern.

For fp16 and bf16, each of the 2^32 float32 bit patterns x is rounded by
`pytest_mlaudit.precision.rounding.quantize(x, fmt, "rtn")` and by torch's own cast
(`x.half().float()`, resp. `x.bfloat16().float()`); a mismatch is any pattern where the two
results differ bit for bit, except that two NaNs count as equal (NaN payloads differ between
torch's own code paths, see docs/precision.md). Prints the number of mismatches (goal: 0) and
the first few.

The 2^32 patterns are cut into 256 chunks of 2^24. Progress is appended to a state file after each
chunk, so an interrupted run picks up where it stopped; `--chunks A:B` runs a range only, and the
summary states what fraction of the space has been covered so far.

    nice -n 19 python benchmarks/rounding_exhaustive.py                 # everything, resumable
    python benchmarks/rounding_exhaustive.py --chunks 0:4 --fresh       # a quick sample
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

CHUNK_BITS = 24
N_CHUNKS = 1 << (32 - CHUNK_BITS)
FORMATS = ("fp16", "bf16")


def chunk_patterns(torch, index: int):
    start = index << CHUNK_BITS
    # int64 arange then wrap into int32 so chunks past 2^31 become negative patterns (sign bit set).
    patterns = torch.arange(start, start + (1 << CHUNK_BITS), dtype=torch.int64)
    patterns = torch.where(patterns >= 1 << 31, patterns - (1 << 32), patterns).to(torch.int32)
    return patterns.view(torch.float32)


def check_chunk(torch, quantize, index: int) -> dict:
    x = chunk_patterns(torch, index)
    found = {}
    for fmt in FORMATS:
        reference = x.half().float() if fmt == "fp16" else x.bfloat16().float()
        ours = quantize(x, fmt, "rtn")
        same = (ours.view(torch.int32) == reference.view(torch.int32)) | (
            ours.isnan() & reference.isnan()
        )
        bad = torch.nonzero(~same).reshape(-1)
        found[fmt] = {
            "mismatches": int(bad.numel()),
            "examples": [
                {
                    "bits": f"0x{int(x.view(torch.int32)[i]) & 0xFFFFFFFF:08x}",
                    "ours": float(ours[i]),
                    "torch": float(reference[i]),
                }
                for i in bad[:3].tolist()
            ],
        }
    return found


def code_fingerprint() -> str:
    """sha256 of rounding.py: results recorded for other code are not counted."""
    import hashlib

    from pytest_mlaudit.precision import rounding

    with open(rounding.__file__, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:16]


def load_state(path: str, fingerprint: str) -> dict:
    done: dict = {}
    stale = 0
    if os.path.exists(path):
        with open(path) as handle:
            for line in handle:
                line = line.strip()
                if line:
                    record = json.loads(line)
                    if record.get("code") != fingerprint:
                        stale += 1
                        continue
                    done[record["chunk"]] = record
    if stale:
        print(
            f"ignoring {stale} chunk(s) recorded for another version of rounding.py",
            file=sys.stderr,
        )
    return done


def priority_order(chunks: range) -> list:
    """Chunks where the two formats behave most differently first, in case the run is cut short:
    fp16's whole range and overflow threshold (float32 exponents 100-145, chunks 50-72), zero and
    float32 subnormals (chunk 0), Inf and NaN (127) -- each with its negative twin (+128) -- then
    the rest."""
    first = [c for c in list(range(50, 73)) + [0, 127] for c in (c, c + 128)]
    return [c for c in first if c in chunks] + [c for c in chunks if c not in first]


def parse_range(text: str) -> range:
    try:
        first, _, last = text.partition(":")
        chunks = range(int(first), int(last) if last else int(first) + 1)
    except ValueError:
        raise SystemExit(
            f"rounding_exhaustive: --chunks must look like A:B (0 <= A < B <= {N_CHUNKS}), got {text!r}"
        ) from None
    if not (0 <= chunks.start < chunks.stop <= N_CHUNKS):
        raise SystemExit(
            f"rounding_exhaustive: --chunks must satisfy 0 <= A < B <= {N_CHUNKS}, got {text!r}"
        )
    return chunks


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--chunks",
        default=f"0:{N_CHUNKS}",
        help=f"range of chunks A:B out of {N_CHUNKS} (default all)",
    )
    parser.add_argument(
        "--state",
        default=".mlaudit_cache/rounding_exhaustive.jsonl",
        help="progress file (JSON lines)",
    )
    parser.add_argument(
        "--fresh", action="store_true", help="ignore chunks already recorded in the state file"
    )
    parser.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    parser.add_argument(
        "--order",
        choices=("sequential", "priority"),
        default="priority",
        help="chunk order (default: fp16's range, zero, Inf/NaN first)",
    )
    args = parser.parse_args(argv)

    import torch

    from pytest_mlaudit.precision.rounding import quantize

    torch.set_num_threads(args.threads)
    wanted = parse_range(args.chunks)
    fingerprint = code_fingerprint()
    done = {} if args.fresh else load_state(args.state, fingerprint)
    if args.fresh and os.path.exists(args.state):
        os.replace(args.state, args.state + ".previous")  # keep, never silently discard
    started = time.perf_counter()
    os.makedirs(os.path.dirname(args.state) or ".", exist_ok=True)
    with open(args.state, "a") as state:
        for index in priority_order(wanted) if args.order == "priority" else wanted:
            if index in done:
                continue
            record = {"chunk": index, "code": fingerprint, **check_chunk(torch, quantize, index)}
            state.write(json.dumps(record) + "\n")
            state.flush()
            done[index] = record
            elapsed = time.perf_counter() - started
            print(
                f"chunk {index:3d}: fp16 {record['fp16']['mismatches']} bf16 {record['bf16']['mismatches']} "
                f"mismatches ({elapsed:.0f} s)",
                file=sys.stderr,
                flush=True,
            )

    covered = len(done)
    print(
        f"rounding.py {fingerprint}: float32 bit patterns checked: {covered} of {N_CHUNKS} chunks of 2^{CHUNK_BITS} ({covered / N_CHUNKS:.1%} of 2^32)"
    )
    for fmt in FORMATS:
        total = sum(r[fmt]["mismatches"] for r in done.values())
        print(f"{fmt}: {total} mismatches against torch's cast")
        examples = [
            e for r in sorted(done.values(), key=lambda r: r["chunk"]) for e in r[fmt]["examples"]
        ]
        for example in examples[:5]:
            print(f"  {example}")
    return 0 if all(sum(r[f]["mismatches"] for r in done.values()) == 0 for f in FORMATS) else 1


if __name__ == "__main__":
    raise SystemExit(main())
