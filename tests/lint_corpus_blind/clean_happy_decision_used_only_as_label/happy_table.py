import numpy as np
import pysam

FEATURES = ("QUAL", "DP", "GQ", "AF", "MQ")


def load_sites(happy_vcf, contig):
    X, y = [], []
    with pysam.VariantFile(happy_vcf) as vcf:
        for rec in vcf.fetch(contig):
            query = rec.samples["QUERY"]
            decision = query.get("BD")
            if decision not in ("TP", "FP"):
                continue
            X.append(
                [
                    rec.qual or 0.0,
                    rec.info.get("DP", 0),
                    query.get("GQ") or 0,
                    (query.get("AF") or (0.0,))[0],
                    rec.info.get("MQ", 0.0),
                ]
            )
            y.append(decision == "TP")
    return np.asarray(X, dtype=np.float32), np.asarray(y, dtype=np.int8)
