"""Quality checks (质检): records per call and agent, and what the indicators take from them."""
