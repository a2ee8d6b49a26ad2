"""The desk's vocabularies, in one place: posts, staff statuses, skills, attendance
marks. The tables constrain to them; the first frame reads them before the store opens.
The states records go through are enums, in model/states.py."""

from hotline_tui.model.states import AttendanceStatus, Employment

POSTS = ("项目经理", "运营主管", "值班长", "班长", "组员")
SIGN_IN_POSTS = frozenset({"项目经理", "运营主管", "值班长", "班长"})
STAFF_STATUSES = tuple(Employment)
SKILLS = ("综合", "社保", "医保")
ATTENDANCE_STATUSES = tuple(AttendanceStatus)
