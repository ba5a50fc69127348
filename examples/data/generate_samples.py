#!/usr/bin/env python3
"""Generates the sample relationship maps in examples/data/.

The people, org charts, relations, key events, trust evidence and
opportunities are written out by hand below; the routine contact history
around them (calls, WeChat messages, visits) is drawn from a seeded random
generator, so the output is the same on every run.

    python3 examples/data/generate_samples.py
    cargo run -p relmap --example export_samples

The first command writes manufacturing_cloud.json and
city_construction_tender.json. The second normalises them (the canonical
relmap/1 form) and writes the CSV folder beside each from the JSON, so JSON is
the source of truth and the CSV folders are never edited by hand.

Standard library only.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

# China Standard Time: interactions are recorded in local time.
CST_OFFSET = "+08:00"


class Rng:
    """Seeded randomness built only on random.random(), whose sequence is stable across Python versions."""

    def __init__(self, seed: int) -> None:
        self._r = random.Random(seed)

    def uniform(self) -> float:
        return self._r.random()

    def chance(self, p: float) -> bool:
        return self.uniform() < p

    def below(self, n: int) -> int:
        return min(int(self.uniform() * n), n - 1)

    def pick(self, items):
        return items[self.below(len(items))]

    def weighted(self, weights: dict):
        total = sum(weights.values())
        x = self.uniform() * total
        for key, w in weights.items():
            x -= w
            if x < 0:
                return key
        return key

    def normal(self, mean: float, sd: float) -> float:
        # Box-Muller with our own uniforms.
        u1 = max(self.uniform(), 1e-12)
        u2 = self.uniform()
        return mean + sd * math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def poisson(self, lam: float) -> int:
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= self.uniform()
            if p <= limit:
                return k
            k += 1


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def at(date: dt.date | str, hour: int = 10, minute: int = 0) -> str:
    if isinstance(date, str):
        date = day(date)
    return f"{date.isoformat()}T{hour:02d}:{minute:02d}:00{CST_OFFSET}"


def person(pid, name, title, department, reports_to=None, roles=(), *, stance=None, authority=None,
           openness=None, stance_toward=None, concerns=(), needs=(), channel=None) -> dict:
    p = {"id": pid, "name": name, "title": title, "department": department}
    if reports_to:
        p["reports_to"] = reports_to
    if roles:
        p["roles"] = sorted(roles)
    if authority is not None:
        p["authority"] = authority
    if openness is not None:
        p["openness"] = openness
    if stance is not None:
        p["stance"] = stance
    if stance_toward:
        p["stance_toward"] = dict(sorted(stance_toward.items()))
    if concerns:
        p["concerns"] = list(concerns)
    if needs:
        p["needs"] = list(needs)
    if channel:
        p["preferred_channel"] = channel
    return p


def relation(source, target, kind, strength, *, both=False, notes=None) -> dict:
    r = {"source": source, "target": target, "kind": kind, "strength": strength}
    if both:
        r["direction"] = "both"
    if notes:
        r["notes"] = notes
    return r


def event(when, channel, members, stakeholders, notes, *, sentiment=None, them=False) -> dict:
    x = {"at": when, "channel": channel, "members": list(members), "stakeholders": list(stakeholders)}
    if them:
        x["initiated_by"] = "them"
    if sentiment is not None:
        x["sentiment"] = sentiment
    x["notes"] = notes
    return x


def commitment(when, member, stakeholder, due, delivered, description) -> dict:
    e = {"kind": "commitment", "at": at(when, 18), "member": member, "stakeholder": stakeholder, "due": at(due, 18)}
    if delivered:
        e["delivered"] = at(delivered, 17)
    e["description"] = description
    return e


def signal(kind, when, member, stakeholder, positive, description) -> dict:
    return {"kind": kind, "at": at(when, 18), "member": member, "stakeholder": stakeholder,
            "positive": positive, "description": description}


def expertise(when, member, stakeholder, positive, description) -> dict:
    return signal("expertise_signal", when, member, stakeholder, positive, description)


def sincerity(when, member, stakeholder, positive, description) -> dict:
    return signal("sincerity_event", when, member, stakeholder, positive, description)


def assessments(when, member, ratings: dict) -> list:
    """ratings: stakeholder -> (relationship, professional, expertise, sincerity); None skips a pillar."""
    out = []
    for stakeholder, values in ratings.items():
        for pillar, rating in zip(("relationship", "professional", "expertise", "sincerity"), values):
            if rating is not None:
                out.append({"kind": "assessment", "at": at(when, 20), "member": member,
                            "stakeholder": stakeholder, "pillar": pillar, "rating": rating})
    return out


CHANNEL_WORDS = {
    "visit": "拜访", "meeting": "会议", "meal_or_event": "活动", "phone": "电话",
    "email": "邮件", "social": "微信",
}


def routine_contacts(rng: Rng, profiles: list, start: dt.date, end: dt.date, quiet: list, topics: dict,
                     scale: float = 1.0) -> list:
    """Draws the everyday contact history: for each profile, a Poisson number of contacts per week
    (`per_month` contacts a month on average, times `scale`)."""
    out = []
    for prof in profiles:
        first = day(prof.get("from", start.isoformat()))
        last = day(prof.get("until", end.isoformat()))
        week = first - dt.timedelta(days=first.weekday())
        while week <= last:
            for _ in range(rng.poisson(scale * prof["per_month"] * 7 / 30.4)):
                d = week + dt.timedelta(days=rng.below(5))
                if d < first or d > last or any(a <= d <= b for a, b in quiet):
                    continue
                channel = rng.weighted(prof["channels"])
                hour = 20 + rng.below(2) if channel == "social" and rng.chance(0.4) else 9 + rng.below(9)
                members = [rng.weighted(prof["members"])]
                stakeholders = [prof["id"]]
                extra = prof.get("with")
                if extra and rng.chance(0.25):
                    stakeholders.append(rng.pick(extra))
                sentiment = None
                if not rng.chance(0.12):
                    s = rng.normal(prof["mood"], 0.25)
                    sentiment = round(max(-1.0, min(1.0, s)), 1)
                topic = rng.pick(topics[prof["topics"]])
                out.append(event(at(d, hour, 30 * rng.below(2)), channel, members, stakeholders,
                                 f"{CHANNEL_WORDS[channel]}：{topic}", sentiment=sentiment,
                                 them=rng.chance(prof.get("them", 0.2))))
            week += dt.timedelta(days=7)
    return out


def number(items: list, prefix: str, width: int) -> list:
    for k, item in enumerate(items, 1):
        item_id = {"id": f"{prefix}{k:0{width}d}"}
        item_id.update(item)
        items[k - 1] = item_id
    return items


def document(account, people, relations, team, interactions, evidence, opportunities) -> dict:
    interactions.sort(key=lambda x: (x["at"], x["stakeholders"][0], x["channel"]))
    evidence.sort(key=lambda e: (e["at"], e["stakeholder"], e["kind"], e.get("pillar", "")))
    return {
        "format": "relmap/1",
        "account": account,
        "stakeholders": people,
        "relations": relations,
        "team": team,
        "interactions": number(interactions, "int_", 4),
        "evidence": number(evidence, "ev_", 3),
        "opportunities": opportunities,
    }


# ---------------------------------------------------------------------------
# Sample 1: a manufacturing group evaluating an industrial cloud platform.
# ---------------------------------------------------------------------------

def manufacturing_cloud() -> dict:
    rng = Rng(20251103)
    account = {
        "id": "hd_precision",
        "name": "华东精密制造集团有限公司",
        "industry": "manufacturing",
        "region": "华东（苏州）",
        "employees": 12800,
        "revenue": 18600000000.0,
        "segment": "strategic",
        "tags": ["汽车零部件", "工业互联网", "智改数转", "三厂上云"],
    }
    T, Q = "tengyun", "qingtian"  # 腾云科技 (general cloud) and 擎天数智 (MES-heritage industrial platform)
    people = [
        person("chairman", "陈国栋", "董事长", "董事会", None, ["economic_buyer"], authority=1.0, openness=0.3,
               stance=1, stance_toward={T: 0, Q: 2},
               concerns=["投资回报周期", "数字化不能影响订单交付"],
               needs=["集团智改数转标杆项目", "申报省级工业互联网示范"], channel="meeting"),
        person("president", "赵永康", "集团总裁", "总裁办", "chairman", ["decision_maker"], authority=0.8,
               openness=0.4, concerns=["三个工厂的推广节奏"], channel="meeting"),
        person("chairman_office_dir", "黄丽华", "董事长办公室主任", "董事长办公室", "chairman", ["gatekeeper"],
               stance=1, channel="phone"),
        person("audit_dir", "冯振宇", "审计监察部部长", "审计监察部", "chairman", ["gatekeeper"], stance=0,
               concerns=["采购流程合规", "供应商利益输送风险"]),
        person("legal_mgr", "许静", "法务部经理", "法务部", "president", concerns=["数据归属条款", "违约责任上限"],
               channel="email"),
        person("cfo", "钱雅琴", "财务总监", "财务部", "president", ["decision_maker"], authority=0.7, openness=0.4,
               stance=-1, stance_toward={T: 1, Q: 0},
               concerns=["三年总拥有成本", "订阅费用逐年上涨", "资本开支与费用化口径"],
               needs=["按季度付费", "可量化的降本指标"], channel="email"),
        person("cio", "林志远", "首席信息官", "信息中心", "president", ["champion", "decision_maker", "technical_buyer"],
               authority=0.7, openness=0.3, stance=4, stance_toward={T: 1, Q: -2},
               concerns=["老旧系统迁移风险"],
               needs=["年内建成集团云平台底座", "信息中心从成本中心转为赋能中心"], channel="visit"),
        person("vp_manufacturing", "孙建华", "生产副总裁", "生产运营中心", "president", ["decision_maker", "influencer"],
               authority=0.6, openness=0.2, stance=-3, stance_toward={T: -1, Q: 4},
               concerns=["上云影响产线稳定", "信息中心不懂生产"],
               needs=["设备数据实时采集不丢数", "现有MES不推倒重来"], channel="visit"),
        person("vp_supply_chain", "吴海燕", "供应链副总裁", "供应链管理中心", "president", ["influencer"], stance=0),
        person("vp_rnd", "郑晓峰", "研发副总裁", "技术中心", "president", ["influencer"], stance=2,
               stance_toward={T: 1, Q: 0}, needs=["仿真算力弹性扩展"]),
        person("it_infra_mgr", "高峰", "基础架构部经理", "信息中心", "cio", ["technical_buyer"], stance=2,
               stance_toward={T: 2, Q: -1}, concerns=["混合云网络打通", "运维人手不足"], channel="phone"),
        person("security_mgr", "曹磊", "信息安全部经理", "信息中心", "cio", ["technical_buyer"], authority=0.5,
               stance=-1, stance_toward={T: 1, Q: 0},
               concerns=["等保三级", "生产数据不出厂区", "供应商远程运维权限"], channel="email"),
        person("apps_mgr", "邓伟", "应用开发部经理", "信息中心", "cio", ["influencer"], stance=1),
        person("it_pmo_mgr", "杨帆", "项目管理办公室经理", "信息中心", "cio", ["coach"], stance=4,
               needs=["项目成功后争取信息中心副主任岗位"], channel="social"),
        person("data_mgr", "蒋楠", "数据管理部经理", "信息中心", "cio", ["user_buyer"], stance=3),
        person("budget_mgr", "唐明", "预算管理部经理", "财务部", "cfo", ["influencer"], stance=0,
               concerns=["预算按去年口径编制"]),
        person("fin_shared_mgr", "朱红", "财务共享中心经理", "财务部", "cfo", ["user_buyer"]),
        person("procurement_dir", "韩冬", "采购总监", "采购部", "vp_supply_chain", ["purchaser"], authority=0.3,
               stance=0, stance_toward={T: 1, Q: 1}, concerns=["至少三家比价", "付款条件"]),
        person("procurement_mgr", "罗琳", "IT采购经理", "采购部", "procurement_dir", ["purchaser"], stance=1,
               channel="email"),
        person("plant1_director", "马国强", "苏州一厂厂长", "苏州一厂", "vp_manufacturing", ["influencer", "user_buyer"],
               stance=-2, stance_toward={Q: 3}, concerns=["改造期间停线风险"]),
        person("plant2_director", "刘卫东", "常州二厂厂长", "常州二厂", "vp_manufacturing", ["champion", "user_buyer"],
               stance=3, stance_toward={T: 0, Q: 0}, needs=["二厂OEE提升5个百分点"], channel="visit"),
        person("plant3_director", "谢志刚", "南通三厂厂长", "南通三厂", "vp_manufacturing", ["user_buyer"]),
        person("equipment_dir", "梁勇", "设备动力部部长", "生产运营中心", "vp_manufacturing", ["influencer", "user_buyer"],
               stance=-1, concerns=["老旧设备协议杂，接入难"]),
        person("quality_dir", "彭丽", "质量管理部部长", "生产运营中心", "vp_manufacturing", ["user_buyer"], stance=1,
               needs=["质量追溯到批次"]),
        person("plant1_workshop_mgr", "胡斌", "一厂机加车间主任", "苏州一厂", "plant1_director", ["user_buyer"], stance=-1),
        person("plant1_mes_admin", "钟晓", "一厂MES管理员", "苏州一厂", "plant1_director", ["user_buyer"], stance=0),
        person("plant2_workshop_mgr", "袁刚", "二厂总装车间主任", "常州二厂", "plant2_director", ["user_buyer"], stance=2),
        person("plant2_equipment_eng", "董立新", "二厂设备工程师", "常州二厂", "plant2_director", ["user_buyer"], stance=2),
        person("plant3_workshop_mgr", "潘军", "三厂冲压车间主任", "南通三厂", "plant3_director", ["user_buyer"]),
        person("cloud_engineer", "陆云飞", "云平台工程师", "信息中心", "it_infra_mgr", ["influencer"], stance=3,
               channel="social"),
        person("network_engineer", "于洋", "网络工程师", "信息中心", "it_infra_mgr", stance=1),
        person("sec_engineer", "贾琦", "安全工程师", "信息中心", "security_mgr", stance=0),
        person("mes_owner", "程亮", "MES系统负责人", "信息中心", "apps_mgr", ["influencer", "user_buyer"], stance=-1,
               stance_toward={Q: 2}),
        person("data_engineer", "方圆", "数据工程师", "信息中心", "data_mgr", stance=2),
        person("rnd_digital_lead", "魏宁", "数字化研究所所长", "技术中心", "vp_rnd", ["influencer"], stance=2),
    ]
    relations = [
        relation("vp_manufacturing", "chairman", "influences", 0.8, notes="老战友，董事长最信任的业务干将"),
        relation("cfo", "chairman", "influences", 0.7),
        relation("president", "chairman", "influences", 0.7),
        relation("cio", "chairman", "influences", 0.4),
        relation("chairman_office_dir", "chairman", "informs", 0.5),
        relation("audit_dir", "chairman", "influences", 0.4),
        relation("cio", "president", "influences", 0.6),
        relation("vp_rnd", "president", "influences", 0.5),
        relation("legal_mgr", "president", "informs", 0.4),
        relation("president", "cfo", "ally", 0.6, both=True),
        relation("vp_manufacturing", "cio", "conflict", 0.7, both=True, notes="生产口与信息中心长期争夺数字化主导权"),
        relation("vp_manufacturing", "president", "conflict", 0.3, both=True),
        relation("vp_manufacturing", "vp_supply_chain", "ally", 0.5, both=True),
        relation("cfo", "procurement_dir", "ally", 0.6, both=True),
        relation("vp_supply_chain", "cfo", "influences", 0.4),
        relation("budget_mgr", "cfo", "informs", 0.5),
        relation("budget_mgr", "procurement_mgr", "informs", 0.3),
        relation("procurement_mgr", "procurement_dir", "informs", 0.6),
        relation("it_pmo_mgr", "cio", "informs", 0.7),
        relation("it_infra_mgr", "cio", "influences", 0.6),
        relation("security_mgr", "cio", "influences", 0.6),
        relation("data_mgr", "cio", "influences", 0.5),
        relation("cloud_engineer", "it_infra_mgr", "influences", 0.6),
        relation("security_mgr", "audit_dir", "ally", 0.5, both=True),
        relation("apps_mgr", "security_mgr", "conflict", 0.3, both=True),
        relation("mes_owner", "apps_mgr", "influences", 0.5),
        relation("mes_owner", "plant1_mes_admin", "ally", 0.6, both=True),
        relation("mes_owner", "vp_manufacturing", "informs", 0.4),
        relation("plant1_director", "vp_manufacturing", "influences", 0.6),
        relation("plant2_director", "vp_manufacturing", "influences", 0.3),
        relation("plant3_director", "vp_manufacturing", "influences", 0.4),
        relation("equipment_dir", "vp_manufacturing", "influences", 0.5),
        relation("quality_dir", "vp_manufacturing", "influences", 0.4),
        relation("plant2_director", "cio", "ally", 0.6, both=True, notes="二厂是信息化试点厂"),
        relation("plant1_director", "plant2_director", "conflict", 0.4, both=True, notes="争技改资金"),
        relation("equipment_dir", "plant1_director", "ally", 0.5, both=True),
        relation("plant1_workshop_mgr", "plant1_director", "influences", 0.5),
        relation("plant2_equipment_eng", "equipment_dir", "informs", 0.4),
        relation("plant2_workshop_mgr", "plant2_director", "influences", 0.5),
        relation("rnd_digital_lead", "vp_rnd", "influences", 0.6),
        relation("rnd_digital_lead", "data_mgr", "ally", 0.5, both=True),
        relation("data_engineer", "data_mgr", "informs", 0.4),
        relation("quality_dir", "data_mgr", "informs", 0.3),
    ]
    team = [
        {"id": "am", "name": "周立", "role": "account_manager", "title": "大客户经理"},
        {"id": "architect", "name": "林浩", "role": "solution_architect", "title": "解决方案架构师"},
        {"id": "presales", "name": "何佳", "role": "presales_engineer", "title": "售前工程师"},
        {"id": "exec_sponsor", "name": "宋文涛", "role": "executive_sponsor", "title": "华东区副总裁"},
        {"id": "delivery_mgr", "name": "郭敏", "role": "delivery_manager", "title": "交付经理"},
    ]
    key_events = [
        event(at("2025-11-06", 10), "visit", ["am"], ["it_pmo_mgr"], "初次拜访信息中心，了解集团数字化规划", sentiment=0.4),
        event(at("2025-11-12", 14), "meeting", ["am", "architect"], ["cio", "it_pmo_mgr"],
              "CIO介绍三厂上云设想，希望年底前形成方案", sentiment=0.6),
        event(at("2025-11-26", 9, 30), "meeting", ["architect", "presales"], ["it_infra_mgr", "cloud_engineer", "security_mgr"],
              "现状调研：机房、网络与安全", sentiment=0.3),
        event(at("2025-12-04", 15), "visit", ["exec_sponsor", "am"], ["president", "cio"],
              "高层拜访：总裁听取介绍，未明确表态"),
        event(at("2025-12-10", 9), "meeting", ["am", "architect"], ["cio", "vp_manufacturing", "plant1_director", "it_pmo_mgr"],
              "需求研讨会：生产口对上云顾虑较大", sentiment=-0.3),
        event(at("2025-12-18", 18, 30), "meal_or_event", ["exec_sponsor", "am"], ["chairman", "cio"],
              "年度供应商交流会，董事长致辞后简短交流", sentiment=0.3),
        event(at("2026-01-08", 10), "visit", ["am"], ["cfo", "budget_mgr"], "沟通2026年预算编制口径", sentiment=0.0),
        event(at("2026-01-20", 14), "meeting", ["am", "architect"], ["cio", "it_pmo_mgr", "data_mgr", "apps_mgr"],
              "梳理决策流程：信息中心立项、总裁办公会、董事会审批", sentiment=0.5),
        event(at("2026-03-12", 16), "phone", ["am"], ["budget_mgr"], "预算管理部确认云平台一期预算已列入年度预算",
              sentiment=0.4, them=True),
        event(at("2026-03-25", 10), "visit", ["am", "architect"], ["plant2_director"], "二厂厂长同意作为PoC试点",
              sentiment=0.7),
        event(at("2026-04-16", 9, 30), "meeting", ["am", "architect", "presales", "exec_sponsor"],
              ["cio", "vp_manufacturing", "cfo", "it_infra_mgr", "security_mgr", "plant2_director", "vp_rnd"],
              "方案汇报会（总裁出差未出席）", sentiment=0.3),
        event(at("2026-05-08", 19), "meal_or_event", ["exec_sponsor", "architect"], ["cio", "vp_rnd"],
              "智能制造峰会晚宴", sentiment=0.6),
        event(at("2026-05-20", 9), "visit", ["presales", "delivery_mgr"],
              ["plant2_director", "plant2_workshop_mgr", "plant2_equipment_eng", "network_engineer"],
              "PoC启动：二厂总装线设备接入", sentiment=0.4),
        event(at("2026-06-15", 14), "meeting", ["presales", "architect"], ["plant2_equipment_eng", "cloud_engineer"],
              "PoC中期检查：PLC协议适配问题", sentiment=-0.2),
        event(at("2026-07-02", 10), "visit", ["am"], ["vp_manufacturing"],
              "拜访生产副总裁，对方坚持擎天方案与现有MES一体化", sentiment=-0.6),
        event(at("2026-08-05", 14), "meeting", ["architect", "presales", "delivery_mgr", "am"],
              ["cio", "plant2_director", "it_infra_mgr", "security_mgr", "plant2_workshop_mgr"],
              "PoC验收评审：数据采集完整率99.6%，通过", sentiment=0.7),
        event(at("2026-08-20", 15), "meeting", ["am"], ["cfo"], "TCO复核会，CFO对三年费用仍有疑虑", sentiment=-0.3),
        event(at("2026-09-01", 11), "email", ["am"], ["procurement_mgr"], "收到采购部询价函", sentiment=0.2, them=True),
        event(at("2026-09-18", 17), "email", ["am"], ["procurement_dir", "procurement_mgr"], "正式提交技术及商务建议书",
              sentiment=0.1),
        event(at("2026-10-22", 14), "meeting", ["am", "architect"], ["procurement_dir", "procurement_mgr", "cio"],
              "澄清会：采购部要求补充分项报价", sentiment=0.1),
        event(at("2026-11-05", 21), "social", ["am"], ["it_pmo_mgr"], "线人提醒：生产副总裁向董事长推荐擎天",
              sentiment=0.3, them=True),
        event(at("2026-11-10", 10), "visit", ["exec_sponsor", "am"], ["cio"], "与CIO商议如何争取董事长支持",
              sentiment=0.5),
    ]
    topics = {
        "it": ["云平台架构", "混合云网络方案", "容器平台选型", "数据中台规划", "灾备方案", "迁移计划", "运维模式"],
        "security": ["等保三级要求", "数据本地化", "安全域划分", "远程运维审计"],
        "plant": ["设备联网现状", "MES数据采集", "OEE看板需求", "PoC进展", "产线停机窗口"],
        "finance": ["三年TCO测算", "预算编制", "付款方式", "费用分摊"],
        "procurement": ["采购流程", "比价要求", "供应商入围", "合同模板"],
        "rnd": ["仿真算力", "研发数据管理", "数字孪生"],
        "coach": ["内部动态", "汇报材料修改", "各部门态度", "决策时间表", "项目周报"],
    }
    tech = {"architect": 4, "presales": 4, "am": 1}
    profiles = [
        {"id": "cio", "per_month": 2.2, "members": {"am": 5, "architect": 3, "exec_sponsor": 1}, "mood": 0.5,
         "them": 0.35, "channels": {"visit": 3, "meeting": 3, "phone": 2, "social": 2, "email": 1}, "topics": "it",
         "with": ["it_pmo_mgr", "it_infra_mgr", "data_mgr"]},
        {"id": "it_pmo_mgr", "per_month": 2.6, "members": {"am": 8, "presales": 1}, "mood": 0.6, "them": 0.5,
         "channels": {"social": 5, "phone": 3, "visit": 2, "meal_or_event": 1}, "topics": "coach"},
        {"id": "it_infra_mgr", "per_month": 1.4, "members": tech, "mood": 0.4, "them": 0.3,
         "channels": {"meeting": 3, "phone": 2, "email": 2, "social": 1}, "topics": "it", "with": ["cloud_engineer"]},
        {"id": "cloud_engineer", "per_month": 1.3, "from": "2026-02-01", "members": {"presales": 5, "architect": 2},
         "mood": 0.5, "them": 0.4, "channels": {"social": 4, "meeting": 2, "phone": 1}, "topics": "it"},
        {"id": "security_mgr", "per_month": 0.7, "members": {"architect": 4, "am": 1}, "mood": 0.0, "them": 0.1,
         "channels": {"meeting": 2, "email": 3, "phone": 1}, "topics": "security", "with": ["sec_engineer"]},
        {"id": "sec_engineer", "per_month": 0.35, "from": "2026-03-01", "members": {"presales": 1}, "mood": 0.2,
         "channels": {"email": 2, "social": 1}, "topics": "security"},
        {"id": "data_mgr", "per_month": 1.0, "members": tech, "mood": 0.5, "them": 0.3,
         "channels": {"meeting": 3, "phone": 1, "email": 1, "social": 1}, "topics": "it"},
        {"id": "data_engineer", "per_month": 0.6, "from": "2026-04-01", "members": {"presales": 1}, "mood": 0.4,
         "channels": {"social": 2, "meeting": 1}, "topics": "it"},
        {"id": "apps_mgr", "per_month": 0.7, "members": tech, "mood": 0.2,
         "channels": {"meeting": 2, "email": 2, "phone": 1}, "topics": "it", "with": ["mes_owner"]},
        {"id": "mes_owner", "per_month": 0.4, "members": tech, "mood": -0.2, "channels": {"meeting": 2, "email": 1},
         "topics": "plant"},
        {"id": "network_engineer", "per_month": 0.6, "from": "2026-05-01", "until": "2026-08-31",
         "members": {"presales": 1}, "mood": 0.3, "channels": {"phone": 2, "social": 2}, "topics": "it"},
        {"id": "plant2_director", "per_month": 1.4, "from": "2026-03-01", "members": {"am": 3, "delivery_mgr": 2, "presales": 1},
         "mood": 0.5, "them": 0.3, "channels": {"visit": 3, "phone": 2, "social": 1}, "topics": "plant"},
        {"id": "plant2_workshop_mgr", "per_month": 1.6, "from": "2026-05-15", "until": "2026-09-15",
         "members": {"delivery_mgr": 3, "presales": 2}, "mood": 0.4, "them": 0.2,
         "channels": {"visit": 3, "phone": 2, "social": 2}, "topics": "plant"},
        {"id": "plant2_equipment_eng", "per_month": 1.6, "from": "2026-05-15", "until": "2026-09-15",
         "members": {"presales": 3, "delivery_mgr": 1}, "mood": 0.3, "them": 0.3,
         "channels": {"visit": 2, "social": 3, "phone": 1}, "topics": "plant"},
        {"id": "plant1_director", "per_month": 0.3, "members": {"am": 1}, "mood": -0.3, "channels": {"visit": 2, "phone": 1},
         "topics": "plant"},
        {"id": "plant1_workshop_mgr", "per_month": 0.25, "members": {"presales": 1}, "mood": -0.1,
         "channels": {"visit": 1}, "topics": "plant"},
        {"id": "plant1_mes_admin", "per_month": 0.25, "members": {"presales": 1}, "mood": 0.0,
         "channels": {"visit": 1, "email": 1}, "topics": "plant"},
        {"id": "equipment_dir", "per_month": 0.35, "members": {"am": 1, "presales": 1}, "mood": -0.2,
         "channels": {"visit": 2, "meeting": 1}, "topics": "plant"},
        {"id": "quality_dir", "per_month": 0.3, "members": {"am": 1}, "mood": 0.2, "channels": {"visit": 1, "phone": 1},
         "topics": "plant"},
        {"id": "vp_manufacturing", "per_month": 0.3, "members": {"am": 3, "exec_sponsor": 1}, "mood": -0.4, "them": 0.0,
         "channels": {"visit": 2, "phone": 1}, "topics": "plant"},
        {"id": "cfo", "per_month": 0.6, "from": "2025-12-01", "until": "2026-08-19", "members": {"am": 1}, "mood": -0.1,
         "them": 0.05, "channels": {"email": 3, "visit": 1, "phone": 1}, "topics": "finance"},
        {"id": "budget_mgr", "per_month": 0.8, "members": {"am": 1}, "mood": 0.2, "them": 0.2,
         "channels": {"phone": 2, "email": 2, "visit": 1}, "topics": "finance"},
        {"id": "fin_shared_mgr", "per_month": 0.15, "members": {"am": 1}, "mood": 0.1, "channels": {"email": 1},
         "topics": "finance"},
        {"id": "procurement_dir", "per_month": 0.6, "from": "2026-06-01", "members": {"am": 1}, "mood": 0.0,
         "channels": {"meeting": 1, "phone": 1, "email": 1}, "topics": "procurement"},
        {"id": "procurement_mgr", "per_month": 1.2, "from": "2026-06-01", "members": {"am": 1}, "mood": 0.3,
         "them": 0.4, "channels": {"email": 3, "phone": 2, "social": 1}, "topics": "procurement"},
        {"id": "vp_supply_chain", "per_month": 0.12, "members": {"am": 1}, "mood": 0.0, "channels": {"visit": 1},
         "topics": "procurement"},
        {"id": "vp_rnd", "per_month": 0.4, "members": {"architect": 1, "am": 1}, "mood": 0.4,
         "channels": {"meeting": 1, "phone": 1}, "topics": "rnd"},
        {"id": "rnd_digital_lead", "per_month": 0.8, "members": {"architect": 2, "presales": 1}, "mood": 0.5,
         "them": 0.3, "channels": {"meeting": 2, "social": 2, "email": 1}, "topics": "rnd"},
    ]
    # Spring Festival and National Day weeks are quiet.
    quiet = [(day("2026-02-14"), day("2026-02-23")), (day("2026-10-01"), day("2026-10-07"))]
    interactions = key_events + routine_contacts(rng, profiles, day("2025-11-03"), day("2026-11-13"), quiet, topics)
    # Two touch points with people otherwise never met, so the gaps look real.
    interactions.append(event(at("2026-05-11", 11), "email", ["am"], ["chairman_office_dir"],
                              "请求安排董事长会见，对方答复另行通知", sentiment=0.0))
    interactions.append(event(at("2026-10-26", 15), "email", ["am"], ["legal_mgr"], "发送合同范本供法务预审"))

    evidence = [
        commitment("2025-11-12", "am", "cio", "2025-11-30", "2025-11-27", "提交集团云平台初步架构建议"),
        commitment("2025-11-26", "architect", "it_infra_mgr", "2025-12-15", "2025-12-12", "混合云网络拓扑方案"),
        commitment("2026-01-08", "am", "cfo", "2026-01-31", "2026-02-26", "三年TCO测算模型"),
        commitment("2026-02-10", "architect", "security_mgr", "2026-03-15", None, "等保三级合规映射及第三方测评报告"),
        commitment("2026-03-12", "am", "budget_mgr", "2026-03-31", "2026-03-30", "分年度付款计划"),
        commitment("2026-03-25", "presales", "plant2_director", "2026-04-30", "2026-04-28", "PoC测试方案与验收标准"),
        commitment("2026-04-20", "architect", "data_mgr", "2026-05-15", "2026-05-14", "数据中台对接方案"),
        commitment("2026-05-20", "delivery_mgr", "plant2_director", "2026-08-01", "2026-07-30", "PoC数据看板上线"),
        commitment("2026-06-15", "presales", "plant2_equipment_eng", "2026-06-30", "2026-07-10", "西门子S7与三菱PLC协议适配补丁"),
        commitment("2026-07-02", "am", "vp_manufacturing", "2026-07-31", None, "安排参观同行业灯塔工厂"),
        commitment("2026-10-22", "am", "procurement_mgr", "2026-11-20", None, "补充分项报价明细"),
        commitment("2026-11-10", "exec_sponsor", "cio", "2026-12-10", None, "安排我方总裁与董事长会面"),
        expertise("2025-11-12", "architect", "cio", True, "现场白板推演混合云架构，CIO认可"),
        expertise("2025-12-12", "architect", "it_infra_mgr", True, "网络方案被基础架构部采纳"),
        expertise("2026-02-26", "presales", "cloud_engineer", True, "容器平台实操演示"),
        expertise("2026-04-16", "architect", "security_mgr", False, "汇报会上对等保条款回答不准确"),
        expertise("2026-05-08", "architect", "vp_rnd", True, "分享汽车零部件仿真上云案例"),
        expertise("2026-05-14", "architect", "data_mgr", True, "数据中台对接方案获认可"),
        expertise("2026-06-15", "presales", "plant2_equipment_eng", False, "PoC初期不熟悉PLC协议，数据断点"),
        expertise("2026-07-30", "delivery_mgr", "plant2_workshop_mgr", True, "OEE看板贴合车间实际"),
        expertise("2026-08-05", "presales", "plant2_director", True, "PoC数据采集完整率99.6%"),
        expertise("2026-08-20", "am", "cfo", False, "对订阅费用的会计处理解释不清"),
        sincerity("2026-01-15", "am", "it_pmo_mgr", True, "主动指出其内部汇报材料中的数据口径错误"),
        sincerity("2026-05-08", "exec_sponsor", "cio", True, "坦言一期不建议上AI平台，先打牢底座"),
        sincerity("2026-06-20", "delivery_mgr", "plant2_director", True, "PoC期间无偿派驻工程师两周"),
        sincerity("2026-07-02", "am", "vp_manufacturing", False, "对方认为我方绕开生产口直接找信息中心"),
        sincerity("2026-08-20", "am", "cfo", False, "复核会上推销额外灾备模块，CFO反感"),
        sincerity("2026-09-01", "am", "procurement_mgr", True, "如实说明交付周期，不夸大承诺"),
    ]
    evidence += assessments("2026-05-31", "am", {
        "cio": (7, 7, 8, 7), "it_pmo_mgr": (8, 7, 6, 8), "cfo": (3, 4, 5, None),
        "vp_manufacturing": (2, None, 3, 3), "plant2_director": (6, 7, 7, 7), "security_mgr": (4, 3, 4, 5),
        "chairman": (2, None, None, None),
    })
    evidence += assessments("2026-10-31", "am", {
        "cio": (8, 8, 8, 8), "it_pmo_mgr": (9, 8, 7, 8), "cfo": (3, 4, 4, 3),
        "vp_manufacturing": (2, 2, 3, 2), "plant2_director": (8, 8, 9, 8), "security_mgr": (4, 2, 5, 5),
        "chairman": (2, None, None, None),
    })
    opportunity = {
        "id": "hd_cloud_2026",
        "name": "集团工业互联网云平台（一期）",
        "amount": 28600000.0,
        "competitors": [T, Q],
        "declared_stage": "negotiation",
        "milestones": [
            {"key": "need_identified", "at": "2025-12-10"},
            {"key": "decision_process_mapped", "at": "2026-01-20"},
            {"key": "budget_confirmed", "at": "2026-03-12"},
            {"key": "solution_presented", "at": "2026-04-16"},
            {"key": "poc_passed", "at": "2026-08-05"},
            {"key": "proposal_submitted", "at": "2026-09-18"},
        ],
        "criteria": [
            {"id": "tco", "name": "三年总拥有成本",
             "weights": {"cfo": 0.5, "budget_mgr": 0.6, "procurement_dir": 0.5, "chairman": 0.3, "president": 0.2}},
            {"id": "ot_integration", "name": "设备接入与MES集成",
             "weights": {"vp_manufacturing": 0.5, "plant1_director": 0.4, "plant2_director": 0.4,
                         "equipment_dir": 0.5, "mes_owner": 0.6, "cio": 0.2}},
            {"id": "security_compliance", "name": "安全合规（等保三级、数据本地化）",
             "weights": {"security_mgr": 0.6, "audit_dir": 0.5, "cio": 0.2, "legal_mgr": 0.5}},
            {"id": "platform_openness", "name": "平台开放性与生态",
             "weights": {"cio": 0.3, "it_infra_mgr": 0.5, "data_mgr": 0.5, "vp_rnd": 0.5}},
            {"id": "local_delivery", "name": "本地交付与服务能力",
             "weights": {"president": 0.4, "cio": 0.3, "plant2_director": 0.4, "plant1_director": 0.3}},
            {"id": "industry_references", "name": "汽车零部件行业案例",
             "weights": {"chairman": 0.5, "vp_manufacturing": 0.4, "president": 0.3}},
        ],
        "vendor_scores": {
            "us": {"tco": 6, "ot_integration": 6, "security_compliance": 7, "platform_openness": 9,
                   "local_delivery": 7, "industry_references": 5},
            T: {"tco": 8, "ot_integration": 5, "security_compliance": 7, "platform_openness": 7,
                "local_delivery": 6, "industry_references": 6},
            Q: {"tco": 6, "ot_integration": 9, "security_compliance": 6, "platform_openness": 5,
                "local_delivery": 8, "industry_references": 8},
        },
    }
    return document(account, people, relations, team, interactions, evidence, [opportunity])


# ---------------------------------------------------------------------------
# Sample 2: a city-government construction tender (招投标).
# ---------------------------------------------------------------------------

def city_construction_tender() -> dict:
    rng = Rng(20260302)
    account = {
        "id": "jiangling_ucid",
        "name": "江临市城市建设投资集团有限公司",
        "industry": "government_construction",
        "region": "江临市",
        "employees": 2300,
        "revenue": 6400000000.0,
        "segment": "public_sector",
        "tags": ["城市更新", "老旧小区改造", "EPC", "公开招标"],
    }
    Z, L = "zhongsheng", "jianglin_construction"  # 中盛建工 (national contractor) and 江临建工 (local SOE)
    people = [
        person("vice_mayor", "周振华", "分管城建副市长", "市政府", None, ["economic_buyer"], authority=1.0, openness=0.3,
               concerns=["民生工程按期交付", "审计与巡察风险"], needs=["年底前完成首批28个小区改造"], channel="meeting"),
        person("deputy_secretary_general", "吕晓东", "市政府副秘书长", "市政府办公室", "vice_mayor", ["gatekeeper"],
               stance=0, channel="phone"),
        person("housing_director", "林建平", "住建局局长", "市住房和城乡建设局", "vice_mayor", ["decision_maker"],
               authority=0.7, openness=0.4, stance=2, stance_toward={Z: 1, L: 1},
               concerns=["居民投诉", "工期与质量"], channel="meeting"),
        person("housing_deputy_director", "许卫国", "住建局副局长（分管城建）", "市住房和城乡建设局", "housing_director",
               ["decision_maker"], authority=0.5, stance=1, stance_toward={L: 2}),
        person("renewal_section_chief", "孙雅", "城市更新科科长", "市住房和城乡建设局", "housing_deputy_director",
               ["coach", "user_buyer"], stance=3, needs=["改造方案经得起居民议事会推敲"], channel="social"),
        person("housing_chief_engineer", "钱永刚", "住建局总工程师", "市住房和城乡建设局", "housing_director",
               ["technical_buyer"], authority=0.4, stance=1, concerns=["结构加固安全", "海绵城市指标"]),
        person("finance_director", "何丽萍", "财政局局长", "市财政局", "vice_mayor", ["decision_maker"], authority=0.6,
               openness=0.3, stance=0, concerns=["专项债资金使用合规", "付款节点与审计结算"], channel="email"),
        person("finance_section_chief", "郑浩", "财政局经济建设科科长", "市财政局", "finance_director", ["influencer"],
               stance=-1, stance_toward={L: 2}, concerns=["本地企业税源"]),
        person("discipline_inspector", "严正", "派驻住建局纪检监察组组长", "市纪委监委派驻纪检监察组", None,
               ["gatekeeper"], authority=0.0, stance=0, concerns=["围标串标", "领导干部插手招投标"],
               channel="meeting"),
        person("audit_section_chief", "吴静", "审计局固定资产投资审计科科长", "市审计局", None, ["influencer"], stance=0,
               concerns=["变更签证与结算审计"]),
        person("ucid_chairman", "高振国", "城投集团董事长", "江临城投", "vice_mayor", ["decision_maker"],
               authority=0.8, openness=0.2, stance=-2, stance_toward={Z: 0, L: 4},
               concerns=["国有资本保值", "本地国企协同"], channel="meeting"),
        person("ucid_gm", "范晓军", "城投集团总经理", "江临城投", "ucid_chairman", ["decision_maker"], authority=0.6,
               stance=1, stance_toward={Z: 1, L: 1}, needs=["项目回款与融资平衡"]),
        person("ucid_engineering_dir", "宁波", "工程管理部部长", "江临城投", "ucid_gm", ["technical_buyer"],
               authority=0.4, stance=2, concerns=["施工组织与扰民"]),
        person("ucid_cost_mgr", "冯婷", "造价合约部经理", "江临城投", "ucid_gm", ["purchaser"], authority=0.3, stance=0,
               concerns=["控制价合理性"]),
        person("ucid_tender_mgr", "白云", "招标采购中心主任", "江临城投", "ucid_gm", ["purchaser"], authority=0.3,
               stance=1, concerns=["程序合规，零投诉"], channel="email"),
        person("ucid_project_mgr", "唐海", "项目经理（城市更新一期）", "江临城投", "ucid_engineering_dir",
               ["coach", "user_buyer"], stance=4, needs=["找到懂老旧小区改造的施工方"], channel="social"),
        person("ucid_site_engineer", "卢鹏", "现场工程师", "江临城投", "ucid_project_mgr", ["user_buyer"], stance=2),
        person("tender_agent_lead", "秦峰", "招标代理项目负责人", "江临公信招标代理有限公司", None, ["gatekeeper"],
               stance=0, concerns=["招标文件无歧视性条款"], channel="email"),
        person("design_institute_dean", "邵明", "市规划设计研究院院长", "市规划设计研究院", None, ["influencer"],
               stance=2, stance_toward={Z: 1, L: 0}),
        person("design_chief_engineer", "柯文", "设计院总工程师", "市规划设计研究院", "design_institute_dean",
               ["influencer", "technical_buyer"], stance=3, needs=["设计意图在施工中落地"]),
        person("design_project_lead", "田甜", "项目设计负责人", "市规划设计研究院", "design_chief_engineer",
               ["influencer"], stance=3, channel="social"),
        person("expert_structure", "欧阳立", "评标专家（结构）", "省综合评标专家库", None, ["influencer"]),
        person("expert_cost", "章红", "评标专家（造价）", "省综合评标专家库", None, ["influencer"]),
        person("district_deputy_head", "马骏", "江北区副区长", "江北区政府", "vice_mayor", ["user_buyer"], stance=1,
               concerns=["信访维稳"]),
        person("street_secretary", "陶勇", "滨江街道党工委书记", "滨江街道", "district_deputy_head", ["user_buyer"],
               stance=0, concerns=["居民意见征集"]),
        person("community_director", "龚秀兰", "幸福里社区主任", "幸福里社区", "street_secretary", ["user_buyer"],
               stance=2, needs=["加装电梯与停车位"]),
        person("drc_section_chief", "罗斌", "发改委投资科科长", "市发展和改革委员会", None, ["influencer"], stance=1,
               concerns=["立项批复与概算控制"]),
        person("planning_section_chief", "黎明", "自然资源和规划局详规科科长", "市自然资源和规划局", None,
               ["influencer"], stance=0),
    ]
    relations = [
        relation("housing_director", "vice_mayor", "influences", 0.7),
        relation("finance_director", "vice_mayor", "influences", 0.6),
        relation("ucid_chairman", "vice_mayor", "influences", 0.7, notes="城投是市政府融资平台，董事长与副市长往来密切"),
        relation("deputy_secretary_general", "vice_mayor", "informs", 0.6),
        relation("district_deputy_head", "vice_mayor", "informs", 0.4),
        relation("discipline_inspector", "housing_director", "influences", 0.5, notes="监督招投标全过程"),
        relation("discipline_inspector", "ucid_tender_mgr", "influences", 0.6),
        relation("audit_section_chief", "finance_director", "informs", 0.4),
        relation("housing_deputy_director", "housing_director", "influences", 0.6),
        relation("housing_chief_engineer", "housing_director", "influences", 0.5),
        relation("renewal_section_chief", "housing_deputy_director", "informs", 0.6),
        relation("finance_section_chief", "finance_director", "influences", 0.6),
        relation("finance_section_chief", "ucid_chairman", "ally", 0.5, both=True),
        relation("housing_director", "ucid_chairman", "conflict", 0.4, both=True, notes="建设主导权之争"),
        relation("ucid_gm", "ucid_chairman", "influences", 0.4),
        relation("ucid_engineering_dir", "ucid_gm", "influences", 0.6),
        relation("ucid_cost_mgr", "ucid_gm", "informs", 0.5),
        relation("ucid_tender_mgr", "ucid_gm", "informs", 0.5),
        relation("ucid_project_mgr", "ucid_engineering_dir", "influences", 0.6),
        relation("ucid_project_mgr", "renewal_section_chief", "ally", 0.6, both=True),
        relation("tender_agent_lead", "ucid_tender_mgr", "informs", 0.7),
        relation("design_chief_engineer", "housing_chief_engineer", "influences", 0.6),
        relation("design_chief_engineer", "ucid_engineering_dir", "influences", 0.5),
        relation("design_institute_dean", "housing_director", "influences", 0.4),
        relation("design_project_lead", "ucid_project_mgr", "informs", 0.5),
        relation("community_director", "street_secretary", "informs", 0.5),
        relation("street_secretary", "district_deputy_head", "influences", 0.4),
        relation("district_deputy_head", "housing_deputy_director", "conflict", 0.3, both=True,
                 notes="改造范围与拆违意见不一"),
        relation("drc_section_chief", "finance_director", "informs", 0.4),
        relation("planning_section_chief", "housing_chief_engineer", "informs", 0.3),
        relation("ucid_cost_mgr", "finance_section_chief", "informs", 0.3),
        relation("expert_structure", "expert_cost", "ally", 0.3, both=True),
        relation("housing_deputy_director", "ucid_chairman", "ally", 0.4, both=True),
    ]
    team = [
        {"id": "am", "name": "陆明轩", "role": "account_manager", "title": "市场经营部区域经理"},
        {"id": "bid_mgr", "name": "苏晴", "role": "bid_manager", "title": "投标经理"},
        {"id": "chief_engineer", "name": "王德胜", "role": "technical_lead", "title": "总工程师"},
        {"id": "exec_sponsor", "name": "梁国平", "role": "executive_sponsor", "title": "华东分公司总经理"},
        {"id": "commercial_mgr", "name": "贺芳", "role": "commercial_manager", "title": "商务经理"},
    ]
    key_events = [
        event(at("2026-03-04", 10), "visit", ["am"], ["ucid_project_mgr"], "项目前期对接：城市更新一期范围与进度设想",
              sentiment=0.6),
        event(at("2026-03-11", 14, 30), "meeting", ["am", "chief_engineer"], ["renewal_section_chief", "ucid_project_mgr"],
              "老旧小区改造技术交流：加装电梯与管网改造", sentiment=0.7),
        event(at("2026-03-20", 9, 30), "meeting", ["exec_sponsor", "am"], ["housing_director", "housing_deputy_director"],
              "企业情况介绍与同类项目业绩汇报（局会议室）", sentiment=0.4),
        event(at("2026-03-27", 15), "meeting", ["am"], ["discipline_inspector"],
              "廉洁从业告知与承诺书签署（纪检组要求所有投标意向单位参加）", sentiment=0.2),
        event(at("2026-04-09", 10), "meeting", ["chief_engineer", "am"], ["design_chief_engineer", "design_project_lead"],
              "与设计院交流施工可行性与加固工艺", sentiment=0.6),
        event(at("2026-04-22", 16), "phone", ["am"], ["renewal_section_chief"], "了解项目审批流程：发改立项、财政评审、城投招标",
              sentiment=0.5, them=True),
        event(at("2026-05-06", 10), "meeting", ["exec_sponsor", "am", "chief_engineer"],
              ["vice_mayor", "housing_director", "deputy_secretary_general"],
              "市政府城市更新专题会（多家企业列席汇报）"),
        event(at("2026-05-21", 14), "meeting", ["commercial_mgr", "am"], ["ucid_cost_mgr"], "了解控制价编制口径（公开信息范围内）",
              sentiment=0.1),
        event(at("2026-06-10", 9), "visit", ["chief_engineer", "bid_mgr"], ["ucid_engineering_dir", "ucid_site_engineer"],
              "踏勘幸福里等试点小区现状", sentiment=0.5),
        event(at("2026-06-18", 15), "meeting", ["am"], ["ucid_chairman"], "拜访城投董事长，对方强调支持本地企业",
              sentiment=-0.5),
        event(at("2026-07-08", 10), "meeting", ["chief_engineer", "am"], ["housing_chief_engineer", "design_chief_engineer"],
              "技术方案汇报：装配式加固与海绵化改造", sentiment=0.6),
        event(at("2026-07-30", 11), "phone", ["am"], ["finance_section_chief"], "咨询专项债资金拨付流程，对方态度冷淡",
              sentiment=-0.4),
        event(at("2026-08-12", 9), "email", ["bid_mgr"], ["tender_agent_lead"], "招标公告发布，购买招标文件",
              sentiment=0.0, them=True),
        event(at("2026-08-26", 9), "visit", ["bid_mgr", "chief_engineer"], ["tender_agent_lead", "ucid_site_engineer"],
              "组织现场踏勘（全部投标人同场）", sentiment=0.2),
        event(at("2026-09-03", 15), "email", ["bid_mgr"], ["tender_agent_lead"], "提交招标文件澄清问题（书面）", sentiment=0.0),
        event(at("2026-09-15", 10), "meeting", ["am", "commercial_mgr"], ["community_director", "street_secretary"],
              "社区居民议事会旁听，了解居民诉求", sentiment=0.5),
        event(at("2026-10-15", 9, 30), "meeting", ["bid_mgr", "am"], ["tender_agent_lead", "ucid_tender_mgr"],
              "递交投标文件", sentiment=0.1),
        event(at("2026-10-16", 9, 30), "meeting", ["bid_mgr", "commercial_mgr"], ["tender_agent_lead", "ucid_tender_mgr", "discipline_inspector"],
              "开标会：我方报价排第二", sentiment=0.0),
        event(at("2026-10-28", 20), "social", ["am"], ["ucid_project_mgr"], "项目经理提醒：评标结果公示前勿私下接触评委与业主领导",
              sentiment=0.4, them=True),
    ]
    topics = {
        "owner": ["施工组织设计", "工期节点", "居民协调", "项目进展", "安全文明施工"],
        "design": ["加固工艺", "管网改造", "海绵化指标", "加装电梯方案"],
        "gov": ["政策解读", "改造范围", "审批进度", "专项债安排"],
        "community": ["居民诉求", "停车位", "加装电梯意愿", "施工扰民"],
        "tender": ["招标文件", "资格条件", "澄清答疑", "投标保证金"],
    }
    profiles = [
        {"id": "ucid_project_mgr", "per_month": 2.4, "members": {"am": 4, "chief_engineer": 2}, "mood": 0.6, "them": 0.5,
         "channels": {"social": 4, "phone": 3, "visit": 2}, "topics": "owner", "with": ["ucid_site_engineer"]},
        {"id": "renewal_section_chief", "per_month": 1.5, "members": {"am": 1}, "mood": 0.5, "them": 0.4,
         "channels": {"social": 3, "phone": 2, "meeting": 1}, "topics": "gov"},
        {"id": "ucid_engineering_dir", "per_month": 0.9, "members": {"chief_engineer": 2, "am": 1}, "mood": 0.4,
         "channels": {"meeting": 2, "phone": 1}, "topics": "owner"},
        {"id": "ucid_site_engineer", "per_month": 1.0, "from": "2026-05-01", "members": {"chief_engineer": 1}, "mood": 0.4,
         "them": 0.3, "channels": {"visit": 2, "social": 2}, "topics": "owner"},
        {"id": "design_project_lead", "per_month": 1.3, "members": {"chief_engineer": 2, "bid_mgr": 1}, "mood": 0.5,
         "them": 0.3, "channels": {"social": 3, "meeting": 1, "email": 1}, "topics": "design"},
        {"id": "design_chief_engineer", "per_month": 0.6, "members": {"chief_engineer": 1}, "mood": 0.5,
         "channels": {"meeting": 2, "phone": 1}, "topics": "design"},
        {"id": "design_institute_dean", "per_month": 0.25, "members": {"exec_sponsor": 1}, "mood": 0.4,
         "channels": {"meal_or_event": 1, "meeting": 1}, "topics": "design", "until": "2026-08-10"},
        {"id": "housing_deputy_director", "per_month": 0.4, "members": {"am": 1}, "mood": 0.3, "until": "2026-08-10",
         "channels": {"meeting": 2, "phone": 1}, "topics": "gov"},
        {"id": "housing_chief_engineer", "per_month": 0.4, "members": {"chief_engineer": 1}, "mood": 0.3, "until": "2026-08-10",
         "channels": {"meeting": 1, "email": 1}, "topics": "design"},
        {"id": "ucid_gm", "per_month": 0.35, "members": {"am": 2, "exec_sponsor": 1}, "mood": 0.3, "until": "2026-08-10",
         "channels": {"meeting": 2, "phone": 1}, "topics": "owner"},
        {"id": "ucid_cost_mgr", "per_month": 0.4, "members": {"commercial_mgr": 1}, "mood": 0.0, "until": "2026-08-10",
         "channels": {"email": 2, "meeting": 1}, "topics": "tender"},
        {"id": "ucid_tender_mgr", "per_month": 0.5, "members": {"bid_mgr": 1}, "mood": 0.1,
         "channels": {"email": 3, "phone": 1}, "topics": "tender"},
        {"id": "tender_agent_lead", "per_month": 0.6, "from": "2026-08-12", "members": {"bid_mgr": 1}, "mood": 0.0,
         "them": 0.3, "channels": {"email": 3, "phone": 1}, "topics": "tender"},
        {"id": "community_director", "per_month": 0.8, "members": {"am": 1, "commercial_mgr": 1}, "mood": 0.5,
         "them": 0.3, "channels": {"visit": 2, "social": 2}, "topics": "community"},
        {"id": "street_secretary", "per_month": 0.3, "members": {"am": 1}, "mood": 0.2, "channels": {"visit": 1},
         "topics": "community"},
        {"id": "district_deputy_head", "per_month": 0.15, "members": {"am": 1}, "mood": 0.2, "until": "2026-08-10",
         "channels": {"meeting": 1}, "topics": "gov"},
        {"id": "drc_section_chief", "per_month": 0.2, "members": {"am": 1}, "mood": 0.2, "until": "2026-08-10",
         "channels": {"phone": 1, "meeting": 1}, "topics": "gov"},
    ]
    # From the tender announcement to the award, contact with the owner's leaders goes through formal channels only.
    quiet = [(day("2026-05-01"), day("2026-05-05")), (day("2026-10-01"), day("2026-10-08"))]
    interactions = key_events + routine_contacts(rng, profiles, day("2026-03-02"), day("2026-10-30"), quiet, topics,
                                                scale=1.4)
    evidence = [
        commitment("2026-03-11", "chief_engineer", "renewal_section_chief", "2026-03-31", "2026-03-27",
                   "提供三个同类老旧小区改造案例资料"),
        commitment("2026-03-20", "exec_sponsor", "housing_director", "2026-04-15", "2026-04-14", "提交企业资质与安全生产许可证复印件"),
        commitment("2026-04-09", "chief_engineer", "design_chief_engineer", "2026-04-30", "2026-05-12", "装配式加固工艺节点详图"),
        commitment("2026-05-21", "commercial_mgr", "ucid_cost_mgr", "2026-06-05", "2026-06-04", "同类项目单方造价分析（公开数据）"),
        commitment("2026-06-10", "chief_engineer", "ucid_engineering_dir", "2026-06-30", "2026-06-29", "试点小区施工组织初步设想"),
        commitment("2026-06-18", "am", "ucid_chairman", "2026-07-15", None, "提供与本地企业联合体合作方案"),
        commitment("2026-07-08", "chief_engineer", "housing_chief_engineer", "2026-07-31", "2026-08-06", "海绵化改造指标测算"),
        commitment("2026-09-15", "am", "community_director", "2026-11-30", None, "中标后设立社区联络点"),
        expertise("2026-03-11", "chief_engineer", "renewal_section_chief", True, "加装电梯不停水不停电施工经验获认可"),
        expertise("2026-04-09", "chief_engineer", "design_chief_engineer", True, "对砖混结构加固提出优化建议"),
        expertise("2026-06-10", "chief_engineer", "ucid_engineering_dir", True, "踏勘中指出地下管线资料缺失风险"),
        expertise("2026-07-08", "chief_engineer", "housing_chief_engineer", False, "海绵化指标引用了旧版规范"),
        expertise("2026-07-08", "chief_engineer", "design_chief_engineer", True, "装配式方案工期测算清晰"),
        expertise("2026-05-21", "commercial_mgr", "ucid_cost_mgr", True, "造价分析口径专业"),
        sincerity("2026-03-27", "am", "discipline_inspector", True, "主动报备所有对接记录"),
        sincerity("2026-06-18", "am", "ucid_chairman", False, "被认为只关心中标，不关心本地就业"),
        sincerity("2026-09-15", "am", "community_director", True, "旁听居民议事会并记录诉求，不做推销"),
        sincerity("2026-04-22", "am", "renewal_section_chief", True, "建议先做居民意见征集再定改造清单"),
        sincerity("2026-08-26", "bid_mgr", "tender_agent_lead", True, "严格按招标程序书面提问"),
    ]
    evidence += assessments("2026-06-30", "am", {
        "ucid_project_mgr": (8, 7, 7, 8), "renewal_section_chief": (7, 7, 7, 8), "housing_director": (4, 5, 6, None),
        "ucid_chairman": (2, 2, 4, 2), "vice_mayor": (1, None, None, None), "design_chief_engineer": (6, 6, 8, 7),
    })
    evidence += assessments("2026-10-20", "am", {
        "ucid_project_mgr": (8, 8, 8, 8), "renewal_section_chief": (7, 8, 8, 8), "housing_director": (4, 6, 6, 5),
        "ucid_chairman": (2, 2, 4, 2), "vice_mayor": (1, None, None, None), "design_chief_engineer": (7, 6, 8, 7),
        "finance_director": (2, None, None, None),
    })
    opportunity = {
        "id": "jl_renewal_phase1",
        "name": "江临市城市更新一期（老旧小区改造及配套）EPC总承包",
        "amount": 386000000.0,
        "competitors": [Z, L],
        "declared_stage": "evaluation",
        "milestones": [
            {"key": "need_identified", "at": "2026-03-11"},
            {"key": "decision_process_mapped", "at": "2026-04-22"},
            {"key": "project_approved", "at": "2026-05-28"},
            {"key": "budget_confirmed", "at": "2026-06-30"},
            {"key": "solution_presented", "at": "2026-07-08"},
            {"key": "tender_announced", "at": "2026-08-12"},
            {"key": "site_survey_done", "at": "2026-08-26"},
            {"key": "bid_submitted", "at": "2026-10-15"},
            {"key": "bid_opened", "at": "2026-10-16"},
        ],
        "criteria": [
            {"id": "price", "name": "投标报价（综合评分法价格分）",
             "weights": {"finance_director": 0.6, "ucid_cost_mgr": 0.7, "ucid_chairman": 0.4, "expert_cost": 0.8,
                         "finance_section_chief": 0.6}},
            {"id": "technical_plan", "name": "技术方案与施工组织设计",
             "weights": {"housing_chief_engineer": 0.6, "design_chief_engineer": 0.6, "ucid_engineering_dir": 0.5,
                         "expert_structure": 0.8, "housing_director": 0.3}},
            {"id": "track_record", "name": "企业资质与类似业绩",
             "weights": {"ucid_chairman": 0.3, "housing_director": 0.3, "ucid_gm": 0.4, "ucid_tender_mgr": 0.5}},
            {"id": "schedule", "name": "工期保证措施",
             "weights": {"vice_mayor": 0.6, "housing_director": 0.4, "ucid_project_mgr": 0.5, "district_deputy_head": 0.5}},
            {"id": "resident_coordination", "name": "居民协调与文明施工",
             "weights": {"vice_mayor": 0.4, "district_deputy_head": 0.5, "community_director": 0.9,
                         "ucid_project_mgr": 0.5, "street_secretary": 0.8}},
            {"id": "local_cooperation", "name": "本地企业合作与税源",
             "weights": {"ucid_chairman": 0.3, "finance_section_chief": 0.4, "ucid_gm": 0.2}},
        ],
        "vendor_scores": {
            "us": {"price": 7, "technical_plan": 9, "track_record": 8, "schedule": 8, "resident_coordination": 8,
                   "local_cooperation": 3},
            Z: {"price": 6, "technical_plan": 8, "track_record": 9, "schedule": 7, "resident_coordination": 6,
                "local_cooperation": 4},
            L: {"price": 8, "technical_plan": 6, "track_record": 6, "schedule": 7, "resident_coordination": 7,
                "local_cooperation": 9},
        },
    }
    return document(account, people, relations, team, interactions, evidence, [opportunity])


def main() -> None:
    for name, build in [("manufacturing_cloud", manufacturing_cloud), ("city_construction_tender", city_construction_tender)]:
        doc = build()
        path = HERE / f"{name}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{path.name}: {len(doc['stakeholders'])} stakeholders, {len(doc['relations'])} relations, "
              f"{len(doc['interactions'])} interactions, {len(doc['evidence'])} evidence")


if __name__ == "__main__":
    main()
