"""The App's own work beside the screens, each a small object the App holds and calls
from its one-second tick: whether the data changed (change_watch), the header's status
(status), the automatic backups (backups), the idle lock (idle_lock) and the clocks'
warnings (clock_warnings). None of them draws anything; the App shows what they say.
"""
