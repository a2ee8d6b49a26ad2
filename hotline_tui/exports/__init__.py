"""Files out (XLSX, CSV, Markdown): written whole, user text made safe."""
