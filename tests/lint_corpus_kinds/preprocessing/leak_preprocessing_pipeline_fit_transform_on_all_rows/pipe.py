import pandas as pd
from sklearn.ensemble import ExtraTreesClassifier
from sklearn.impute import SimpleImputer
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

frame = pd.read_csv("loans.csv")
target = frame.pop("defaulted")
prep = Pipeline([("impute", SimpleImputer()), ("scale", StandardScaler())])
matrix = prep.fit_transform(frame)
X_train, X_test, y_train, y_test = train_test_split(matrix, target, stratify=target)
trees = ExtraTreesClassifier().fit(X_train, y_train)
print(trees.score(X_test, y_test))
