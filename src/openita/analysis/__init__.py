"""Analysis of one agency's ITA result: weak points, what-if, optimiser and action plan."""
