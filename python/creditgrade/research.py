"""Research on numpy arrays and Arrow tables."""
