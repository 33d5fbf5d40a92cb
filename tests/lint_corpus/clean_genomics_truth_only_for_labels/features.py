def allele_features(site):
    ab = site.alt_reads / max(site.depth, 1)
    return [ab, site.depth, abs(ab - 0.5)]
