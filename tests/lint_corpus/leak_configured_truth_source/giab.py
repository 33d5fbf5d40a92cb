import pysam


def load_truth_calls(vcf_path, region):
    calls = {}
    for rec in pysam.VariantFile(vcf_path).fetch(region):
        calls[rec.pos] = rec.alts[0] if rec.alts else None
    return calls
