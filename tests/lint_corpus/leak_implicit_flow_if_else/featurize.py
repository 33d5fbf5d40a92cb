def featurize_variant(site, label):
    if label == 1:
        strand_flag = 1.0
    else:
        strand_flag = 0.0
    return [site.qual, site.strand_bias, strand_flag]
