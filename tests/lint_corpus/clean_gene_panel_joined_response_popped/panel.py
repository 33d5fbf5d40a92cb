def variant_panel(calls, phenotypes):
    counts = calls.pivot_table(
        index="sample_id", columns="gene", values="n_alt", aggfunc="sum", fill_value=0
    )
    return counts.join(phenotypes.set_index("sample_id")["responder"], how="inner")
