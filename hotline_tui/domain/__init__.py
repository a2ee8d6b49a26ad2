"""The rules and the data of the duty desk. Nothing below here imports Textual."""
