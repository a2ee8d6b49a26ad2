"""The App's services (hotline_tui/services), without an App."""

from __future__ import annotations

import pendulum

from hotline_tui.clock import FixedClock
from hotline_tui.services.change_watch import ChangeWatch
from hotline_tui.services.idle_lock import IdleLock
from hotline_tui.services.status import HeaderAlerts
from hotline_tui.widgets.app_header import NOTHING, Said


def test_a_change_is_seen_after_the_first_look_and_a_failure_said_once():
    markers: list[object] = [1, 1, 2, OSError("磁盘已拔出"), OSError("磁盘已拔出"), 2, 3]

    def read() -> int:
        marker = markers.pop(0)
        if isinstance(marker, Exception):
            raise marker
        assert isinstance(marker, int)
        return marker

    watch = ChangeWatch(read)
    looks = [watch.look() for _ in range(7)]
    assert [(look.first, look.changed) for look in looks] == [
        (True, False),
        (False, False),
        (False, True),
        (False, False),
        (False, False),
        (False, False),  # the same marker as before the failure: nothing changed
        (False, True),
    ]
    assert [bool(look.failure) for look in looks] == [
        False,
        False,
        False,
        True,
        False,
        False,
        False,
    ]
    assert "磁盘已拔出" in looks[3].failure


def test_the_idle_lock_is_due_after_the_set_minutes_without_input():
    clock = FixedClock(pendulum.datetime(2026, 12, 7, 9, 0, tz="Asia/Shanghai"))
    idle = IdleLock(clock, 10)
    clock.advance(minutes=9, seconds=59)
    assert not idle.due(someone_signed_in=True)
    clock.advance(seconds=1)
    assert idle.due(someone_signed_in=True)
    assert not idle.due(someone_signed_in=False)  # nobody to lock out
    idle.locked = True
    assert not idle.due(someone_signed_in=True)  # already locked
    idle.unlock()
    assert not idle.locked and not idle.due(someone_signed_in=True)
    clock.advance(minutes=5)
    idle.touch()
    clock.advance(minutes=9)
    assert not idle.due(someone_signed_in=True)


def test_the_header_shows_its_warnings_together_in_a_fixed_order():
    alerts = HeaderAlerts()
    assert alerts.take("backup", Said("备份已停 2 天", "备份停")) == Said("备份已停 2 天", "备份停")
    both = alerts.take("handover", Said("白班交接未签收", "未签收"))
    assert both == Said("白班交接未签收  备份已停 2 天", "未签收 备份停")
    alerts.take("backup", NOTHING)
    assert alerts.take("reports", NOTHING) == Said("白班交接未签收", "未签收")
    assert alerts.take("handover", NOTHING) == NOTHING
