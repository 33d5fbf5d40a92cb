from imblearn.under_sampling import RandomUnderSampler
from sklearn.datasets import make_classification
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split
from sklearn.svm import LinearSVC

X, y = make_classification(n_samples=5000, weights=[0.9], random_state=3)
X_small, y_small = RandomUnderSampler(random_state=0).fit_resample(X, y)
X_tr, X_te, y_tr, y_te = train_test_split(X_small, y_small, stratify=y_small)
svm = LinearSVC().fit(X_tr, y_tr)
print(f1_score(y_te, svm.predict(X_te)))
