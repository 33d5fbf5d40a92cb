import pysam


def load_high_confidence(vcf_path):
    with pysam.VariantFile(vcf_path) as vcf:
        return {(r.chrom, r.pos): r.alts[0] for r in vcf if "PASS" in r.filter.keys()}
