def append_truth_flag(feature_row, truth_status):
    feature_row.append(1.0 if truth_status == "TP" else 0.0)
