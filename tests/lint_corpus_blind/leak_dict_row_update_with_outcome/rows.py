def claim_row(claim):
    row = {"amount": claim.amount, "provider_type": claim.provider_type}
    row.update({"days_to_report": claim.days_to_report, "denied": claim.denied})
    return row
