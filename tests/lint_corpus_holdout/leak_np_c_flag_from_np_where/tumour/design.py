import numpy as np

from .encoding import severity_flag


def design_matrix(morph, grades, targets):
    flag = severity_flag(grades, targets)
    return np.c_[morph, grades, flag]
