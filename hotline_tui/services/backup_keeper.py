"""The automatic backups, on the terminal that keeps them (settings: backup_here): one
at the first start of a day and one at the set time, looked at once a minute; the
header warns when they stop (backups.stale_text)."""

from __future__ import annotations

from collections.abc import Callable

from hotline_tui.seam import desk
from hotline_tui.services.host import Host
from hotline_tui.widgets.app_header import NOTHING, Said


class BackupKeeper:
    def __init__(self, host: Host, on_alert: Callable[[Said], None]) -> None:
        self._host = host
        self._on_alert = on_alert  # on the UI: the header's backup warning, or NOTHING
        # The minute last looked at; the start looks itself.
        self._minute: str | None = host.clock.now().format("HH:mm")
        self._running = False

    def start(self) -> None:
        """The store is open: the day's first backup if none is there yet."""
        self._look(starting=True)

    def each_minute(self, minute: str) -> None:
        if minute != self._minute:
            self._minute = minute
            self._look(starting=False)

    def _look(self, *, starting: bool) -> None:
        store = self._host.store_if_open
        # A file is backed up here; a PostgreSQL server by its own tools (pg_dump).
        if not self._host.settings.backup_here or store is None or store.path is None:
            return
        if self._running:  # one at a time; a slow one skips the next minute's look
            return
        self._running = True
        self._host.run_worker(
            lambda: self._run(starting), group="backup", thread=True, exit_on_error=False
        )

    def _run(self, starting: bool) -> None:
        try:
            self._backup_if_due(starting)
        finally:
            self._running = False

    def _backup_if_due(self, starting: bool) -> None:
        backups = desk().backups
        host = self._host
        settings = host.settings
        folder = settings.backup_folder
        now = host.clock.now()
        last = backups.last_good(folder)
        if backups.backup_due(last, now, settings.backup_time, starting=starting):
            try:
                path = host.store.path
                assert path is not None
                target, _ = backups.backup_into(path, folder, now)
                backups.prune(
                    folder, now.date(), settings.backup_keep_days, settings.backup_keep_months
                )
            except Exception as exc:
                host.call_from_thread(host.report_error, "自动备份失败", exc)
            else:
                host.call_from_thread(host.notify, f"已自动备份数据库：{target}", markup=False)
            last = backups.last_good(folder)
        stale = backups.stale_text(last, now)
        host.call_from_thread(self._on_alert, Said(*stale) if stale else NOTHING)
