//! The customer classification matrix and the competition matrix.

use std::collections::HashMap;

use js_sys::Reflect;
use relmap::matrix::{AccountPoint, ClassificationConfig, CompetitionConfig};
use relmap::time::Timestamp;
use relmap::trust::TrustConfig;
use relmap::RelationshipMap;
use wasm_bindgen::prelude::*;

use crate::convert::js::{is_array, keys};
use crate::convert::{output, read_arg, read_config};
use crate::errors::{invalid_argument, to_js};
use crate::map::{maps_of, JsRelationshipMap};

#[wasm_bindgen(typescript_custom_section)]
const MATRIX_TS: &str = include_str!("../ts/matrix.d.ts");

#[wasm_bindgen(js_class = RelationshipMap)]
impl JsRelationshipMap {
    /// The competition matrix of every opportunity with decision criteria, each
    /// stakeholder weighted by `influence` (id → share, e.g. `chain.influenceMap()`;
    /// absent = equal weights).
    #[wasm_bindgen(unchecked_return_type = "CompetitionMatrix[]")]
    pub fn competition(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Record<string, number> | null")] influence: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CompetitionConfig")] config: JsValue,
    ) -> Result<JsValue, JsValue> {
        let influence: Option<HashMap<String, f64>> = read_arg(&influence)?;
        let cfg: CompetitionConfig = read_config(&config)?;
        output(&self.inner.competition_matrices(influence.as_ref(), &cfg).map_err(to_js)?)
    }
}

/// The customer classification matrix: each account's quadrant, strategy and
/// resource priority from its two coordinates (default: predicted value ×
/// relationship strength, cut at the medians).
#[wasm_bindgen(unchecked_return_type = "ClassificationMatrix")]
pub fn classify(
    #[wasm_bindgen(unchecked_param_type = "AccountPoint[]")] points: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ClassificationConfig")] config: JsValue,
) -> Result<JsValue, JsValue> {
    let points: Vec<AccountPoint> = read_arg(&points)?;
    let cfg: ClassificationConfig = read_config(&config)?;
    output(&relmap::matrix::classify(&points, &cfg).map_err(to_js)?)
}

/// `{ id: value, ... }` as pairs, in the object's key order.
fn ordered_values(values: &JsValue) -> Result<Vec<(String, f64)>, JsValue> {
    if !values.is_object() || is_array(values) {
        return Err(invalid_argument("values", "expected an object of account id → value"));
    }
    keys(values, "values")
        .map_err(|e| invalid_argument(&e.path, e.message))?
        .iter()
        .map(|key| {
            let id = key.as_string().unwrap_or_default();
            let value = Reflect::get(values, &key)?;
            let value = value.as_f64().ok_or_else(|| invalid_argument(&format!("values.{id}"), "expected a number"))?;
            Ok((id, value))
        })
        .collect()
}

/// The customer classification matrix of a portfolio: the value axis from
/// `values` (account id → predicted value, e.g. CLV), the relationship axis from
/// each map's trust as of `asOf` (`TrustReport.relationshipStrength`, the key
/// contacts' mean best composite, 0..100). An account in `values` without a map
/// has relationship 0; a map whose account has no value throws `missing_value`.
#[wasm_bindgen(js_name = classifyPortfolio, unchecked_return_type = "ClassificationMatrix")]
pub fn classify_portfolio(
    #[wasm_bindgen(unchecked_param_type = "RelationshipMap[]")] maps: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, number>")] values: JsValue,
    #[wasm_bindgen(js_name = asOf, unchecked_param_type = "string")] as_of: JsValue,
    #[wasm_bindgen(js_name = trustConfig, unchecked_optional_param_type = "TrustConfig | null")] trust_config: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ClassificationConfig")] config: JsValue,
) -> Result<JsValue, JsValue> {
    let maps = maps_of(&maps, "maps")?;
    let values = ordered_values(&values)?;
    let as_of: Timestamp = read_arg(&as_of)?;
    let trust: TrustConfig = read_config(&trust_config)?;
    let cfg: ClassificationConfig = read_config(&config)?;
    let maps: Vec<&RelationshipMap> = maps.iter().collect();
    output(&relmap::matrix::classify_accounts(&maps, &values, &trust, as_of, &cfg).map_err(to_js)?)
}
