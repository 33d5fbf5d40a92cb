def site_positive_rate(train_df):
    rates = train_df.groupby("site_id")["label"].mean().rename("site_rate").reset_index()
    return rates
