def note_text(admission):
    return f"{admission.chief_complaint} {admission.history}"
