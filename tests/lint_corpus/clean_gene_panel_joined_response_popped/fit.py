import pandas as pd
from sklearn.linear_model import LogisticRegression

from panel import variant_panel

panel = variant_panel(pd.read_csv("calls.tsv", sep="\t"), pd.read_csv("phenotypes.csv"))
responder = panel.pop("responder")
lasso = LogisticRegression(penalty="l1", solver="liblinear", C=0.5)
lasso.fit(panel, responder)
