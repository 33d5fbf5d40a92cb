from imblearn.over_sampling import BorderlineSMOTE
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
import pandas as pd

churn = pd.read_csv("telco.csv")
X = churn.select_dtypes("number").drop(columns="churn")
sm = BorderlineSMOTE()
X_s, y_s = sm.fit_sample(X, churn["churn"])
xtr, xte, ytr, yte = train_test_split(X_s, y_s)
knn = KNeighborsClassifier().fit(xtr, ytr)
print(knn.score(xte, yte))
