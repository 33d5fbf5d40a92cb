def add_gene_rate(df):
    df["gene_rate"] = df.groupby("gene")["target"].transform("mean")
    return df
