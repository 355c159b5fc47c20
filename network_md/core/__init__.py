"""Values and errors every layer shares: the model, dates, names, what a terminal may show."""
