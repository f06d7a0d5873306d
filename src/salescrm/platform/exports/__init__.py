"""Export any object's list (same filters, sort and search) as CSV or XLSX."""
