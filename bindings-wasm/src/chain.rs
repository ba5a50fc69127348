//! `DecisionChain`: who really decides, how we reach them, where we are exposed.

use std::collections::BTreeMap;

use relmap::chain::{ChainConfig, DecisionChain, SummaryLengths};
use relmap::render::Overlay;
use wasm_bindgen::prelude::*;

use crate::convert::{count, opt_text, output, read_config, read_opt, text};
use crate::errors::to_js;
use crate::map::JsRelationshipMap;

#[wasm_bindgen(typescript_custom_section)]
const CHAIN_TS: &str = include_str!("../ts/chain.d.ts");

#[wasm_bindgen(js_class = RelationshipMap)]
impl JsRelationshipMap {
    /// The decision-chain analysis: decision influence, predicted support, access
    /// paths, threading, coverage, next best contacts and red flags.
    ///
    /// `config` is merged over the defaults (`defaultChainConfig()`).
    #[wasm_bindgen(js_name = decisionChain)]
    pub fn decision_chain(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ChainConfig")] config: JsValue,
    ) -> Result<JsDecisionChain, JsValue> {
        let cfg: ChainConfig = read_config(&config)?;
        self.inner.decision_chain(&cfg).map(|inner| JsDecisionChain { inner }).map_err(to_js)
    }

    /// The decision-chain analysis compared with an earlier snapshot of the
    /// account, which adds the `key_player_changed` flags.
    #[wasm_bindgen(js_name = decisionChainSince)]
    pub fn decision_chain_since(
        &self,
        previous: &JsRelationshipMap,
        #[wasm_bindgen(unchecked_optional_param_type = "ChainConfig")] config: JsValue,
    ) -> Result<JsDecisionChain, JsValue> {
        let cfg: ChainConfig = read_config(&config)?;
        self.inner
            .decision_chain_since(&previous.inner, &cfg, None)
            .map(|inner| JsDecisionChain { inner })
            .map_err(to_js)
    }
}

/// The decision-chain analysis of one map (`map.decisionChain(config)`).
///
/// Per-stakeholder arrays (`decisionInfluence`, `predictedStances`, ...) are in
/// map order, the order of `stakeholderIds`.
#[wasm_bindgen(js_name = DecisionChain)]
pub struct JsDecisionChain {
    pub(crate) inner: DecisionChain,
}

#[wasm_bindgen(js_class = DecisionChain)]
impl JsDecisionChain {
    /// The account id.
    #[wasm_bindgen(getter)]
    pub fn account(&self) -> String {
        self.inner.account().to_owned()
    }

    /// The analysis date used (RFC 3339), or `null` if the map held nothing dated.
    #[wasm_bindgen(getter, js_name = asOf)]
    pub fn as_of(&self) -> Option<String> {
        self.inner.as_of().map(|t| t.to_string())
    }

    /// Stakeholder ids in map order: the index of every per-stakeholder array.
    #[wasm_bindgen(getter, js_name = stakeholderIds)]
    pub fn stakeholder_ids(&self) -> Vec<String> {
        self.inner.stakeholder_ids().to_vec()
    }

    /// One stakeholder's share of the decision, or `undefined` for an unknown id.
    pub fn influence(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<Option<f64>, JsValue> {
        Ok(self.inner.influence(&text(&id, "id")?))
    }

    /// Decision influence by stakeholder id (for `map.competition(influence)` and overlays).
    #[wasm_bindgen(js_name = influenceMap, unchecked_return_type = "Record<string, number>")]
    pub fn influence_map(&self) -> Result<JsValue, JsValue> {
        let ids = self.inner.stakeholder_ids().iter().map(String::as_str);
        let by_id: BTreeMap<&str, f64> = ids.zip(self.inner.decision_influence().iter().copied()).collect();
        output(&by_id)
    }

    /// Decision influence u of every stakeholder (u ≥ 0, Σu = 1).
    #[wasm_bindgen(getter, js_name = decisionInfluence)]
    pub fn decision_influence(&self) -> Vec<f64> {
        self.inner.decision_influence().to_vec()
    }

    /// Predicted support S = Σ u_j · stance_j / 5, in [−1, 1] (unknown stance = 0).
    #[wasm_bindgen(getter, js_name = predictedSupport)]
    pub fn predicted_support(&self) -> f64 {
        self.inner.predicted_support()
    }

    /// Predicted post-influence stance of every stakeholder, −5..5.
    #[wasm_bindgen(getter, js_name = predictedStances)]
    pub fn predicted_stances(&self) -> Vec<f64> {
        self.inner.predicted_stances().to_vec()
    }

    /// One stakeholder's predicted stance, or `undefined` for an unknown id.
    #[wasm_bindgen(js_name = predictedStance)]
    pub fn predicted_stance(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<Option<f64>, JsValue> {
        Ok(self.inner.predicted_stance(&text(&id, "id")?))
    }

    /// Formal authority used for each stakeholder.
    #[wasm_bindgen(getter)]
    pub fn authority(&self) -> Vec<f64> {
        self.inner.authority().to_vec()
    }

    /// Openness used for each stakeholder (0 for anyone nobody influences).
    #[wasm_bindgen(getter)]
    pub fn openness(&self) -> Vec<f64> {
        self.inner.openness().to_vec()
    }

    /// Our strongest tie to each stakeholder, in [0, 1].
    #[wasm_bindgen(getter)]
    pub fn ties(&self) -> Vec<f64> {
        self.inner.ties().to_vec()
    }

    /// Whether each stakeholder is covered (tie ≥ the coverage threshold).
    #[wasm_bindgen(getter, unchecked_return_type = "boolean[]")]
    pub fn covered(&self) -> Result<JsValue, JsValue> {
        output(self.inner.covered())
    }

    /// Best-path reliability from our team to each stakeholder (0 = unreachable).
    #[wasm_bindgen(getter)]
    pub fn reachability(&self) -> Vec<f64> {
        self.inner.reachability().to_vec()
    }

    /// Iterations the two solves took: `[decisionInfluence, predictedStances]`.
    #[wasm_bindgen(getter, unchecked_return_type = "[number, number]")]
    pub fn iterations(&self) -> Result<JsValue, JsValue> {
        output(&self.inner.iterations())
    }

    /// Coverage of decision influence and the uncovered key players.
    #[wasm_bindgen(getter, unchecked_return_type = "Coverage")]
    pub fn coverage(&self) -> Result<JsValue, JsValue> {
        output(self.inner.coverage())
    }

    /// The key players, most influential first.
    #[wasm_bindgen(getter, js_name = keyPlayers, unchecked_return_type = "KeyPlayer[]")]
    pub fn key_players(&self) -> Result<JsValue, JsValue> {
        output(self.inner.key_players())
    }

    /// Threads per stakeholder: a number for key players, `null` for the others.
    #[wasm_bindgen(getter, unchecked_return_type = "(number | null)[]")]
    pub fn threads(&self) -> Result<JsValue, JsValue> {
        output(self.inner.threads())
    }

    /// Stakeholders that every access path to some key player goes through.
    #[wasm_bindgen(getter, unchecked_return_type = "Broker[]")]
    pub fn brokers(&self) -> Result<JsValue, JsValue> {
        output(self.inner.brokers())
    }

    /// Betweenness centrality on the influence graph, or `undefined` when not computed.
    #[wasm_bindgen(getter)]
    pub fn betweenness(&self) -> Option<Vec<f64>> {
        self.inner.betweenness().map(<[f64]>::to_vec)
    }

    /// The next best contacts, highest gain first.
    #[wasm_bindgen(getter, js_name = nextBestContacts, unchecked_return_type = "NextBestContact[]")]
    pub fn next_best_contacts(&self) -> Result<JsValue, JsValue> {
        output(self.inner.next_best_contacts())
    }

    /// Every red flag, most severe first.
    #[wasm_bindgen(getter, js_name = redFlags, unchecked_return_type = "RedFlag[]")]
    pub fn red_flags(&self) -> Result<JsValue, JsValue> {
        output(self.inner.red_flags())
    }

    /// The most reliable access path to a stakeholder, or `undefined` if unreachable;
    /// an id not in the map throws (`not_found`).
    #[wasm_bindgen(js_name = bestPath, unchecked_return_type = "AccessPath | undefined")]
    pub fn best_path(&self, #[wasm_bindgen(unchecked_param_type = "string")] to: JsValue) -> Result<JsValue, JsValue> {
        self.inner.best_path(&text(&to, "to")?).map_err(to_js)?.map_or(Ok(JsValue::UNDEFINED), |p| output(&p))
    }

    /// The `k` most reliable loopless access paths to a stakeholder, best first.
    #[wasm_bindgen(js_name = accessPaths, unchecked_return_type = "AccessPath[]")]
    pub fn access_paths(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] to: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] k: JsValue,
    ) -> Result<JsValue, JsValue> {
        output(&self.inner.access_paths(&text(&to, "to")?, count(&k, "k")?).map_err(to_js)?)
    }

    /// The best path followed by up to `alternatives` (config) next most reliable ones.
    #[wasm_bindgen(js_name = alternativePaths, unchecked_return_type = "AccessPath[]")]
    pub fn alternative_paths(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] to: JsValue,
    ) -> Result<JsValue, JsValue> {
        output(&self.inner.alternative_paths(&text(&to, "to")?).map_err(to_js)?)
    }

    /// Contact gain u·(1 − stance/5)·reachability of every stakeholder.
    #[wasm_bindgen(js_name = contactGains)]
    pub fn contact_gains(&self) -> Vec<f64> {
        self.inner.contact_gains()
    }

    /// The `n` most influential stakeholders, most influential first.
    #[wasm_bindgen(js_name = topInfluencers, unchecked_return_type = "Influencer[]")]
    pub fn top_influencers(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
    ) -> Result<JsValue, JsValue> {
        output(&self.inner.top_influencers(count(&n, "n")?))
    }

    /// The headline: the most influential stakeholders, predicted support, coverage,
    /// red flags and the first next best contacts; `lengths` merged over the
    /// defaults (`{ topInfluencers: 5, nextBestContacts: 3 }`).
    #[wasm_bindgen(unchecked_return_type = "ChainSummary")]
    pub fn summary(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "SummaryLengths")] lengths: JsValue,
    ) -> Result<JsValue, JsValue> {
        output(&self.inner.summary(read_opt::<SummaryLengths>(&lengths)?))
    }

    /// The text report (the summary of the default lengths).
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        self.inner.to_string()
    }

    /// Each stakeholder's stance toward us as given in the map (`null` = unknown), in map order.
    #[wasm_bindgen(getter, unchecked_return_type = "(number | null)[]")]
    pub fn stances(&self) -> Result<JsValue, JsValue> {
        output(self.inner.stances())
    }

    /// The picture overlay of this chain on `map` (the map it was computed on):
    /// influence, red-flag markers, and our best path to the most influential
    /// economic buyer we reach, or to `highlight` when given. Pass it to `map.toSvg`.
    #[wasm_bindgen(unchecked_return_type = "Overlay")]
    pub fn overlay(
        &self,
        map: &JsRelationshipMap,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] highlight: JsValue,
    ) -> Result<JsValue, JsValue> {
        let overlay = Overlay::from_chain(&map.inner, &self.inner);
        let overlay = match opt_text(&highlight, "highlight")? {
            Some(to) => overlay.highlighting(&self.inner, &to).map_err(to_js)?,
            None => overlay,
        };
        output(&overlay)
    }
}

/// What changed between two snapshots of one account: players added and
/// removed, stance, role and reporting changes, relations added, removed or changed.
#[wasm_bindgen(unchecked_return_type = "MapDiff")]
pub fn diff(before: &JsRelationshipMap, after: &JsRelationshipMap) -> Result<JsValue, JsValue> {
    output(&relmap::chain::diff(&before.inner, &after.inner))
}

/// The default decision-chain config, every field filled in.
#[wasm_bindgen(js_name = defaultChainConfig, unchecked_return_type = "ChainConfig")]
pub fn default_chain_config() -> Result<JsValue, JsValue> {
    output(&ChainConfig::default())
}
