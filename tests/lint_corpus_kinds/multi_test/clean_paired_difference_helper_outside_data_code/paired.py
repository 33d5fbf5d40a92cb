import math


def paired_t(first, second):
    """Student's t of paired measurements (same seeds, two settings)."""
    differences = first - second
    spread = float(differences.std(ddof=1))
    return float(differences.mean()) / (spread / math.sqrt(differences.size))
