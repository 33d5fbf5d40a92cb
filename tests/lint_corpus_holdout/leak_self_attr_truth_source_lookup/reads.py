from truthset import read_confident_calls


class PileupEncoder:
    def __init__(self, min_mapq=20):
        self.min_mapq = min_mapq
        self.known = set()

    def load_reference_calls(self, vcf_path, regions):
        self.known = read_confident_calls(vcf_path, regions)

    def encode(self, site):
        in_panel = (site.contig, site.pos, site.alt) in self.known
        vaf = site.alt_count / max(site.depth, 1)
        return [site.depth, vaf, site.mean_mapq >= self.min_mapq, in_panel]
