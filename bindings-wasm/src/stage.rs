//! Sales-stage identification.

use relmap::stage::StageModel;
use relmap::time::Timestamp;
use wasm_bindgen::prelude::*;

use crate::convert::{output, read_arg, read_opt};
use crate::errors::to_js;
use crate::map::JsRelationshipMap;

#[wasm_bindgen(typescript_custom_section)]
const STAGE_TS: &str = include_str!("../ts/stage.d.ts");

#[wasm_bindgen(js_class = RelationshipMap)]
impl JsRelationshipMap {
    /// The stage of every opportunity by its milestones, with what is missing for
    /// the next stage, the visit goals and whether the declared stage is ahead of
    /// the evidence. `model` defaults to `defaultStageModel()`; milestones after
    /// `asOf` do not count (absent = all count).
    #[wasm_bindgen(unchecked_return_type = "StageAssessment[]")]
    pub fn stages(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "StageModel")] model: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_optional_param_type = "string | null")] as_of: JsValue,
    ) -> Result<JsValue, JsValue> {
        let model: StageModel = read_opt(&model)?;
        let as_of: Option<Timestamp> = read_arg(&as_of)?;
        output(&self.inner.stages(&model, as_of).map_err(to_js)?)
    }
}

/// The default stage model: milestones, stages, win probabilities and visit goals.
#[wasm_bindgen(js_name = defaultStageModel, unchecked_return_type = "StageModel")]
pub fn default_stage_model() -> Result<JsValue, JsValue> {
    output(&StageModel::default())
}
