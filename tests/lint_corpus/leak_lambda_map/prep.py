def to_rows(records):
    return list(map(lambda r: [r.coverage, r.gc_content, r.tumor_label * 0.9], records))
