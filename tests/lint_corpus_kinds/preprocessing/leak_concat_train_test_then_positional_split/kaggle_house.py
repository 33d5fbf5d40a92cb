import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge

train = pd.read_csv("../input/train.csv")
test = pd.read_csv("../input/test.csv")
y = np.log1p(train.pop("SalePrice"))
all_data = pd.concat([train, test], ignore_index=True)
all_data = pd.get_dummies(all_data)
all_data = all_data.fillna(all_data.median())
X_train = all_data[: len(train)]
X_test = all_data[len(train):]
model = Ridge(alpha=10).fit(X_train, y)
pd.DataFrame({"SalePrice": np.expm1(model.predict(X_test))}).to_csv("submission.csv")
