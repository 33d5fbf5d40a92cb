import pandas as pd
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import train_test_split

frame = pd.read_csv("energy.csv")
target = frame.pop("kwh")
X_train, X_test, y_train, y_test = train_test_split(frame, target, test_size=0.25)
train_means = X_train.mean()
X_train = X_train.fillna(train_means)
X_test = X_test.fillna(train_means)
rf = RandomForestRegressor().fit(X_train, y_train)
print(rf.score(X_test, y_test))
