import pysam


def truth_genotypes(vcf_path):
    gts = {}
    for rec in pysam.VariantFile(vcf_path):
        gts[(rec.chrom, rec.pos)] = sum(a or 0 for a in rec.samples[0]["GT"])
    return gts
