"""Where a user's test function meets the runner: the decorator machinery every mlaudit decorator
uses (`decorate.extend_sweep`), a sweep run as a pytest item (`item`) and a decorated test called
directly, outside pytest (`direct`).

Above `runner` and `report` because a decorated test called directly runs its grid and raises the
report's failure message; below the capability packages, whose decorators call `extend_sweep`.
"""
