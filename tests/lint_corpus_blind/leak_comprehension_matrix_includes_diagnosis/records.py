from dataclasses import dataclass


@dataclass
class Visit:
    age: float
    bmi: float
    hba1c: float
    diabetic: int
