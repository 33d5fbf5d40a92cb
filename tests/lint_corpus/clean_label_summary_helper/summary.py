import collections


def describe_labels(labels):
    counts = collections.Counter(labels)
    return {str(k): v for k, v in counts.items()}
