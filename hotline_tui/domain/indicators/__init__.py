"""The nine indicators (指标): definitions, records, figures, the report."""
