import pysam


def truth_genotypes(vcf_path, contig):
    out = {}
    with pysam.VariantFile(vcf_path) as vcf:
        for rec in vcf.fetch(contig):
            gt = rec.samples[0]["GT"]
            out[(rec.pos, rec.alts[0])] = sum(a for a in gt if a is not None)
    return out
