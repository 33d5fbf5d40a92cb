import pandas as pd


def build_cohort(admissions, events):
    adm = admissions[admissions["los_hours"] >= 24].copy()
    adm["label"] = (adm["death_time"].notna()) & (
        adm["death_time"] <= adm["admit_time"] + pd.Timedelta(days=30)
    )
    early = events.merge(adm[["hadm_id", "admit_time"]], on="hadm_id")
    early = early[early["charttime"] <= early["admit_time"] + pd.Timedelta(hours=24)]
    agg = early.pivot_table(index="hadm_id", columns="itemid", values="valuenum", aggfunc="mean")
    return agg.join(adm.set_index("hadm_id")["label"], how="inner")
