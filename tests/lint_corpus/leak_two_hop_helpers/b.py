from a import scale


def tumour_signal(purity, tumour_truth):
    return scale(purity, 0.8) + scale(tumour_truth, 0.2)
