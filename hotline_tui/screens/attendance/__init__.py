"""Attendance: the board of a shift, the monthly sheet, the morning meeting's roll call."""
