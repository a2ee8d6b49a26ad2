"""The people on the floor: staff, groups, who may sign in."""
