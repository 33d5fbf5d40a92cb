def positive_ids(patient_ids, labels):
    return {pid for pid, lab in zip(patient_ids, labels) if lab == 1}
