//! Deal health: a score, a status, explained factors and actions per opportunity.

use js_sys::{Object, Reflect};
use relmap::health::DealHealthConfig;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::convert::{output, read_arg};
use crate::errors::{invalid_argument, to_js};
use crate::map::JsRelationshipMap;
use crate::trust::analysis_date;

#[wasm_bindgen(typescript_custom_section)]
const HEALTH_TS: &str = include_str!("../ts/health.d.ts");

#[wasm_bindgen(js_class = RelationshipMap)]
impl JsRelationshipMap {
    /// The health of every opportunity, in map order: a score 0..100, a status,
    /// the factors behind every point and the top actions. `config` is the
    /// core's `DealHealthConfig` merged over its defaults, plus `asOf` (RFC 3339
    /// or `YYYY-MM-DD`; absent = the map's latest dated item).
    #[wasm_bindgen(js_name = dealHealth, unchecked_return_type = "DealHealth[]")]
    pub fn deal_health(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "DealHealthConfig & { asOf?: string | null }")] config: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (as_of, cfg) = if config.is_undefined() || config.is_null() {
            (JsValue::UNDEFINED, DealHealthConfig::default())
        } else if config.is_object() && !js_sys::Array::is_array(&config) {
            let as_of = Reflect::get(&config, &JsValue::from_str("asOf")).unwrap_or(JsValue::UNDEFINED);
            let rest = Object::assign(&Object::new(), config.unchecked_ref());
            let _ = Reflect::delete_property(&rest, &JsValue::from_str("asOf"));
            (as_of, read_arg(&rest)?)
        } else {
            return Err(invalid_argument("config", "expected a config object"));
        };
        let as_of = analysis_date(&self.inner, &as_of)?;
        output(&self.inner.deal_health(&cfg, as_of).map_err(to_js)?)
    }
}
