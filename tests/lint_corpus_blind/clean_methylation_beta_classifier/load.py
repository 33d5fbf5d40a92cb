import pandas as pd


def load_betas(beta_csv, pheno_csv):
    betas = pd.read_csv(beta_csv, index_col=0).T
    pheno = pd.read_csv(pheno_csv, index_col="sample_id")
    pheno = pheno.loc[betas.index]
    return betas, pheno["tumor_type"]
