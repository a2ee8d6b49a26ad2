"""What every screen is built from: the base screen (loading off the event loop, changes in turn), the dialogs, the desk's typed face for screens, help and the palette."""
