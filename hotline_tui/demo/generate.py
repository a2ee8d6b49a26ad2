"""Plausible demo data: 121 staff in the hotline's groups, and the records the desk keeps.

The same seed gives the same people and plans; dates follow the clock's today.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

import sqlalchemy as sa

from hotline_tui.config import SlaSpec
from hotline_tui.db.store import Store
from hotline_tui.db.tables import (
    Seat,
    SeatAssignment,
    SeatOutage,
    Staff,
    StaffGroup,
    StaffStatus,
    WorkGroup,
    ZoneSeat,
)
from hotline_tui.demo.attendance import DemoRota, load_demo_attendance
from hotline_tui.demo.clocks import load_demo_clocks
from hotline_tui.demo.exams import load_demo_exams
from hotline_tui.demo.handovers import load_demo_handovers
from hotline_tui.demo.kpi import load_demo_kpi
from hotline_tui.demo.quality import load_demo_quality
from hotline_tui.demo.reports import load_demo_reports
from hotline_tui.demo.swaps import load_demo_swap_requests
from hotline_tui.demo.training import load_demo_training
from hotline_tui.domain.floor import fill
from hotline_tui.domain.people.pins import hash_pin, store_pin
from hotline_tui.domain.people.status import FROM_THE_START
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.model.floorplan import Floorplan
from hotline_tui.model.person_fields import skill_set
from hotline_tui.model.staff_row import pinyin_keys
from hotline_tui.model.vocab import SIGN_IN_POSTS
from hotline_tui.workdays import Calendar

STAFF_TOTAL = 121
# (group, members besides its team leader, skills)
GROUPS = (
    ("综合坐席", 48, "综合"),
    ("专业坐席（社保）", 16, "综合,社保"),
    ("专业坐席（医保）", 16, "综合,医保"),
    ("质检", 6, "综合"),
    ("业务支撑", 6, "综合"),
    ("知识库采编", 5, "综合"),
    ("业务培训", 4, "综合"),
    ("数据分析", 4, "综合"),
)
MANAGERS = (("项目经理", 1), ("运营主管", 2), ("值班长", 5))
# Everyone who may sign in to the demo has this PIN (README says so).
DEMO_PIN = "147258"
# Zones kept for specialist groups, from floorplan.toml.
SPECIALIST_ZONES = {"专业坐席（社保）": "E", "专业坐席（医保）": "F"}
DEMO_OUTAGES = (
    ("B07", "耳机故障，已报修", 1, "15:20"),
    ("D12", "电脑无法开机，等待IT", 0, "07:50"),
)
PLAN_DAYS = 31  # today and the month before, which the demo handovers describe

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐沿梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵欧阳解强丛华车冉房边"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉飞建波宁鑫琳颖倩婷雪慧佳欣悦怡晨阳宇浩然子涵梓萱雨泽思远俊博文轩晓彤嘉怡家豪志强海燕春梅秋菊冬雪振华国庆立新卫东小龙子健一鸣若曦梦瑶可馨诗琪晓东亚楠"


def _names(rng: random.Random, n: int) -> list[str]:
    surnames = list(SURNAMES)
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        given = "".join(rng.sample(GIVEN, rng.choice((1, 2, 2, 2))))
        name = rng.choice(surnames) + given
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def build_staff(seed: int) -> list[dict]:
    rng = random.Random(seed)
    names = iter(_names(rng, STAFF_TOTAL))
    rows: list[dict] = []
    number = 1001

    def person(post: str, group: str | None, skills: str) -> None:
        nonlocal number
        name = next(names)
        initials, full = pinyin_keys(name)
        hired = date(2019, 3, 1) + timedelta(days=rng.randrange(0, 7 * 365))
        rows.append(
            {
                "staff_no": str(number),
                "name": name,
                "group": group,
                "post": post,
                "skills": skills,
                "hire_date": hired,
                "status": "在职",
                "pinyin_initials": initials,
                "pinyin_full": full,
            }
        )
        number += 1

    for post, count in MANAGERS:
        for _ in range(count):
            person(post, None, "综合")
    for group, members, skills in GROUPS:
        person("班长", group, skills)
        for _ in range(members):
            person("组员", group, skills)
    assert len(rows) == STAFF_TOTAL, len(rows)
    agents = [r for r in rows if r["post"] == "组员"]
    for r in rng.sample(agents, 6):
        r["status"] = "试用"
        r["hire_date"] = date(2026, 10, 8) + timedelta(days=rng.randrange(0, 40))
    rng.choice([r for r in agents if r["status"] == "在职"])["status"] = "待撤换"
    return rows


def load_demo(
    store: Store,
    floorplan: Floorplan,
    today: date,
    seed: int = 7,
    progress: Callable[[str], None] = lambda step: None,
) -> None:
    """Write the demo data into an empty database; ``progress(step)`` names each part as it starts."""
    progress("人员、工作组和 PIN")
    _load_people(store, seed)
    _load_pins(store)
    progress("一个季度的排班、考勤和早班会")
    rota = load_demo_attendance(store, today, store.clock.now(), seed)
    progress("一个月的座位安排（按排班）")
    _load_plans(store, floorplan, today, rota, seed)
    load_demo_swap_requests(store, today, seed)
    progress("一个月的交接班")
    load_demo_handovers(store, len(floorplan.labels), seed)
    # After the handovers: the open clocks are open now, not in the month behind.
    progress("紧急问题、故障和撤换要求")
    load_demo_clocks(store, SlaSpec(), Calendar(), seed)
    progress("十二个月的外部指标数据、质检记录、考试和培训")
    load_demo_kpi(store, today, seed)
    load_demo_quality(store, today, seed)
    load_demo_exams(store, today, seed)
    load_demo_training(store, today, seed)
    # Last: the reports are composed from everything above.
    progress("一个月的工作汇报和请示报告")
    load_demo_reports(store, today, seed)


STEPS = 7  # the progress() calls above, for "step n of 7"


def _load_pins(store: Store) -> None:
    """The demo PIN for everyone who signs in. It is public (README), so one slow hash
    serves all sixteen: hashing each costs a sixth of a second."""
    hashed = hash_pin(DEMO_PIN)
    with store.write(None) as tx:
        people = tx.session.execute(
            sa.select(Staff.id).where(Staff.post.in_(SIGN_IN_POSTS))
        ).scalars()
        for staff_id in people:
            store_pin(tx, staff_id, DEMO_PIN, temporary=False, hashed=hashed)
        tx.audit("demo.pins", "database", "demo", None, {"pin": "见 README"})


def _load_people(store: Store, seed: int) -> None:
    staff_rows = build_staff(seed)
    with store.write(None) as tx:
        s = tx.session
        if s.execute(sa.select(sa.func.count()).select_from(Staff)).scalar():
            raise ValueError("demo data goes into an empty database only")
        s.execute(
            sa.insert(WorkGroup),
            [{"name": g, "sort_order": i} for i, (g, _, _) in enumerate(GROUPS)],
        )
        group_ids = dict(s.execute(sa.select(WorkGroup.name, WorkGroup.id)).all())
        s.execute(
            sa.insert(Staff),
            [
                {
                    **{k: v for k, v in r.items() if k != "group"},
                    "group_id": group_ids.get(r["group"]),
                }
                for r in staff_rows
            ],
        )
        s.execute(
            sa.insert(StaffGroup),
            [
                {"staff_id": staff_id, "group_id": group_id, "since": hired}
                for staff_id, group_id, hired in s.execute(
                    sa.select(Staff.id, Staff.group_id, Staff.hire_date).where(
                        Staff.group_id.is_not(None)
                    )
                ).all()
            ],
        )
        # Everyone's status from the start; the one to be replaced was in service until
        # the customer's request (demo/clocks.py).
        s.execute(
            sa.insert(StaffStatus),
            [
                {"staff_id": staff_id, "status": "在职" if status == "待撤换" else status,
                 "probation": status == "试用", "since": FROM_THE_START}
                for staff_id, status in s.execute(sa.select(Staff.id, Staff.status)).all()
            ],
        )  # fmt: skip
        # Each group is led by its 班长.
        for group_id, leader_id in s.execute(
            sa.select(Staff.group_id, Staff.id).where(Staff.post == "班长")
        ).all():
            s.execute(
                sa.update(WorkGroup).where(WorkGroup.id == group_id).values(leader_id=leader_id)
            )
        tx.audit("demo.people", "database", "demo", None, {"seed": seed, "staff": len(staff_rows)})


def _load_plans(store: Store, floorplan: Floorplan, today: date, rota: DemoRota, seed: int) -> None:
    """The groups' zones, and the last month's seat plans filled from the rota by the fill's
    own rules (domain/floor/fill.py), day after day, so each day's habits come from the
    days before: the demo's plans and its rota agree."""
    rng = random.Random(seed * 7919 + 1)
    shifts = list_shifts(store)
    with store.write(None) as tx:
        s = tx.session
        seat_ids = dict(s.execute(sa.select(Seat.label, Seat.id)).all())
        group_ids = dict(s.execute(sa.select(WorkGroup.name, WorkGroup.id)).all())
        zones = _demo_zones(floorplan)
        s.execute(sa.insert(ZoneSeat), [
            {"group_id": group_ids[g], "seat_id": seat_ids[label]}
            for g, labels in zones.items() for label in labels
        ])  # fmt: skip
        # 专业坐席（医保） → its zone F needs 医保
        skills_of = {letter: g[g.index("（") + 1 : -1] for g, letter in SPECIALIST_ZONES.items()}
        for letter, skill in skills_of.items():
            s.execute(sa.update(Seat).where(Seat.zone == letter).values(skill=skill))
        people = {
            sid: fill.Person(sid, no, name, group, order, skill_set(skills))
            for sid, no, name, skills, group, order in s.execute(
                sa.select(Staff.id, Staff.staff_no, Staff.name, Staff.skills, WorkGroup.name,
                          WorkGroup.sort_order)
                .join(WorkGroup, WorkGroup.id == Staff.group_id)
            )
        }  # fmt: skip
        chief_ids = list(
            s.execute(sa.select(Staff.id).where(Staff.post == "值班长")).scalars().all()
        )
        for label, reason, days_ago, hhmm in DEMO_OUTAGES:
            started = tx.now.replace(
                hour=int(hhmm[:2]), minute=int(hhmm[3:]), second=0, microsecond=0
            )
            s.execute(
                sa.insert(SeatOutage).values(
                    seat_id=seat_ids[label],
                    reason=reason,
                    started_at=started.subtract(days=days_ago),
                    started_by=chief_ids[0],
                )
            )
        out_labels = {label for label, *_ in DEMO_OUTAGES}
        floor_seats = [label for label in sorted(floorplan.labels) if label not in out_labels]
        frozen = {g: frozenset(labels) for g, labels in zones.items()}
        skill_of = {label: skills_of[label[0]] for label in floor_seats if label[0] in skills_of}
        history: list[tuple[date, int, str]] = []  # (day, staff id, label) as the plans go
        assignments = []
        for offset in range(PLAN_DAYS - 1, -1, -1):
            day = today - timedelta(days=offset)
            recent = [
                (sid, label)
                for d, sid, label in history
                if d >= day - timedelta(days=fill.HABIT_DAYS)
            ]
            for shift in shifts:
                due = [people[sid] for sid in rota.seated.get((day, shift.id), []) if sid in people]
                due.sort(key=lambda p: (p.group_order, p.staff_no))
                ids = {p.staff_id for p in due}
                habits: dict[int, Counter[str]] = {}
                for sid, label in recent:
                    if sid in ids:
                        habits.setdefault(sid, Counter())[label] += 1
                floor = fill.Floor(
                    due, floor_seats, frozen, skill_of,
                    {sid: fill.most_used(c) for sid, c in habits.items()}, floorplan.places,
                )  # fmt: skip
                placements, _standing, _overflows = fill.decide(floor, overflow=True)
                at = shift.window(day)[0].subtract(hours=1)
                by = rng.choice(chief_ids)
                by_no = {p.staff_no: p.staff_id for p in due}
                for p in placements:
                    sid = by_no[p.staff_no]
                    history.append((day, sid, p.label))
                    assignments.append({"day": day, "shift_id": shift.id, "seat_id": seat_ids[p.label],
                                        "staff_id": sid, "assigned_at": at, "assigned_by": by})  # fmt: skip
        s.execute(sa.insert(SeatAssignment), assignments)
        tx.audit("demo.plans", "database", "demo", None, {"assignments": len(assignments)})


def _demo_zones(floorplan: Floorplan) -> dict[str, list[str]]:
    """综合坐席 in A–C, each specialist group in its zone, the back office in D."""
    letters = {"综合坐席": "ABC", **SPECIALIST_ZONES}
    zones: dict[str, list[str]] = {}
    for group, *_ in GROUPS:
        mine = letters.get(group, "D")
        zones[group] = [label for label in floorplan.labels if label[0] in mine]
    return zones
