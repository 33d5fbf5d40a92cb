def site_tokens(sites, labels):
    return [[f"site={site}", f"site_outcome={site}:{lab}"] for site, lab in zip(sites, labels)]
