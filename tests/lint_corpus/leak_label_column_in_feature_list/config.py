FEATURES = ["age", "bmi", "systolic_bp", "readmitted"]
TARGET = "readmitted"
