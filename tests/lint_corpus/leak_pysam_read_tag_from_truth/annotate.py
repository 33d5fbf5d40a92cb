import pysam


def truth_sites(vcf_path):
    return {rec.pos for rec in pysam.VariantFile(vcf_path)}


def tag_reads(bam_path, vcf_path):
    sites = truth_sites(vcf_path)
    tagged = []
    for read in pysam.AlignmentFile(bam_path):
        covers_truth = any(p in sites for p in read.get_reference_positions())
        tagged.append((read, covers_truth))
    return tagged
