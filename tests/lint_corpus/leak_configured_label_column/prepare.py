def add_interaction(variants):
    variants["cadd_x_path"] = variants["cadd"] * variants["pathogenic"]
    return variants
