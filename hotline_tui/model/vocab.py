"""The desk's vocabularies, in one place: posts, staff statuses, skills, attendance
marks. The tables constrain to them; the first frame reads them before the store opens."""

POSTS = ("项目经理", "运营主管", "值班长", "班长", "组员")
SIGN_IN_POSTS = frozenset({"项目经理", "运营主管", "值班长", "班长"})
STAFF_STATUSES = ("在职", "试用", "待撤换", "离职")
SKILLS = ("综合", "社保", "医保")
ATTENDANCE_STATUSES = ("出勤", "迟到", "早退", "离岗", "事假", "病假", "年假", "调休", "旷工")
