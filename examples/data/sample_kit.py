"""Building blocks for the sample generator: seeded randomness, record helpers, routine contact history."""

from __future__ import annotations

import datetime as dt
import math
import random

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
        "format": "relmap/2",
        "account": account,
        "stakeholders": people,
        "relations": relations,
        "team": team,
        "interactions": number(interactions, "int_", 4),
        "evidence": number(evidence, "ev_", 3),
        "opportunities": opportunities,
    }
