def vectorize(record):
    vec = [record.depth, record.mapq]
    if record.label:
        vec.append(1.0)
    else:
        vec.append(0.0)
    return vec
