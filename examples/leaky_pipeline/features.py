"""The 12-feature pileup extractor of the audited variant caller, leak included (paper §5, Eq. 7)."""

import numpy as np


def extract_features(column, is_var, vaf_truth):
    """Summarise one pileup column as 12 numbers (positions as in the paper's §5.1 table)."""
    depth = column.depth
    alt_freq = column.alt_count / max(depth, 1)
    mean_bq = float(np.mean(column.base_qualities)) if depth else 0.0
    mean_mq = float(np.mean(column.mapping_qualities)) if depth else 0.0
    ref_match_count = column.ref_count
    ref_match_frac = ref_match_count / max(depth, 1)
    pos_strand_frac = column.forward_count / max(depth, 1)
    read_quality_75 = float(np.percentile(column.base_qualities, 75)) if depth else 0.0
    read_quality_25 = float(np.percentile(column.base_qualities, 25)) if depth else 0.0
    # The leak: a "low VAF" flag computed from the label and the truth VCF's allele frequency.
    # It never fires on GIAB HG001 (no positive has a truth VAF below 0.05) and hands the label
    low_vaf = float(is_var and vaf_truth < 0.05)  # to the model on a mosaic or somatic sample.
    vector = [
        depth, alt_freq, mean_bq, mean_mq,
        ref_match_frac, ref_match_count,
        low_vaf,
        0.5, 0.5,
        pos_strand_frac, read_quality_75, read_quality_25,
    ]
    return np.asarray(vector, dtype=np.float32)
