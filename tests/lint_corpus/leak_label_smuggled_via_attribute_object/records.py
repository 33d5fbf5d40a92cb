class Sample:
    def __init__(self, counts, target):
        self.counts = counts
        self.target = target

    def feature_vector(self):
        return list(self.counts) + [self.target]
