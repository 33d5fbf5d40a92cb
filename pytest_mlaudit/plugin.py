"""pytest hooks of mlaudit (built in issue 3)."""
