"""Work reports: daily, weekly, monthly."""
