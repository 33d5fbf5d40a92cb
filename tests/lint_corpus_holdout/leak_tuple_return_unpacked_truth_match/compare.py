def summarize(call, truth):
    key = (call.chrom, call.pos, call.ref, call.alt)
    matched = key in truth
    return call.qual, matched


def vector(call, quality, matched):
    return [call.depth, quality, call.strand_bias, float(matched)]
