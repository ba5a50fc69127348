//! Deal health: a score, a status, explained factors and actions per opportunity.

use js_sys::{Object, Reflect};
use relmap::health::{CalibrationConfig, DealHealth, DealHealthConfig, Outcome, PortfolioHealth};
use relmap::render::ChartOptions;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::convert::js::{is_array, property};
use crate::convert::{output, read_arg, read_arg_at, read_opt};
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

/// Deal health of every opportunity of every map as of `asOf`, worst first, with
/// the factors that hurt most often (the core's `Portfolio::deal_health`).
/// `config` is the `DealHealthConfig` merged over its defaults.
#[wasm_bindgen(js_name = portfolioDealHealth, unchecked_return_type = "PortfolioHealth")]
pub fn portfolio_deal_health(
    #[wasm_bindgen(unchecked_param_type = "RelationshipMap[]")] maps: JsValue,
    #[wasm_bindgen(js_name = asOf, unchecked_param_type = "string")] as_of: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DealHealthConfig")] config: JsValue,
) -> Result<JsValue, JsValue> {
    let maps = crate::map::maps_of(&maps, "maps")?;
    let as_of: relmap::time::Timestamp = read_arg(&as_of).map_err(|_| invalid_argument("asOf", "expected a time"))?;
    let cfg: DealHealthConfig = read_opt(&config)?;
    output(&relmap::health::deal_health_of_maps(&maps, &cfg, as_of).map_err(to_js)?)
}

/// The portfolio view of deal health as a compact SVG chart (the core's
/// `render::deal_health_chart`): one bar per deal on 0..100, worst first, coloured by
/// status, then the factors that hurt most often. `view` is a `PortfolioHealth`
/// (`portfolioDealHealth`) or an array of `DealHealth` (from `dealHealth` of any maps);
/// the core gathers its deals again, so counts and tallies always agree with them.
#[wasm_bindgen(js_name = dealHealthChart)]
pub fn deal_health_chart(
    #[wasm_bindgen(unchecked_param_type = "PortfolioHealth | DealHealth[]")] view: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ChartOptions")] options: JsValue,
) -> Result<String, JsValue> {
    let (deals, name) = if is_array(&view) { (view, "view") } else { (property(&view, "deals"), "view.deals") };
    if !is_array(&deals) {
        return Err(invalid_argument(
            "view",
            "expected a PortfolioHealth (portfolioDealHealth) or an array of DealHealth",
        ));
    }
    let deals: Vec<DealHealth> = read_arg_at(&deals, name)?;
    let opts: ChartOptions = read_opt(&options)?;
    relmap::render::deal_health_chart(&PortfolioHealth::from_deals(deals), &opts).map_err(to_js)
}

/// Fits the factor weights to past deals by logistic regression (the core's
/// `health::calibrate`): `outcomes` are `{ values, won }` (e.g. a deal's
/// `values` at its last review before it closed); `config` the `DealHealthConfig`
/// to start from, `calibration` the `CalibrationConfig` (`minOutcomes` 40,
/// `minPerClass` 10, `folds` 5, ...). Too little history throws `too_few_outcomes`.
#[wasm_bindgen(js_name = calibrate, unchecked_return_type = "Calibration")]
pub fn calibrate(
    #[wasm_bindgen(unchecked_param_type = "Outcome[]")] outcomes: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DealHealthConfig | null")] config: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CalibrationConfig")] calibration: JsValue,
) -> Result<JsValue, JsValue> {
    if !js_sys::Array::is_array(&outcomes) {
        return Err(invalid_argument("outcomes", "expected an array of { values, won }"));
    }
    let outcomes: Vec<Outcome> = read_arg(&outcomes)?;
    let cfg: DealHealthConfig = read_opt(&config)?;
    let cal: CalibrationConfig = read_opt(&calibration)?;
    output(&relmap::health::calibrate(&outcomes, &cfg, &cal).map_err(to_js)?)
}
