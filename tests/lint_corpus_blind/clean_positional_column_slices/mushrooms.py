import pandas as pd
from sklearn.preprocessing import OrdinalEncoder
from sklearn.tree import DecisionTreeClassifier

shrooms = pd.read_csv("mushrooms.csv")
cls = shrooms.iloc[:, 0]
attrs = shrooms[shrooms.columns[1:]]
enc = OrdinalEncoder()
X = enc.fit_transform(attrs)
y = (cls == "p").astype(int)
DecisionTreeClassifier(max_depth=5).fit(X, y)

wine = pd.read_csv("wine.data", header=None)
Xw, yw = wine.iloc[:, 1:].values, wine.iloc[:, 0].values
DecisionTreeClassifier().fit(Xw, yw)
