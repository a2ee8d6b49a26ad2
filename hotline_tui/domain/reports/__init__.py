"""Work reports (工作汇报): daily, weekly and monthly, composed from the records."""
