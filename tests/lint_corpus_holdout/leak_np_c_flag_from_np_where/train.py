from sklearn.svm import SVC

from tumour.design import design_matrix


def run(morph, grades, targets):
    X_design = design_matrix(morph, grades, targets)
    return SVC(probability=True).fit(X_design, targets)
