import pysam


def load_truth(vcf_path):
    return {(r.chrom, r.pos) for r in pysam.VariantFile(vcf_path)}
