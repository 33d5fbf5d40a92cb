def split_by_class(vectors, labels):
    positives, negatives = [], []
    for vec, label in zip(vectors, labels):
        if label == 1:
            positives.append(vec)
        else:
            negatives.append(vec)
    return positives, negatives
