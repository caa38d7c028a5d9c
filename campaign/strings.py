"""The one catalogue of user-facing text. Chinese first; another language is another dict."""

from __future__ import annotations

import os

ZH: dict[str, str] = {
    # Application
    "app.title": "3·15 消费维权指挥中心",
    "app.demo_clock": "演示时钟",
    "app.db_unreachable": "数据库暂时无法连接，以下为 {time} 的数据。",
    "app.db_unreachable_never": "数据库暂时无法连接，尚无可显示的数据。",
    "app.error": "页面出错，请稍后刷新；如持续出现请联系管理员。",
    "app.no_campaign": "尚未初始化活动。请先运行 python -m campaign init。",
    "app.data_as_of": "数据时间 {time}",
    # Navigation
    "nav.overview": "总览",
    # Overview tiles
    "overview.heading": "{campaign} · {theme}",
    "overview.today_received": "今日受理诉求",
    "overview.last_hour": "最近一小时",
    "overview.open_cases": "在办案件",
    "overview.overdue_cases": "超期案件",
    "overview.uncovered_now": "当前无人值班单位",
    "overview.live_sites": "正在进行的活动点",
    "overview.materials": "累计发放资料（份）",
    "overview.clock": "北京时间",
    "overview.campaign_day": "3·15 活动第 {n} 天",
    "overview.campaign_before": "距活动开始 {n} 天",
    "overview.campaign_after": "活动已结束",
    "overview.outside_duty": "不在值班时段",
    "overview.uncovered_list": "无人值班：{names}",
    "overview.vs_yesterday": "较昨日同时段 {delta:+,}",
    # Enumerations
    "level.city": "市局",
    "level.district": "区县局",
    "level.station": "所",
    "kind.complaint": "投诉",
    "kind.report": "举报",
    "kind.consultation": "咨询",
    "channel.hotline": "12315热线",
    "channel.platform": "12315平台",
    "channel.onsite": "现场",
    "channel.visit": "来信来访",
    "channel.gala": "晚会转办",
    "channel.media": "媒体",
    "channel.other": "其他",
    "status.pending": "待受理",
    "status.accepted": "已受理",
    "status.handling": "办理中",
    "status.closed": "已办结",
    "status.rejected": "不予受理",
    "outcome.mediated": "调解成功",
    "outcome.failed": "调解不成功",
    "outcome.filed": "转立案",
    "outcome.withdrawn": "撤回",
    "outcome.other": "其他",
    "role.leader": "带班领导",
    "role.duty": "值班员",
    "role.emergency": "应急队员",
    # Import
    "import.kind.offices": "单位",
    "import.kind.complaints": "12315 诉求",
    "import.kind.shifts": "值班表",
    "import.kind.sites": "活动点",
    "import.kind.tallies": "活动点统计",
    "import.kind.targets": "计划目标",
    "import.kind.progress": "进度填报",
    "import.rejected": "文件 {file} 未导入：{count} 行有误，数据库未作任何改动。",
    "import.row_error": "文件 {file} 第 {row} 行，列「{column}」：{reason}",
    "import.file_error": "文件 {file}：{reason}",
    "import.done": "文件 {file} 导入完成：共 {rows} 行，新增 {inserted} 条，更新 {updated} 条，未变 {unchanged} 条。",
    "import.progress": "正在导入 {file}：{done}/{total} 行",
    "import.err.not_found": "文件不存在",
    "import.err.unsupported": "不支持的文件类型（请使用 CSV 或 XLSX）",
    "import.err.encoding": "无法识别文件编码（支持 UTF-8、GBK、GB18030）",
    "import.err.unreadable": "文件无法读取：{detail}",
    "import.err.empty": "文件没有表头",
    "import.err.missing_columns": "缺少必填列：{columns}",
    "import.err.duplicate_column": "列「{column}」重复出现",
    "import.err.required": "必填，不能为空",
    "import.err.not_number": "「{value}」不是数字",
    "import.err.negative": "不能为负数：{value}",
    "import.err.not_integer": "应为整数：{value}",
    "import.err.bad_datetime": "「{value}」不是有效的日期时间",
    "import.err.bad_date": "「{value}」不是有效的日期",
    "import.err.bad_choice": "「{value}」不是可选值之一（{choices}）",
    "import.err.lon_range": "经度应在 73 到 136 之间（中国境内）：{value}",
    "import.err.lat_range": "纬度应在 3 到 54 之间（中国境内）：{value}",
    "import.err.unknown_office": "找不到单位「{value}」（请填写单位名称或单位编码）",
    "import.err.unknown_parent": "找不到上级单位编码「{value}」",
    "import.err.name_taken": "单位名称「{value}」已被单位编码 {other} 使用",
    "import.err.own_ancestor": "上级单位关系形成循环：{value}",
    "import.err.city_parent": "市局不应有上级单位",
    "import.err.needs_parent": "{level}必须填写上级单位编码",
    "import.err.end_before_start": "结束时间早于开始时间",
    "import.err.closed_before_received": "办结时间早于登记时间",
    "import.err.closed_needs_time": "处理状态为已办结时必须填写办结时间",
    "import.err.too_long": "内容过长（最多 {max} 个字符）",
    # CLI
    "cli.description": "3·15 消费维权指挥中心命令行",
    "cli.usage_error": "参数错误：{message}",
    "cli.help.db": "数据库地址（覆盖环境变量 DATABASE_URL）",
    "cli.help.init": "创建或升级数据库结构",
    "cli.help.sample": "生成演示城市数据",
    "cli.help.seed": "随机种子，相同种子生成相同数据",
    "cli.help.today": "演示数据围绕的“当前时刻”，如 2027-03-15T20:30",
    "cli.help.if_empty": "仅当数据库中还没有任何单位时才生成（不覆盖已有数据）",
    "cli.sample.kept": "数据库中已有数据，未生成演示城市。",
    "cli.help.import": "导入数据文件",
    "cli.help.kind": "数据类型",
    "cli.help.file": "CSV 或 XLSX 文件",
    "cli.help.export": "导出报表",
    "cli.help.feed": "实时演示数据推送",
    "cli.help.serve": "启动看板服务",
    "cli.init.done": "数据库已就绪：{url}（版本 {revision}）",
    "cli.sample.done": "演示城市已生成（种子 {seed}，演示时刻 {today}）：{summary}，用时 {seconds:.1f} 秒",
    "cli.sample.summary": "{offices} 个单位、{complaints} 条诉求、{shifts} 个班次、{sites} 个活动点、{tallies} 条统计、{targets} 项目标",
    "cli.not_available": "「{what}」尚未提供。",
    "cli.db_error": "数据库操作失败：{detail}",
}

CATALOGUES: dict[str, dict[str, str]] = {"zh": ZH}


def language() -> str:
    lang = os.environ.get("CAMPAIGN_LANG", "zh")
    return lang if lang in CATALOGUES else "zh"


def t(key: str, **values: object) -> str:
    """The text for `key` in the active language, with `values` filled in."""
    text = CATALOGUES[language()].get(key) or ZH[key]
    return text.format(**values) if values else text


def label(group: str, code: str) -> str:
    """The display label of an enumeration code, e.g. label("kind", "complaint") -> 投诉."""
    return t(f"{group}.{code}")
