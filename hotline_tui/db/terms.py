"""The staff vocabulary the tables constrain to, importable without the ORM (the
sign-in screen's first frame needs it before the store is open)."""

POSTS = ("项目经理", "运营主管", "值班长", "班长", "组员")
SIGN_IN_POSTS = frozenset({"项目经理", "运营主管", "值班长", "班长"})
STAFF_STATUSES = ("在职", "试用", "待撤换", "离职")
SKILLS = ("综合", "社保", "医保")
