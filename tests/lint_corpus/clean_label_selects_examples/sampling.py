import random


def balanced(records, is_var, ratio=3, seed=0):
    positives, negatives = [], []
    for rec, flag in zip(records, is_var):
        if flag:
            positives.append(rec)
        else:
            negatives.append(rec)
    rng = random.Random(seed)
    negatives = rng.sample(negatives, min(len(negatives), ratio * len(positives)))
    return positives, negatives
