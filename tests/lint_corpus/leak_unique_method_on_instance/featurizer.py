import numpy as np


class VariantFeaturizer:
    def __init__(self, window=50):
        self.window = window

    def encode(self, candidates, labels):
        out = []
        for cand, lab in zip(candidates, labels):
            gc = cand.gc(self.window)
            out.append([gc, cand.depth, gc * lab])
        return np.array(out)
