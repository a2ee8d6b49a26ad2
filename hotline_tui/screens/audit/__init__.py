"""The audit trail, for the managers."""
