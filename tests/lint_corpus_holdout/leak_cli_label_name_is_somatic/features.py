def site_features(site, is_somatic):
    vaf = site.alt_reads / max(site.depth, 1)
    normal_vaf = site.normal_alt / max(site.normal_depth, 1)
    return [vaf, normal_vaf, site.depth, vaf * (1.5 if is_somatic else 1.0)]
