def to_records(samples):
    return [{"age": s.age, "wbc": s.wbc, "label": s.label} for s in samples]
