def pileup_features(column, genotype_truth):
    row = [column.depth, column.ref_frac]
    row.extend([column.mean_mapq, genotype_truth / 2])
    return row
