import numpy as np
from sklearn.linear_model import LogisticRegression

from loader import load_fold

expression, relapse = load_fold("fold0.npz")
X = np.column_stack([expression, relapse])
LogisticRegression().fit(X, relapse)
