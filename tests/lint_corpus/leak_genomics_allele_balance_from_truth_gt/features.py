def allele_features(site, truth_gt):
    ab = site.alt_reads / max(site.depth, 1)
    expected_ab = truth_gt / 2
    return [ab, site.depth, abs(ab - expected_ab)]
