def make_row(sample, diagnosis_label):
    feats = {"age": sample.age, "wbc": sample.wbc}
    feats.update({"flag": float(diagnosis_label == "sepsis")})
    return feats
