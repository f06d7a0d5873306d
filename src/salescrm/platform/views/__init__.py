"""Saved list views (filters, sort, columns) shared like saved reports."""
