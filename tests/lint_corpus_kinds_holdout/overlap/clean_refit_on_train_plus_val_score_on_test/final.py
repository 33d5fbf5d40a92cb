import pandas as pd
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import train_test_split

df = pd.read_csv("houses.csv")
rest, test = train_test_split(df, test_size=0.2, random_state=0)
train, val = train_test_split(rest, test_size=0.25, random_state=0)
rf = RandomForestRegressor().fit(train[["sqft", "rooms"]], train["price"])
print("val R2", rf.score(val[["sqft", "rooms"]], val["price"]))
full = pd.concat([train, val])
rf = RandomForestRegressor().fit(full[["sqft", "rooms"]], full["price"])
print("test R2", rf.score(test[["sqft", "rooms"]], test["price"]))
