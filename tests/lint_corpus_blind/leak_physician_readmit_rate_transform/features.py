def add_provider_features(visits):
    visits = visits.copy()
    visits["provider_volume"] = visits.groupby("attending_id")["visit_id"].transform("count")
    visits["provider_readmit_rate"] = visits.groupby("attending_id")["readmit_30d"].transform("mean")
    return visits
