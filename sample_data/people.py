"""Made-up consumers, duty staff and businesses for the demo city."""

from __future__ import annotations

import random

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红鹏飞斌浩宇欣怡子轩梓涵雨桐一诺晨阳思远佳琪建国建华志强海燕丽娟晓东文博"

BRANDS = (
    "恒达",
    "鑫源",
    "佳美",
    "诚信",
    "百佳",
    "华联",
    "好又多",
    "优品",
    "悦享",
    "乐购",
    "星辰",
    "天成",
    "瑞丰",
    "金鼎",
    "万家",
    "新世纪",
    "名品",
    "安居",
    "宏图",
    "顺发",
    "创维",
    "华美",
)
TRADES = {
    "家用电子电器": ("电器", "数码科技"),
    "装饰装修材料": ("建材", "装饰工程"),
    "服装鞋帽": ("服饰", "鞋业"),
    "交通工具": ("汽车销售服务", "电动车"),
    "食品": ("食品", "生鲜超市"),
    "预付式消费": ("健身", "美容美发", "教育培训"),
    "医疗服务": ("口腔门诊", "医疗美容"),
    "电信宽带": ("通信服务", "网络科技"),
    "有线电视": ("广电网络",),
    "房屋": ("房地产开发", "物业服务"),
    "水电气": ("燃气", "供水"),
    "网络购物": ("电子商务", "网络科技"),
    "金融服务": ("小额贷款", "保险代理"),
}
CATEGORY_WEIGHTS = {
    "网络购物": 20,
    "预付式消费": 14,
    "家用电子电器": 11,
    "食品": 10,
    "服装鞋帽": 8,
    "交通工具": 7,
    "电信宽带": 6,
    "装饰装修材料": 6,
    "医疗服务": 5,
    "房屋": 4,
    "水电气": 3,
    "金融服务": 3,
    "有线电视": 3,
}


def person(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    return rng.choice(SURNAMES) + given


def phone(rng: random.Random) -> str:
    prefix = rng.choice(("13", "15", "18", "17", "19"))
    return f"{prefix}{rng.randrange(10**9):09d}"


def business(rng: random.Random, category: str) -> str:
    trade = rng.choice(TRADES[category])
    return f"杭州{rng.choice(BRANDS)}{trade}有限公司"
