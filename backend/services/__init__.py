"""Business logic, callable without HTTP: routes validate and delegate here."""
