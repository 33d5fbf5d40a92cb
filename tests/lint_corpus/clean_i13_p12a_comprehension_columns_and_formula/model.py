import pandas as pd
import statsmodels.formula.api as smf
from sklearn.linear_model import LinearRegression

cars = pd.read_csv("auto_mpg.csv")
target = "mpg"
predictors = [col for col in cars.columns if col not in (target, "car_name")]
LinearRegression().fit(cars[predictors], cars[target])
ols = smf.ols("mpg ~ horsepower + weight + C(origin)", data=cars).fit()
print(ols.params)
