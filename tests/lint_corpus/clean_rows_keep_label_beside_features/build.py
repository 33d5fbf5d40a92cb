def to_examples(records):
    rows = []
    for rec in records:
        features = [rec.depth, rec.qual, rec.strand_bias]
        rows.append((features, rec.label))
    return rows
