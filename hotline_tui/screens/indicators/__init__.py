"""The nine indicators and the review workbook."""
