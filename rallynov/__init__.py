"""rallynov: the platform of a regional social-innovation programme."""
