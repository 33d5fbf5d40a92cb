import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

calls = pd.read_csv("hg002_calls_vs_truth.tsv", sep="\t")
gq_cutoffs = np.arange(0, 60, 5)
f1_by_cutoff = [f1_score(calls["is_tp"], calls["GQ"] >= c) for c in gq_cutoffs]
chosen = gq_cutoffs[int(np.argmax(f1_by_cutoff))]
print(f"HG002 F1 at GQ>={chosen}: {max(f1_by_cutoff):.4f}")
