from sklearn.svm import SVC

from dataio import load_with_ids

X, y, ids = load_with_ids("biopsies.csv")
SVC().fit(X, y)
print(len(ids))
