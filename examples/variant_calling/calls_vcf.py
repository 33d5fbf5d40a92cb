"""A seed's calls as a VCF that hap.py or rtg vcfeval can score against the truth.

Every test candidate becomes one record, DeepVariant-style: a candidate the classifier calls a
variant (score >= threshold) is ``PASS`` with genotype 0/1, or 1/1 when 80 % or more of its reads
show the allele; the others are kept as ``RefCall`` with genotype 0/0, so a scorer can use QUAL
(the score on the phred scale) for a ROC curve, or ``--pass-only`` for the calls. The file is
written by ``pysam.VariantFile`` (BGZF), indexed with tabix, and moved into place only when
complete.

To score the classifier on the candidates it was tested on, restrict hap.py to them::

    hap.py truth.vcf.gz fp32-seed0.vcf.gz -f test-sites.bed -r reference.fa -o out \\
        --stratification GRCh37-all-stratifications.tsv

(``test-sites.bed`` is written beside the VCFs). With the confident-region BED instead, the
truth variants that were training rows or never candidates count as false negatives.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

MAX_QUAL = 99.0


def write_calls(
    path: Path | str,
    sites,
    scores,
    threshold: float = 0.5,
    sample: str = "SAMPLE",
    source: str = "mlaudit",
) -> Path:
    """Write ``sites`` (a :class:`dataset.Sites`) with their ``scores`` to ``path`` (.vcf.gz)."""
    import numpy as np
    import pysam

    from .strata import HOM_ALT_FRACTION

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = pysam.VariantHeader()
    header.add_line(f"##source={source}")
    header.contigs.add(sites.contig, length=sites.contig_length)
    header.filters.add("RefCall", None, None, "Candidate the classifier did not call a variant")
    header.info.add("SCORE", 1, "Float", "Classifier probability that the candidate is a variant")
    header.info.add("AF_READS", 1, "Float", "Share of the reads at the site showing the allele")
    header.formats.add("GT", 1, "String", "Genotype")
    header.add_sample(sample)

    scores = np.asarray(scores, dtype=float)
    order = sorted(
        range(len(sites.pos)), key=lambda i: (int(sites.pos[i]), sites.ref[i], sites.alt[i])
    )
    tmp = path.with_name(f".{path.name}.partial.vcf.gz")
    with pysam.VariantFile(str(tmp), "wz", header=header) as out:
        for i in order:
            score = float(scores[i])
            called = score >= threshold
            record = out.new_record(
                contig=sites.contig,
                start=int(sites.pos[i]),
                alleles=(sites.ref[i], sites.alt[i]),
                qual=_phred(score),
                filter="PASS" if called else "RefCall",
                info={"SCORE": round(score, 6), "AF_READS": round(float(sites.alt_fraction[i]), 4)},
            )
            if not called:
                genotype = (0, 0)
            elif sites.alt_fraction[i] >= HOM_ALT_FRACTION:
                genotype = (1, 1)
            else:
                genotype = (0, 1)
            record.samples[sample]["GT"] = genotype
            out.write(record)
    pysam.tabix_index(str(tmp), preset="vcf", force=True)
    os.replace(f"{tmp}.tbi", f"{path}.tbi")
    os.replace(tmp, path)
    return path


def write_sites_bed(path: Path | str, sites) -> Path:
    """The test candidates' reference spans as a BED (hap.py's ``-f``), sorted."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    spans = sorted({(int(p), int(p) + len(r)) for p, r in zip(sites.pos, sites.ref)})
    tmp = path.with_name(f".{path.name}.partial")
    tmp.write_text("".join(f"{sites.contig}\t{s}\t{e}\n" for s, e in spans))
    os.replace(tmp, path)
    return path


def _phred(score: float) -> float:
    """QUAL: the phred-scaled probability that the call is wrong, capped at 99."""
    wrong = 1.0 - min(max(score, 0.0), 1.0)
    return MAX_QUAL if wrong <= 10 ** (-MAX_QUAL / 10) else round(-10 * math.log10(wrong), 2)
