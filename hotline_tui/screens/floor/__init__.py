"""The seat plan: the floor map, the fill from the rota, the zones of the groups."""
