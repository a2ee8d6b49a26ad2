"""Files in (CSV, XLSX): bounded, validated, all or nothing."""
