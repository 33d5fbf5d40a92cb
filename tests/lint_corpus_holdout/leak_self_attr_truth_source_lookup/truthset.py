import pysam


def read_confident_calls(vcf_path, bed_regions):
    calls = set()
    with pysam.VariantFile(vcf_path) as vcf:
        for contig, start, end in bed_regions:
            for rec in vcf.fetch(contig, start, end):
                calls.add((rec.contig, rec.pos, rec.alts[0]))
    return calls
