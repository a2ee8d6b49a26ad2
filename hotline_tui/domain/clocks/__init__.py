"""Time-limited work (时效): urgent issues, faults, replacement requests."""
