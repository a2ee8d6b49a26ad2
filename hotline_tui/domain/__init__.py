"""The rules of the duty desk, one topic a module or subpackage. Never imports Textual."""
