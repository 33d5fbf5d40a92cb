import pandas as pd
from sklearn.metrics import f1_score

from tune import best_gq_cutoff

hg001 = pd.read_csv("hg001_calls_vs_truth.tsv", sep="\t")
hg002 = pd.read_csv("hg002_calls_vs_truth.tsv", sep="\t")
cutoff = best_gq_cutoff(hg001[hg001["chrom"] == "chr20"])
print("HG002 F1", f1_score(hg002["is_tp"], hg002["GQ"] >= cutoff))
