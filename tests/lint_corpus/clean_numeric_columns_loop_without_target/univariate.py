import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import cross_val_score

rentals = pd.read_csv("rentals.csv")
numeric = rentals._get_numeric_data().columns
table = rentals[numeric].fillna(0)

for column in table.columns.drop("monthly_rent"):
    single = table[[column]]
    r2 = cross_val_score(LinearRegression(), single, table["monthly_rent"], cv=5).mean()
    print(column, round(r2, 3))
