//! Computes every factor of one opportunity's health, with its sentences and action.

use std::collections::{BTreeMap, HashMap};

use super::{Action, DealHealth, DealHealthConfig, Factor, FactorCode, HealthStatus};
use crate::chain::{ChainConfig, ChainError, DecisionChain};
use crate::model::{Grade, MeddpiccElement, Opportunity, PersonNames, Pillar, ResponseMode, Role};
use crate::stage::StageAssessment;
use crate::time::Timestamp;
use crate::trust::{pillar_label_zh, suggestion, suggestion_zh, TrustReport};
use crate::{Error, RelationshipMap};

/// What every opportunity of one map shares: the chain, trust, stages, contacts.
pub(super) struct Account<'a> {
    map: &'a RelationshipMap,
    cfg: &'a DealHealthConfig,
    as_of: Timestamp,
    chain: Option<DecisionChain>,
    trust: TrustReport,
    stages: HashMap<String, StageAssessment>,
    /// Last interaction (at or before `as_of`) with each stakeholder.
    last_met: Vec<Option<Timestamp>>,
    /// Decision influence per stakeholder (zeros without a chain).
    influence: Vec<f64>,
    /// How the sentences name people.
    names: PersonNames<'a>,
}

/// A factor before it is weighed.
struct Draft {
    code: FactorCode,
    value: f64,
    ids: Vec<String>,
    reason: String,
    reason_zh: String,
    action: Option<ActionDraft>,
}

struct ActionDraft {
    stakeholder: Option<String>,
    pillar: Option<Pillar>,
    element: Option<MeddpiccElement>,
    action: String,
    action_zh: String,
}

fn pillar_en(p: Pillar) -> &'static str {
    match p {
        Pillar::Relationship => "relationship",
        Pillar::Professional => "professional",
        Pillar::Expertise => "expertise",
        Pillar::Sincerity => "sincerity",
    }
}

impl<'a> Account<'a> {
    pub(super) fn new(map: &'a RelationshipMap, cfg: &'a DealHealthConfig, as_of: Timestamp) -> crate::Result<Self> {
        cfg.validate()?;
        let chain_cfg = ChainConfig { as_of: Some(as_of), ..cfg.chain.clone() };
        let chain = match map.decision_chain(&chain_cfg) {
            Ok(c) => Some(c),
            // Without people or formal authority there is no chain: its factors read as unknown.
            Err(Error::Chain(ChainError::EmptyMap | ChainError::NoAuthority)) => None,
            Err(e) => return Err(e),
        };
        let trust = map.trust(&cfg.chain.trust, as_of)?;
        let stages = map
            .stages(&cfg.chain.stage_model, Some(as_of))?
            .into_iter()
            .map(|s| (s.opportunity_id.clone(), s))
            .collect();
        let mut last_met: Vec<Option<Timestamp>> = vec![None; map.stakeholders().len()];
        for (k, x) in map.interactions().iter().enumerate() {
            if x.at > as_of {
                continue;
            }
            let (_, people) = map.interaction_indices(k).expect("k is an interaction");
            for &s in people {
                let last = &mut last_met[s as usize];
                *last = Some(last.map_or(x.at, |t| t.max(x.at)));
            }
        }
        let influence =
            chain.as_ref().map_or_else(|| vec![0.0; map.stakeholders().len()], |c| c.decision_influence().to_vec());
        let names = PersonNames::new(map);
        Ok(Account { map, cfg, as_of, chain, trust, stages, last_met, influence, names })
    }

    fn who(&self, id: &str) -> String {
        self.names.person(id)
    }

    fn names(&self, ids: &[String]) -> String {
        self.names.list(ids)
    }

    fn u(&self, id: &str) -> f64 {
        self.map.stakeholder_idx(id).map_or(0.0, |i| self.influence[i])
    }

    fn days_silent(&self, id: &str) -> Option<f64> {
        let i = self.map.stakeholder_idx(id)?;
        self.last_met[i].map(|t| self.as_of.days_since(t))
    }

    fn last_met_words(&self, id: &str) -> (String, String) {
        match self.map.stakeholder_idx(id).and_then(|i| self.last_met[i]) {
            Some(t) => {
                let (y, m, d) = t.ymd();
                (format!("last met {y:04}-{m:02}-{d:02}"), format!("上次见面{y:04}-{m:02}-{d:02}"))
            }
            None => ("never met".to_owned(), "从未见面".to_owned()),
        }
    }

    /// The trust action for a stakeholder: raise their weakest pillar. `what`
    /// and `what_zh` hold `{who}` where the person goes.
    fn trust_action(&self, id: &str, what: &str, what_zh: &str) -> ActionDraft {
        let score = self.trust.score(id);
        let (pillar, composite) = score.map_or((Pillar::Relationship, 0.0), |s| (s.weakest, s.composite));
        ActionDraft {
            stakeholder: Some(id.to_owned()),
            pillar: Some(pillar),
            element: None,
            action: format!(
                "{}: raise {} trust (composite {composite:.0}): {}",
                what.replace("{who}", &self.who(id)),
                pillar_en(pillar),
                suggestion(pillar)
            ),
            action_zh: format!(
                "{}：提升{}（综合{composite:.0}）：{}",
                what_zh.replace("{who}", &self.who(id)),
                pillar_label_zh(pillar),
                suggestion_zh(pillar)
            ),
        }
    }

    fn key_players(&self) -> Vec<(String, f64)> {
        self.chain
            .as_ref()
            .map_or_else(Vec::new, |c| c.key_players().iter().map(|k| (k.id.clone(), k.influence)).collect())
    }

    /// Influence-weighted share of `part` among `all` (equal weights when all influence is zero).
    fn share(&self, part: &[String], all: &[(String, f64)]) -> f64 {
        let total: f64 = all.iter().map(|(_, u)| u).sum();
        if all.is_empty() {
            0.0
        } else if total > 0.0 {
            part.iter().map(|i| self.u(i)).sum::<f64>() / total
        } else {
            part.len() as f64 / all.len() as f64
        }
    }

    pub(super) fn assess(&self, o: &Opportunity) -> crate::Result<DealHealth> {
        let mut drafts = Vec::new();
        self.meddpicc(o, &mut drafts);
        self.economic_buyer(o, &mut drafts);
        self.chain_factors(&mut drafts);
        self.activity(o, &mut drafts);
        self.stage(o, &mut drafts);
        self.competition(o, &mut drafts)?;
        self.response_modes(o, &mut drafts);

        let cfg = self.cfg;
        let mut values: BTreeMap<FactorCode, f64> = FactorCode::ALL.iter().map(|&c| (c, 0.0)).collect();
        let mut factors = Vec::new();
        let mut actions = Vec::new();
        for d in drafts {
            debug_assert!((-1.0..=1.0).contains(&d.value), "{} = {}", d.code, d.value);
            values.insert(d.code, d.value);
            let weight = cfg.weights.get(d.code);
            let impact = weight * d.value;
            if impact == 0.0 {
                continue;
            }
            if let (true, Some(a)) = (impact < 0.0, d.action) {
                actions.push(Action {
                    code: d.code,
                    gain: -impact,
                    stakeholder: a.stakeholder,
                    pillar: a.pillar,
                    element: a.element,
                    action: a.action,
                    action_zh: a.action_zh,
                });
            }
            factors.push(Factor {
                code: d.code,
                impact,
                value: d.value,
                weight,
                ids: d.ids,
                reason: d.reason,
                reason_zh: d.reason_zh,
            });
        }
        // Losses first, largest loss first; then gains, largest first.
        factors.sort_by(|a, b| {
            (a.impact >= 0.0).cmp(&(b.impact >= 0.0)).then_with(|| b.impact.abs().total_cmp(&a.impact.abs()))
        });
        actions.sort_by(|a, b| b.gain.total_cmp(&a.gain));
        actions.truncate(cfg.actions);
        let raw_score = cfg.base + factors.iter().map(|f| f.impact).sum::<f64>();
        let score = raw_score.clamp(0.0, 100.0);
        let status = if score >= cfg.healthy_at {
            HealthStatus::Healthy
        } else if score >= cfg.at_risk_at {
            HealthStatus::AtRisk
        } else {
            HealthStatus::Critical
        };
        Ok(DealHealth {
            account: self.map.account().id.clone(),
            opportunity: o.id.clone(),
            name: o.name.clone(),
            as_of: self.as_of,
            score,
            raw_score,
            status,
            factors,
            actions,
            values,
        })
    }

    fn meddpicc(&self, o: &Opportunity, out: &mut Vec<Draft>) {
        for element in MeddpiccElement::ALL {
            let status = o.meddpicc.status(element);
            let (value, en, zh) = match status.map(|s| s.grade) {
                Some(Grade::Green) => (1.0, "is confirmed (green)", "已确认（绿）"),
                Some(Grade::Yellow) => (0.0, "is partly known (yellow)", "部分掌握（黄）"),
                Some(Grade::Red) => (-1.0, "is red: missing or contradicted", "为红：缺失或有矛盾"),
                None => (-1.0, "is not qualified yet", "尚未评估"),
            };
            let ids: Vec<String> = status.and_then(|s| s.stakeholder).map(|s| vec![s.to_owned()]).unwrap_or_default();
            let by = status
                .and_then(|s| s.confirmed_by)
                .map(|m| format!(", confirmed by {}", self.names.member(m)))
                .unwrap_or_default();
            let by_zh = status
                .and_then(|s| s.confirmed_by)
                .map(|m| format!("，由{}确认", self.names.member(m)))
                .unwrap_or_default();
            out.push(Draft {
                code: FactorCode::of_element(element),
                value,
                reason: format!("MEDDPICC {} {en}{by}", element.name()),
                reason_zh: format!("MEDDPICC {}{zh}{by_zh}", element.name_zh()),
                action: Some(ActionDraft {
                    stakeholder: ids.first().cloned(),
                    pillar: None,
                    element: Some(element),
                    action: format!("Qualify the {}: get it confirmed by the customer", element.name()),
                    action_zh: format!("落实{}：请客户确认", element.name_zh()),
                }),
                ids,
            });
        }
        if let Some(c) = &o.meddpicc.champion {
            if let (Some(id), false) = (&c.stakeholder, c.tested) {
                out.push(Draft {
                    code: FactorCode::ChampionUntested,
                    value: -1.0,
                    ids: vec![id.clone()],
                    reason: format!("Champion {} has not been tested", self.who(id)),
                    reason_zh: format!("内部支持者{}尚未经过检验", self.who(id)),
                    action: Some(ActionDraft {
                        stakeholder: Some(id.clone()),
                        pillar: None,
                        element: Some(MeddpiccElement::Champion),
                        action: format!(
                            "Test {}: ask them for access to the economic buyer or for inside information",
                            self.who(id)
                        ),
                        action_zh: format!("检验{}：请其引荐经济决策人或提供内部信息", self.who(id)),
                    }),
                });
            }
        }
    }

    /// The economic buyers: holders of the role, plus the MEDDPICC economic buyer.
    fn economic_buyers(&self, o: &Opportunity) -> Vec<String> {
        let mut ids: Vec<String> =
            self.map.stakeholders().iter().filter(|s| s.has_role(Role::EconomicBuyer)).map(|s| s.id.clone()).collect();
        if let Some(id) = o.meddpicc.economic_buyer.as_ref().and_then(|e| e.stakeholder.clone()) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    }

    fn economic_buyer(&self, o: &Opportunity, out: &mut Vec<Draft>) {
        let ebs = self.economic_buyers(o);
        let code = FactorCode::EconomicBuyerAccess;
        if ebs.is_empty() {
            out.push(Draft {
                code,
                value: -1.0,
                ids: Vec::new(),
                reason: "No economic buyer identified".into(),
                reason_zh: "未识别经济决策人".into(),
                action: Some(ActionDraft {
                    stakeholder: None,
                    pillar: None,
                    element: Some(MeddpiccElement::EconomicBuyer),
                    action: "Identify the economic buyer: who signs off the budget".into(),
                    action_zh: "找出经济决策人：谁批准预算".into(),
                }),
            });
            return;
        }
        let covered = |id: &String| {
            let i = self.map.stakeholder_idx(id).expect("economic buyers are stakeholders");
            self.chain.as_ref().is_some_and(|c| c.covered()[i])
        };
        let uncovered: Vec<String> = ebs.iter().filter(|id| !covered(id)).cloned().collect();
        let threshold = self.cfg.chain.trust.tie_threshold();
        if uncovered.is_empty() {
            out.push(Draft {
                code,
                value: 1.0,
                reason: format!("Economic buyer {} is covered (tie ≥ {threshold})", self.names(&ebs)),
                reason_zh: format!("已覆盖经济决策人{}（关系强度≥{threshold}）", self.names(&ebs)),
                ids: ebs,
                action: None,
            });
        } else {
            let tie =
                |id: &String| self.chain.as_ref().map_or(0.0, |c| c.ties()[self.map.stakeholder_idx(id).unwrap()]);
            let first = &uncovered[0];
            out.push(Draft {
                code,
                value: -1.0,
                reason: format!(
                    "Economic buyer {} is not covered: our best tie {:.2} is below {threshold}",
                    self.names(&uncovered),
                    tie(first)
                ),
                reason_zh: format!(
                    "经济决策人{}未覆盖：最强关系{:.2}低于{threshold}",
                    self.names(&uncovered),
                    tie(first)
                ),
                action: Some(self.trust_action(first, "Build access to {who}", "建立与{who}的关系")),
                ids: uncovered,
            });
        }
    }

    fn chain_factors(&self, out: &mut Vec<Draft>) {
        let Some(chain) = &self.chain else { return };
        let s = chain.predicted_support();
        let next = chain.next_best_contacts().first();
        out.push(Draft {
            code: FactorCode::PredictedSupport,
            value: s.clamp(-1.0, 1.0),
            ids: next.map(|n| vec![n.id.clone()]).unwrap_or_default(),
            reason: format!(
                "Predicted support {s:+.2}: the decision leans {}",
                if s >= 0.0 { "our way" } else { "against us" }
            ),
            reason_zh: format!("预测支持度{s:+.2}：决策{}", if s >= 0.0 { "倾向我方" } else { "倾向对手" }),
            action: next.map(|n| ActionDraft {
                stakeholder: Some(n.id.clone()),
                pillar: self.trust.score(&n.id).map(|t| t.weakest),
                element: None,
                action: format!("Win over {}, the next best contact (gain {:.3})", self.who(&n.id), n.gain),
                action_zh: format!("争取{}：最值得接触的人（增益{:.3}）", self.who(&n.id), n.gain),
            }),
        });

        // High-influence opponents.
        let c = &self.cfg.chain;
        let mut opponents: Vec<(String, f64)> = self
            .map
            .stakeholders()
            .iter()
            .zip(&self.influence)
            .filter(|(s, &u)| s.stance.is_some_and(|x| x <= c.opponent_max_stance) && u >= c.opponent_min_influence)
            .map(|(s, &u)| (s.id.clone(), u))
            .collect();
        opponents.sort_by(|a, b| b.1.total_cmp(&a.1));
        if !opponents.is_empty() {
            let held: f64 = opponents.iter().map(|(_, u)| u).sum();
            let ids: Vec<String> = opponents.iter().map(|(i, _)| i.clone()).collect();
            let top = &ids[0];
            let concerns = self.map.stakeholder(top).map(|s| s.concerns.join("; ")).unwrap_or_default();
            let mut action = self.trust_action(top, "Neutralise opponent {who}", "化解{who}的反对");
            if !concerns.is_empty() {
                let stem = action.action.trim_end_matches('.');
                action.action = format!("{stem}; answer their concerns: {concerns}");
                let stem_zh = action.action_zh.trim_end_matches('。');
                action.action_zh = format!("{stem_zh}；回应其顾虑：{concerns}");
            }
            out.push(Draft {
                code: FactorCode::OpponentInfluence,
                value: -held.min(1.0),
                reason: format!("Opponents hold {:.0}% of the decision: {}", held * 100.0, self.names(&ids)),
                reason_zh: format!("反对者掌握{:.0}%的决策影响：{}", held * 100.0, self.names(&ids)),
                ids,
                action: Some(action),
            });
        }

        // Threading to key players.
        let key = self.key_players();
        let mut thin: Vec<(String, u32)> = chain
            .key_players()
            .iter()
            .filter(|k| k.threads < c.min_threads)
            .map(|k| (k.id.clone(), k.threads))
            .collect();
        thin.sort_by(|a, b| self.u(&b.0).total_cmp(&self.u(&a.0)));
        if !thin.is_empty() {
            let ids: Vec<String> = thin.iter().map(|(i, _)| i.clone()).collect();
            let share = self.share(&ids, &key);
            let (top, threads) = &thin[0];
            out.push(Draft {
                code: FactorCode::SingleThreaded,
                value: -share.min(1.0),
                reason: format!(
                    "Fewer than {} routes to key players holding {:.0}% of their influence: {}",
                    c.min_threads,
                    share * 100.0,
                    self.names(&ids)
                ),
                reason_zh: format!(
                    "通往关键人物的路径少于{}条（占其影响力{:.0}%）：{}",
                    c.min_threads,
                    share * 100.0,
                    self.names(&ids)
                ),
                ids: ids.clone(),
                action: Some(ActionDraft {
                    stakeholder: Some(top.clone()),
                    pillar: None,
                    element: None,
                    action: format!("Open a second route to {} (now {threads})", self.who(top)),
                    action_zh: format!("打通通往{}的第二条路径（现有{threads}条）", self.who(top)),
                }),
            });
        }

        // Trust of key players, influence-weighted.
        if !key.is_empty() {
            let total: f64 = key.iter().map(|(_, u)| u).sum();
            let composite = |id: &str| self.trust.score(id).map_or(0.0, |t| t.composite);
            let avg = if total > 0.0 {
                key.iter().map(|(i, u)| u * composite(i)).sum::<f64>() / total
            } else {
                key.iter().map(|(i, _)| composite(i)).sum::<f64>() / key.len() as f64
            };
            let weakest = key
                .iter()
                .max_by(|a, b| {
                    let gap = |(i, u): &(String, f64)| u.max(1e-12) * (100.0 - composite(i));
                    gap(a).total_cmp(&gap(b))
                })
                .map(|(i, _)| i.clone())
                .expect("key players are not empty");
            out.push(Draft {
                code: FactorCode::KeyPlayerTrust,
                value: ((avg - 50.0) / 50.0).clamp(-1.0, 1.0),
                reason: format!(
                    "Key players' trust averages {avg:.0}/100 (influence-weighted); lowest where it matters: {}",
                    self.who(&weakest)
                ),
                reason_zh: format!("关键人物信任度加权平均{avg:.0}/100；最需提升：{}", self.who(&weakest)),
                ids: vec![weakest.clone()],
                action: Some(self.trust_action(&weakest, "Deepen trust with {who}", "加深与{who}的信任")),
            });
        }
    }

    fn champions(&self, o: &Opportunity) -> Vec<String> {
        match o.meddpicc.champion.as_ref().and_then(|c| c.stakeholder.clone()) {
            Some(id) => vec![id],
            None => {
                self.map.stakeholders().iter().filter(|s| s.has_role(Role::Champion)).map(|s| s.id.clone()).collect()
            }
        }
    }

    fn activity(&self, o: &Opportunity, out: &mut Vec<Draft>) {
        let cfg = self.cfg;
        let stale = cfg.chain.stale_days;
        let recent = |id: &str, days: f64| self.days_silent(id).is_some_and(|d| d <= days);

        // Key players not met lately.
        let key = self.key_players();
        let mut unmet: Vec<String> = key.iter().filter(|(i, _)| !recent(i, stale)).map(|(i, _)| i.clone()).collect();
        unmet.sort_by(|a, b| self.u(b).total_cmp(&self.u(a)));
        if !unmet.is_empty() {
            let share = self.share(&unmet, &key);
            let top = &unmet[0];
            let (when, when_zh) = self.last_met_words(top);
            out.push(Draft {
                code: FactorCode::KeyPlayerNotMet,
                value: -share.min(1.0),
                reason: format!(
                    "Key players holding {:.0}% of their influence not met in {stale} days: {}",
                    share * 100.0,
                    self.names(&unmet)
                ),
                reason_zh: format!(
                    "{stale}天内未见的关键人物（占其影响力{:.0}%）：{}",
                    share * 100.0,
                    self.names(&unmet)
                ),
                action: Some(ActionDraft {
                    stakeholder: Some(top.clone()),
                    pillar: Some(Pillar::Relationship),
                    element: None,
                    action: format!("Meet {} ({when})", self.who(top)),
                    action_zh: format!("拜访{}（{when_zh}）", self.who(top)),
                }),
                ids: unmet,
            });
        }

        // No power: nobody with formal authority met lately.
        let ra = &cfg.chain.role_authority;
        let mut powerful: Vec<(String, f64)> = self
            .map
            .stakeholders()
            .iter()
            .map(|s| (s.id.clone(), ra.authority_of(s)))
            .filter(|(_, a)| *a >= cfg.power_min_authority && *a > 0.0)
            .collect();
        powerful.sort_by(|a, b| b.1.total_cmp(&a.1));
        if !powerful.iter().any(|(i, _)| recent(i, cfg.power_days)) {
            let ids: Vec<String> = powerful.iter().map(|(i, _)| i.clone()).collect();
            let (reason, reason_zh) = if ids.is_empty() {
                (
                    format!("No power: nobody with formal authority ≥ {} is on the map", cfg.power_min_authority),
                    format!("缺少高层：地图上没有决策权≥{}的人", cfg.power_min_authority),
                )
            } else {
                (
                    format!(
                        "No power: nobody with formal authority ≥ {} met in {} days ({})",
                        cfg.power_min_authority,
                        cfg.power_days,
                        self.names(&ids)
                    ),
                    format!(
                        "缺少高层接触：{}天内未见决策权≥{}的人（{}）",
                        cfg.power_days,
                        cfg.power_min_authority,
                        self.names(&ids)
                    ),
                )
            };
            let action = match ids.first() {
                Some(top) => ActionDraft {
                    stakeholder: Some(top.clone()),
                    pillar: Some(Pillar::Relationship),
                    element: None,
                    action: format!("Get a meeting with {}, who can decide", self.who(top)),
                    action_zh: format!("争取与{}会面：其有决策权", self.who(top)),
                },
                None => ActionDraft {
                    stakeholder: None,
                    pillar: None,
                    element: Some(MeddpiccElement::DecisionProcess),
                    action: "Find out who decides: map the decision makers".into(),
                    action_zh: "弄清谁拍板：梳理决策人".into(),
                },
            };
            out.push(Draft { code: FactorCode::NoPower, value: -1.0, ids, reason, reason_zh, action: Some(action) });
        }

        // The champion gone silent.
        let champions = self.champions(o);
        if !champions.is_empty() && !champions.iter().any(|c| recent(c, cfg.ghosted_days)) {
            let top = &champions[0];
            let (when, when_zh) = self.last_met_words(top);
            out.push(Draft {
                code: FactorCode::ChampionGhosted,
                value: -1.0,
                reason: format!(
                    "Champion {} silent for more than {} days ({when}): ghosted",
                    self.names(&champions),
                    cfg.ghosted_days
                ),
                reason_zh: format!("内部支持者{}超过{}天无联系（{when_zh}）", self.names(&champions), cfg.ghosted_days),
                action: Some(ActionDraft {
                    stakeholder: Some(top.clone()),
                    pillar: Some(Pillar::Relationship),
                    element: Some(MeddpiccElement::Champion),
                    action: format!("Re-engage {} ({when})", self.who(top)),
                    action_zh: format!("重新联络{}（{when_zh}）", self.who(top)),
                }),
                ids: champions,
            });
        }
    }

    fn stage(&self, o: &Opportunity, out: &mut Vec<Draft>) {
        let Some(a) = self.stages.get(&o.id) else { return };
        let missing = a.missing_for_next.join(", ");
        if a.ahead_of_evidence {
            let declared = a.declared_stage.clone().unwrap_or_default();
            out.push(Draft {
                code: FactorCode::StageAheadOfEvidence,
                value: -1.0,
                ids: Vec::new(),
                reason: format!("Declared stage {declared} is ahead of the evidence ({})", a.stage),
                reason_zh: format!("申报阶段{declared}超前于证据（{}）", a.stage),
                action: Some(ActionDraft {
                    stakeholder: None,
                    pillar: None,
                    element: Some(MeddpiccElement::DecisionProcess),
                    action: format!("Record the milestones that prove {declared} ({missing}) or declare {}", a.stage),
                    action_zh: format!("补齐{declared}所需里程碑（{missing}）或将阶段改为{}", a.stage),
                }),
            });
        }
        let (Some(entered), Some(_)) = (a.entered_at, &a.next_stage) else { return };
        let days = self.as_of.days_since(entered);
        let norm = self.cfg.stage_norm_days.get(&a.stage).copied().unwrap_or(self.cfg.default_stage_norm_days);
        if days > norm {
            let over = ((days - norm) / norm).min(1.0);
            out.push(Draft {
                code: FactorCode::StalledInStage,
                value: -over,
                ids: Vec::new(),
                reason: format!("Stalled: {days:.0} days in {} (norm {norm:.0})", a.stage),
                reason_zh: format!("停滞：在{}阶段已{days:.0}天（常规{norm:.0}天）", a.stage),
                action: Some(ActionDraft {
                    stakeholder: None,
                    pillar: None,
                    element: Some(MeddpiccElement::DecisionProcess),
                    action: format!("Agree the next step with the customer: {missing}"),
                    action_zh: format!("与客户约定下一步：{missing}"),
                }),
            });
        }
    }

    fn competition(&self, o: &Opportunity, out: &mut Vec<Draft>) -> crate::Result<()> {
        let us = &self.cfg.competition.our_vendor;
        if o.criteria.is_empty() || !o.vendor_scores.contains_key(us) || o.vendor_scores.len() < 2 {
            return Ok(());
        }
        let influence: Option<HashMap<String, f64>> = self
            .chain
            .as_ref()
            .map(|_| self.map.stakeholders().iter().zip(&self.influence).map(|(s, &u)| (s.id.clone(), u)).collect());
        let m = crate::matrix::competition(o, influence.as_ref(), &self.cfg.competition)?;
        let n = m.vendors.len();
        let value = 1.0 - 2.0 * (m.our_rank as f64 - 1.0) / (n as f64 - 1.0);
        let gap = m.trailing.first();
        out.push(Draft {
            code: FactorCode::CompetitivePosition,
            value,
            ids: Vec::new(),
            reason: format!("We rank {} of {n} on the weighted criteria (leader {})", m.our_rank, m.leader),
            reason_zh: format!("加权评分排名第{}/{n}（领先者{}）", m.our_rank, m.leader),
            action: gap.map(|g| {
                let rival = m.rival.clone().unwrap_or_default();
                ActionDraft {
                    stakeholder: None,
                    pillar: Some(Pillar::Expertise),
                    element: Some(MeddpiccElement::DecisionCriteria),
                    action: format!("Close the gap on {} against {rival} ({:.1} behind)", g.criterion, g.gap),
                    action_zh: format!("缩小{}上与{rival}的差距（落后{:.1}）", g.criterion, g.gap),
                }
            }),
        });
        Ok(())
    }

    fn response_modes(&self, o: &Opportunity, out: &mut Vec<Draft>) {
        let known: Vec<(&str, ResponseMode)> =
            o.buying_influences.iter().filter_map(|b| b.response_mode.map(|m| (b.stakeholder.as_str(), m))).collect();
        if known.is_empty() {
            return;
        }
        let mode_value = |m: ResponseMode| match m {
            ResponseMode::Growth | ResponseMode::Trouble => 1.0,
            ResponseMode::EvenKeel => -0.5,
            ResponseMode::Overconfident => -1.0,
        };
        let total: f64 = known.iter().map(|(i, _)| self.u(i)).sum();
        let weight = |i: &str| if total > 0.0 { self.u(i) / total } else { 1.0 / known.len() as f64 };
        let value: f64 = known.iter().map(|(i, m)| weight(i) * mode_value(*m)).sum();
        let mut cold: Vec<(&str, ResponseMode)> = known.iter().copied().filter(|(_, m)| !m.receptive()).collect();
        cold.sort_by(|a, b| self.u(b.0).total_cmp(&self.u(a.0)));
        let list = known.iter().map(|(i, m)| format!("{} {m}", self.who(i))).collect::<Vec<_>>().join(", ");
        out.push(Draft {
            code: FactorCode::ResponseModes,
            value: value.clamp(-1.0, 1.0),
            ids: cold.iter().map(|(i, _)| (*i).to_owned()).collect(),
            reason: format!("Blue Sheet response modes: {list}"),
            reason_zh: format!("蓝表反应模式：{list}"),
            action: cold.first().map(|(i, m)| ActionDraft {
                stakeholder: Some((*i).to_owned()),
                pillar: Some(Pillar::Expertise),
                element: Some(MeddpiccElement::IdentifiedPain),
                action: format!("Show {} the gap between their results and goals (now {m})", self.who(i)),
                action_zh: format!("让{}看到现状与目标的差距（目前为{m}）", self.who(i)),
            }),
        });
    }
}
