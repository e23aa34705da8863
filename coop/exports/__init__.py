"""Reports as files: CSV, XLSX and plain-text tables, with headers in the reader's language."""
