import pysam


def site_table(happy_vcf):
    rows = []
    for rec in pysam.VariantFile(happy_vcf):
        query = rec.samples["QUERY"]
        rows.append(
            {
                "qual": rec.qual or 0.0,
                "dp": rec.info.get("DP", 0),
                "gq": query.get("GQ") or 0,
                "is_tp": int(query.get("BD") == "TP"),
            }
        )
    return rows
