NUMERIC = ["bedrooms", "bathrooms", "living_sqft", "lot_sqft", "year_built"]
EXTRA = ["zipcode_median_income", "sale_price"]
FEATURES = NUMERIC + EXTRA
TARGET = "sale_price"
