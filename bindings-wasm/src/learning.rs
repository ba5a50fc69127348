//! Learning from the team: merged perceptions of one account, openness fitted
//! from an account's history, and the portfolio's people and access network.
//!
//! Maps are read through their documents (an array or object argument cannot lend
//! the maps themselves, and must leave them usable); the consensus map and the maps
//! of a simulated history come back as `RelationshipMap` objects.

use js_sys::{Array, Object, Reflect};
use relmap::chain::ChainConfig;
use relmap::history::{self, fit_openness, FitConfig, OpennessFit, SimulationConfig, Snapshot};
use relmap::model::Portfolio;
use relmap::network::{NetworkConfig, PortfolioNetwork};
use relmap::perception::{merge_perceptions, MergeConfig, MergeRule};
use relmap::time::Timestamp;
use relmap::RelationshipMap;
use wasm_bindgen::prelude::*;

use crate::convert::js::{is_array, items, keys, property};
use crate::convert::ser::camel;
use crate::convert::{count, opt_count, output, read_arg, read_opt, text};
use crate::errors::{invalid_argument, to_js};
use crate::map::{map_of, maps_of, JsRelationshipMap};

#[wasm_bindgen(typescript_custom_section)]
const LEARNING_TS: &str = include_str!("../ts/learning.d.ts");

/// A result whose structs flatten another into them (`Dispute`, `Appearance`,
/// `MemberTie`, `PathStep`): serde writes a flattened struct as a map, whose keys the
/// camelCase output leaves as they are (map keys are data), so every key is renamed
/// here. None of these results holds a map keyed by ids.
fn flat_output<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    fn rename(v: serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(o) => {
                serde_json::Value::Object(o.into_iter().map(|(k, v)| (camel(&k), rename(v))).collect())
            }
            serde_json::Value::Array(a) => serde_json::Value::Array(a.into_iter().map(rename).collect()),
            other => other,
        }
    }
    let json = serde_json::to_value(value).map_err(|e| crate::errors::internal(&e.to_string()))?;
    output(&rename(json))
}

/// The consensus of several perceptions of one account (`{ memberId: map, ... }`)
/// under `rule`: `"intersection"`, `"union"`, `{ share: 0.5 }`, `"las_and"` or
/// `"las_or"`. The result's `map` is a `RelationshipMap`; `accuracy` (per
/// perceiver), `disputes` (most at stake first), `influence` (per stakeholder, the
/// consensus influence and its range across perceptions), `support` and `unjudged`
/// are plain data.
#[wasm_bindgen(js_name = mergePerceptions, unchecked_return_type = "MergedPerceptions")]
pub fn merge_perceptions_js(
    #[wasm_bindgen(unchecked_param_type = "Record<string, RelationshipMap>")] perceptions: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MergeRule")] rule: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MergeConfig")] config: JsValue,
) -> Result<JsValue, JsValue> {
    if !perceptions.is_object() || is_array(&perceptions) {
        return Err(invalid_argument("perceptions", "expected an object of perceiver id → RelationshipMap"));
    }
    let rule: MergeRule = if rule.is_undefined() || rule.is_null() { MergeRule::Union } else { read_arg(&rule)? };
    let cfg: MergeConfig = read_opt(&config)?;
    let mut list: Vec<(String, RelationshipMap)> = Vec::new();
    for k in keys(&perceptions, "perceptions").map_err(|e| invalid_argument(&e.path, e.message))?.iter() {
        let id = k.as_string().unwrap_or_default();
        let map = map_of(&property(&perceptions, &id), &format!("perceptions.{id}"))?;
        list.push((id, map));
    }
    let merged = merge_perceptions(list.iter().map(|(id, m)| (id.as_str(), m)), rule, &cfg).map_err(to_js)?;
    let out = Object::new();
    let set = |k: &str, v: &JsValue| Reflect::set(&out, &JsValue::from_str(k), v).map(|_| ());
    set("map", &JsRelationshipMap::from(merged.map.clone()).into())?;
    set("rule", &output(&merged.rule)?)?;
    set("perceivers", &output(&merged.perceivers)?)?;
    set("accuracy", &output(&merged.accuracy)?)?;
    set("disputes", &flat_output(&merged.disputes)?)?;
    set("influence", &output(&merged.influence)?)?;
    set("support", &output(&merged.support)?)?;
    set("unjudged", &output(&merged.unjudged)?)?;
    Ok(out.into())
}

/// Snapshots `[{ at, map }, ...]` read into owned maps and times.
fn snapshots_of(value: &JsValue) -> Result<Vec<(Timestamp, RelationshipMap)>, JsValue> {
    if !is_array(value) {
        return Err(invalid_argument("snapshots", "expected an array of { at, map }"));
    }
    items(value, "snapshots")
        .map_err(|e| invalid_argument(&e.path, e.message))?
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let at: Timestamp = read_arg(&property(&s, "at"))
                .map_err(|_| invalid_argument(&format!("snapshots[{i}].at"), "expected a date or time string"))?;
            Ok((at, map_of(&property(&s, "map"), &format!("snapshots[{i}].map"))?))
        })
        .collect()
}

fn borrowed(list: &[(Timestamp, RelationshipMap)]) -> Vec<Snapshot<'_>> {
    list.iter().map(|(at, map)| Snapshot { at: *at, map }).collect()
}

/// Each stakeholder's openness to influence fitted by least squares on how stances
/// moved between snapshots of one account in time order (Friedkin–Johnsen), with
/// standard errors; `config.rescale` also fits one factor on the relation strengths.
#[wasm_bindgen(js_name = fitOpenness, unchecked_return_type = "OpennessFit")]
pub fn fit_openness_js(
    #[wasm_bindgen(unchecked_param_type = "Snapshot[]")] snapshots: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "OpennessFitConfig")] config: JsValue,
) -> Result<JsValue, JsValue> {
    let cfg: FitConfig = read_opt(&config)?;
    let list = snapshots_of(&snapshots)?;
    output(&fit_openness(&borrowed(&list), &cfg).map_err(to_js)?)
}

/// Fits on every snapshot but the last and scores the predicted last snapshot
/// (RMSE, MAE and the no-change baseline).
#[wasm_bindgen(js_name = opennessHoldout, unchecked_return_type = "OpennessHoldout")]
pub fn openness_holdout(
    #[wasm_bindgen(unchecked_param_type = "Snapshot[]")] snapshots: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "OpennessFitConfig")] config: JsValue,
) -> Result<JsValue, JsValue> {
    let cfg: FitConfig = read_opt(&config)?;
    let list = snapshots_of(&snapshots)?;
    output(&history::holdout(&borrowed(&list), &cfg).map_err(to_js)?)
}

/// The next stances predicted by a fit from the map `last`.
#[wasm_bindgen(js_name = predictNext, unchecked_return_type = "PredictedStance[]")]
pub fn predict_next(
    #[wasm_bindgen(unchecked_param_type = "OpennessFit")] fit: JsValue,
    last: &JsRelationshipMap,
    #[wasm_bindgen(unchecked_optional_param_type = "ChainConfig")] chain: JsValue,
) -> Result<JsValue, JsValue> {
    let fit: OpennessFit = read_arg(&fit)?;
    let chain: ChainConfig = read_opt(&chain)?;
    output(&fit.predict_next(&last.inner, &chain))
}

/// A copy of `map` with every openness the fit identified written in.
#[wasm_bindgen(js_name = applyOpenness)]
pub fn apply_openness(
    #[wasm_bindgen(unchecked_param_type = "OpennessFit")] fit: JsValue,
    map: &JsRelationshipMap,
) -> Result<JsRelationshipMap, JsValue> {
    let fit: OpennessFit = read_arg(&fit)?;
    fit.apply_openness(&map.inner).map(JsRelationshipMap::from).map_err(to_js)
}

/// A history simulated from `map` by the Friedkin–Johnsen dynamics, seeded:
/// `[{ at, map }, ...]`, the starting map first.
#[wasm_bindgen(js_name = simulateHistory, unchecked_return_type = "Snapshot[]")]
pub fn simulate_history(
    map: &JsRelationshipMap,
    #[wasm_bindgen(unchecked_optional_param_type = "SimulationConfig")] config: JsValue,
) -> Result<JsValue, JsValue> {
    let cfg: SimulationConfig = read_opt(&config)?;
    let out = Array::new();
    for (at, m) in history::simulate(&map.inner, &cfg).map_err(to_js)? {
        let s = Object::new();
        Reflect::set(&s, &"at".into(), &JsValue::from(at.to_string()))?;
        Reflect::set(&s, &"map".into(), &JsRelationshipMap::from(m).into())?;
        out.push(&s);
    }
    Ok(out.into())
}

/// The portfolio's people and access network: appearances of every stakeholder of
/// every account, joined into persons by the identity keys (`identity: ["email"]`,
/// `["stakeholder_id"]`, `[{ crm_id: "salesforce" }]`) and `links`; our team's ties
/// and the access edges of every account. Built once, asked many times.
#[wasm_bindgen(js_name = PortfolioNetwork)]
pub struct JsPortfolioNetwork {
    inner: PortfolioNetwork,
}

#[wasm_bindgen(js_class = PortfolioNetwork)]
impl JsPortfolioNetwork {
    /// The network of `maps` (one per account) under `config`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "RelationshipMap[]")] maps: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "NetworkConfig")] config: JsValue,
    ) -> Result<JsPortfolioNetwork, JsValue> {
        let cfg: NetworkConfig = read_opt(&config)?;
        let portfolio = Portfolio { maps: maps_of(&maps, "maps")? };
        portfolio.network(&cfg).map(|inner| JsPortfolioNetwork { inner }).map_err(to_js)
    }

    /// The accounts, in portfolio order.
    #[wasm_bindgen(getter)]
    pub fn accounts(&self) -> Vec<String> {
        self.inner.accounts().to_vec()
    }

    /// Our team members, in order of first appearance.
    #[wasm_bindgen(getter)]
    pub fn members(&self) -> Vec<String> {
        self.inner.members().to_vec()
    }

    /// Every appearance: accounts in portfolio order, stakeholders in map order.
    #[wasm_bindgen(getter, unchecked_return_type = "Appearance[]")]
    pub fn appearances(&self) -> Result<JsValue, JsValue> {
        flat_output(self.inner.appearances())
    }

    /// Every person (their key and the indices of their appearances).
    #[wasm_bindgen(getter, unchecked_return_type = "Person[]")]
    pub fn people(&self) -> Result<JsValue, JsValue> {
        output(self.inner.people())
    }

    /// The people who appear in more than one account.
    #[wasm_bindgen(getter, js_name = sharedPeople, unchecked_return_type = "Person[]")]
    pub fn shared_people(&self) -> Result<JsValue, JsValue> {
        output(&self.inner.shared_people())
    }

    /// Every tie of our team with a positive strength.
    #[wasm_bindgen(getter, unchecked_return_type = "MemberTie[]")]
    pub fn ties(&self) -> Result<JsValue, JsValue> {
        flat_output(self.inner.ties())
    }

    /// People who left one account for another, oldest first.
    #[wasm_bindgen(getter, unchecked_return_type = "PersonMove[]")]
    pub fn moves(&self) -> Result<JsValue, JsValue> {
        output(self.inner.moves())
    }

    /// Each member's `perMember` strongest ties anywhere, strongest first.
    #[wasm_bindgen(js_name = strongestTies, unchecked_return_type = "MemberTie[]")]
    pub fn strongest_ties(
        &self,
        #[wasm_bindgen(js_name = perMember, unchecked_param_type = "number")] per_member: JsValue,
    ) -> Result<JsValue, JsValue> {
        flat_output(&self.inner.strongest_ties(count(&per_member, "perMember")?))
    }

    /// The person a stakeholder of an account is (`null` when there is none).
    #[wasm_bindgen(unchecked_return_type = "Person | null")]
    pub fn person(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] account: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] stakeholder: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (account, stakeholder) = (text(&account, "account")?, text(&stakeholder, "stakeholder")?);
        output(&self.inner.person(&account, &stakeholder))
    }

    /// The `k` (default 3) most reliable paths from our team into `stakeholder` of
    /// `account` through a person known in another account, best first.
    #[wasm_bindgen(js_name = warmPaths, unchecked_return_type = "WarmPath[]")]
    pub fn warm_paths(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] account: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] stakeholder: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] k: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (account, stakeholder) = (text(&account, "account")?, text(&stakeholder, "stakeholder")?);
        let k = opt_count(&k, "k", 3)?;
        flat_output(&self.inner.warm_paths(&account, &stakeholder, k).map_err(to_js)?)
    }
}
