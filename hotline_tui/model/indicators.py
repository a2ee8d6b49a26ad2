"""The nine indicators (验收标准) the customer pays the last 10 % on, for a month or a quarter.

Four come from the desk's own records (fault reports, arrival, urgent issues,
and the replacement-response record beside them); the rest from monthly
figures entered from outside (the phone platform, QC sampling, exams). A
period without data has no rate: it is never shown as 0 % or 100 %.
"""

from __future__ import annotations

from dataclasses import dataclass

# Figures entered from outside: key, the name on the form and in CSV files.
FIGURES: tuple[tuple[str, str], ...] = (
    ("calls_offered", "人工服务呼入量"),
    ("calls_answered", "人工接通量"),
    ("exam_taken", "在职考试人次"),
    ("exam_passed", "考试合格人次"),
    ("accuracy_sampled", "解答抽检量"),
    ("accuracy_correct", "解答准确量"),
    ("transfers", "转接转办量"),
    ("transfers_ok", "及时准确转办量"),
    ("complaints", "有效投诉量"),
    ("calls_handled", "话务处理总量"),
    ("qc_sampled", "质检抽检量"),
    ("qc_passed", "质检合格量"),
)

FIGURE_NAMES = dict(FIGURES)

# (numerator, denominator): a numerator may never exceed its denominator.
PAIRS = (
    ("calls_answered", "calls_offered"),
    ("exam_passed", "exam_taken"),
    ("accuracy_correct", "accuracy_sampled"),
    ("transfers_ok", "transfers"),
    ("complaints", "calls_handled"),
    ("qc_passed", "qc_sampled"),
)


@dataclass(frozen=True)
class Value:
    numerator: int
    denominator: int

    @property
    def rate(self) -> float | None:
        return None if not self.denominator else self.numerator / self.denominator


@dataclass(frozen=True)
class Indicator:
    no: int
    name: str
    target: float
    period: str  # the period the contract judges it on: month or quarter
    source: str  # 系统记录 or 外部录入
    lower_is_better: bool = False
    figures: tuple[str, str] | None = None  # entered: (numerator, denominator) keys

    @property
    def target_text(self) -> str:
        if self.target == 1:
            return "100%"
        # Words, not ≥ and ≤: those are ambiguous-width in CJK terminals.
        sign = "不高于" if self.lower_is_better else "不低于"
        return f"{sign} {percent(self.target, self.lower_is_better)}"

    def met(self, value: Value) -> bool | None:
        rate = value.rate
        if rate is None:
            return None
        return rate <= self.target if self.lower_is_better else rate >= self.target


def percent(rate: float, fine: bool = False) -> str:
    """95.2%, or 0.021% for the complaint rate, whose target is three in ten thousand."""
    return f"{rate:.3%}" if fine else f"{rate:.1%}"


INDICATORS: tuple[Indicator, ...] = (
    Indicator(1, "人工接通率", 0.95, "quarter", "外部录入", figures=("calls_answered", "calls_offered")),
    Indicator(2, "系统故障上报及时率", 1.0, "month", "系统记录"),
    Indicator(3, "在职考试合格率", 0.95, "month", "外部录入", figures=("exam_passed", "exam_taken")),
    Indicator(4, "人员到达率", 0.90, "quarter", "系统记录"),
    Indicator(5, "业务解答准确率", 0.95, "month", "外部录入", figures=("accuracy_correct", "accuracy_sampled")),
    Indicator(6, "时效性问题处置及时率", 1.0, "month", "系统记录"),
    Indicator(7, "转接转办及时准确率", 0.95, "month", "外部录入", figures=("transfers_ok", "transfers")),
    Indicator(8, "有效投诉率", 0.0003, "month", "外部录入", lower_is_better=True, figures=("complaints", "calls_handled")),
    Indicator(9, "质检合格率", 0.95, "month", "外部录入", figures=("qc_passed", "qc_sampled")),
)  # fmt: skip

REPLACEMENT_NAME = "撤换响应（3 个工作日内）"
