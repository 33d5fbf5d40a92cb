def variant_features(site, vaf_truth, is_variant):
    depth = site.depth
    alt_frac = site.alt_count / max(depth, 1)
    rare = float(is_variant and vaf_truth < 0.1)
    return [depth, alt_frac, site.base_q, rare]
