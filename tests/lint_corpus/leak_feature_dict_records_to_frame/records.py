def record(variant, is_pathogenic):
    return {
        "cadd": variant.cadd,
        "gnomad_af": variant.af,
        "is_pos": int(is_pathogenic),
    }
