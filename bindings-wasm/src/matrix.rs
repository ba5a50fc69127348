//! The customer classification matrix and the competition matrix.

use std::collections::HashMap;

use relmap::matrix::{AccountPoint, ClassificationConfig, CompetitionConfig};
use wasm_bindgen::prelude::*;

use crate::convert::{output, read_arg, read_opt};
use crate::errors::to_js;
use crate::map::JsRelationshipMap;

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
        let cfg: CompetitionConfig = read_opt(&config)?;
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
    let cfg: ClassificationConfig = read_opt(&config)?;
    output(&relmap::matrix::classify(&points, &cfg).map_err(to_js)?)
}
