import numpy as np
import pandas as pd
from sklearn.linear_model import Lasso

# In[1]:
train = pd.read_csv("train.csv")
test = pd.read_csv("test.csv")
n_train = train.shape[0]
y_train = np.log1p(train["SalePrice"].values)

# In[2]:
data = pd.concat([train, test]).reset_index(drop=True)
data.drop(["SalePrice", "Id"], axis=1, inplace=True)
data["TotalSF"] = data["TotalBsmtSF"] + data["1stFlrSF"] + data["2ndFlrSF"]
data = pd.get_dummies(data).fillna(0)

# In[3]:
train = data[:n_train]
test = data[n_train:]

# In[4]:
lasso = Lasso(alpha=0.0005).fit(train, y_train)
pred = np.expm1(lasso.predict(test))
