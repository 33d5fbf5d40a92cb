def add_gene_depth(df):
    df["gene_mean_depth"] = df.groupby("gene")["depth"].transform("mean")
    df["gene_n"] = df.groupby("gene")["depth"].transform("count")
    return df
