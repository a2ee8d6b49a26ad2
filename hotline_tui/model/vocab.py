"""The desk's vocabularies, in one place: posts, staff statuses, skills, attendance
and training marks, QC error kinds, escalations' kinds and addressees, fault systems. The tables constrain to them; the first frame reads them before the store opens.
The states records go through are enums, in model/states.py."""

from hotline_tui.model.states import AttendanceStatus, Employment

POSTS = ("项目经理", "运营主管", "值班长", "班长", "组员")
SIGN_IN_POSTS = frozenset({"项目经理", "运营主管", "值班长", "班长"})
STAFF_STATUSES = tuple(Employment)
SKILLS = ("综合", "社保", "医保")
# A new person is one or the other; a sheet may also carry 待撤换 and 离职 as the staff
# export writes them, but those are set by a replacement request and by leaving.
NEW_STAFF_STATUSES = (Employment.EMPLOYED, Employment.PROBATION)
ATTENDANCE_STATUSES = tuple(AttendanceStatus)
# A training session's roll call; the first two count as attended.
TRAINING_MARKS = ("出席", "迟到", "请假", "缺席")
# The kinds of error a QC checker names; 业务解答错误 is what 业务解答准确率 counts.
QC_ERROR_KINDS = ("业务解答错误", "服务规范", "转接错误", "工单记录", "其他")
# 请示 asks for a decision, 报告 reports up; to one of these.
ESCALATION_KINDS = ("请示", "报告")
ESCALATION_ADDRESSEES = ("运营主管", "项目经理", "采购人联系人")
# The systems a fault report (故障报告) names.
FAULT_SYSTEMS = ("电话平台", "中继线路", "网络", "工单系统", "知识库", "坐席电脑", "耳机", "其他")
