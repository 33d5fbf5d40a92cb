from sklearn.linear_model import LogisticRegression

from load import split_xy, split_xy_legacy

X, y = split_xy("stroke.csv")
LogisticRegression(max_iter=300).fit(X, y)
X_old, y_old = split_xy_legacy("stroke_2019.csv")
LogisticRegression(max_iter=300).fit(X_old, y_old)
