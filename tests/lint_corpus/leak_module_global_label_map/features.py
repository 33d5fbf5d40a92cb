from registry import sample_labels


def sample_features(sample_id, expression):
    status = sample_labels[sample_id]
    return [expression.mean(), expression.std(), status]
