import pysam


def truth_alleles(truth_vcf, contig):
    with pysam.VariantFile(truth_vcf) as vcf:
        return {(r.pos, r.alts[0]) for r in vcf.fetch(contig) if r.alts}


def confident_intervals(bed_path, contig):
    with open(bed_path) as fh:
        return [tuple(map(int, line.split()[1:3])) for line in fh if line.startswith(contig + "\t")]
