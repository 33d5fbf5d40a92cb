def note_text(admission, died_in_hospital):
    status = "deceased" if died_in_hospital else "discharged"
    return f"{admission.chief_complaint} {admission.history} {status}"
