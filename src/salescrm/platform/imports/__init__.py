"""CSV/XLSX import for any object: mapping, templates, dry run, upsert, duplicate
check, per-row errors, resumable background job."""
