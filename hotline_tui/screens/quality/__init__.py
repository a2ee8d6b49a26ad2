"""Quality: QC records, exams and business tests, training sessions."""
