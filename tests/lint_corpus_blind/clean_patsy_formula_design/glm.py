import pandas as pd
import patsy
import statsmodels.api as sm

trial = pd.read_csv("trial.csv")
y, X = patsy.dmatrices("remission ~ age + C(arm) + baseline_crp", trial, return_type="dataframe")
fit = sm.Logit(y, X).fit(disp=0)
print(fit.summary())
design = patsy.dmatrix("~ age + C(arm)", trial)
