def make_examples(calls, truth_sites):
    examples = []
    for call in calls:
        features = [call.qual, call.depth, call.allele_fraction, call.mapq]
        label = int((call.chrom, call.pos) in truth_sites)
        examples.append((features, label))
    return examples
