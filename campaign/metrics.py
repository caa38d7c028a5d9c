"""Plan metrics (计划目标指标): codes, Chinese names, units and where each one's actual comes from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    code: str
    name: str
    unit: str
    source: str  # sites, tallies, complaints or progress
    rate: bool = False


METRICS: dict[str, Metric] = {
    m.code: m
    for m in (
        Metric("events", "宣传咨询活动", "场", "sites"),
        Metric("staff", "参加工作人员", "人次", "tallies"),
        Metric("consultations", "现场咨询", "人次", "tallies"),
        Metric("materials", "发放宣传资料", "份", "tallies"),
        Metric("complaints_closed", "办结投诉举报", "件", "complaints"),
        Metric("closure_rate", "办结率", "%", "complaints", rate=True),
        Metric("recovered", "挽回经济损失", "元", "complaints"),
        Metric("inspections", "市场检查", "次", "progress"),
        Metric("quality_checks", "商品质量抽检", "批次", "progress"),
        Metric("trainings", "培训", "场", "progress"),
        Metric("warnings", "消费警示", "期", "progress"),
        Metric("stations", "新建维权服务站", "个", "progress"),
    )
}
PROGRESS_METRICS = tuple(code for code, m in METRICS.items() if m.source == "progress")


def metric_code(text: str) -> str | None:
    """A metric named by its code or its Chinese name (a unit in brackets is tolerated)."""
    wanted = text.strip().split("（")[0].split("(")[0].strip()
    for code, metric in METRICS.items():
        if wanted in (code, metric.name):
            return code
    return None
