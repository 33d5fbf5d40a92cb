import pysam


def read_sites(vcf_path):
    with pysam.VariantFile(vcf_path) as vcf:
        return [(rec.pos, rec.info.get("DP", 0), rec.qual) for rec in vcf]


def read_genotype_truth(vcf_path, sample):
    with pysam.VariantFile(vcf_path) as vcf:
        return {rec.pos: sum(rec.samples[sample]["GT"]) for rec in vcf}
