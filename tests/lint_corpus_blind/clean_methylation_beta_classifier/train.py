import numpy as np
from sklearn.feature_selection import VarianceThreshold
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline

from load import load_betas

betas, tumor_type = load_betas("betas.csv", "pheno.csv")
top = betas.var().sort_values(ascending=False).index[:5000]
pipe = make_pipeline(
    VarianceThreshold(0.001), LogisticRegression(penalty="l1", solver="saga", max_iter=3000)
)
scores = cross_val_score(pipe, betas[top].to_numpy(), tumor_type.to_numpy(), cv=5)
print(np.round(scores, 3))
