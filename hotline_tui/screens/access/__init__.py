"""Who is at the terminal: the sign-in, the first run of a new floor, PINs and the idle lock."""
