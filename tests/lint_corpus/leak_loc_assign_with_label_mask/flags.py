def flag_cases(frame):
    frame["hi_risk"] = 0
    frame.loc[frame["outcome_label"] == 1, "hi_risk"] = 1
    return frame
