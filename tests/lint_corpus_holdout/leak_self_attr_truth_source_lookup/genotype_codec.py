class GenotypeCodec:
    CODES = {"0/0": 0, "0/1": 1, "1/1": 2}

    def encode(self, genotype):
        return self.CODES.get(genotype, -1)
