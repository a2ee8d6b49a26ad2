"""Rota and attendance (排班 · 考勤): the arrival rule, boards, rates, swaps."""
