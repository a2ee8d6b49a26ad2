"""The demo generator: plausible data through the real rules. The rules never import it."""
