import pysam


def truth_sites(vcf_path):
    return {rec.pos for rec in pysam.VariantFile(vcf_path)}


def label_reads(bam_path, vcf_path):
    sites = truth_sites(vcf_path)
    reads, labels = [], []
    for read in pysam.AlignmentFile(bam_path):
        reads.append(read)
        labels.append(any(p in sites for p in read.get_reference_positions()))
    return reads, labels
