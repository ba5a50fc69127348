//! Four-pillar trust scoring.

use relmap::time::Timestamp;
use relmap::trust::TrustConfig;
use wasm_bindgen::prelude::*;

use crate::convert::{output, read_arg, read_config, text};
use crate::errors::to_js;
use crate::map::JsRelationshipMap;

#[wasm_bindgen(typescript_custom_section)]
const TRUST_TS: &str = include_str!("../ts/trust.d.ts");

/// The analysis date of `map`: the one given, else the core's rule
/// ([`relmap::RelationshipMap::analysis_date`]).
pub(crate) fn analysis_date(map: &relmap::RelationshipMap, as_of: &JsValue) -> Result<Timestamp, JsValue> {
    Ok(map.analysis_date(read_arg(as_of)?))
}

#[wasm_bindgen(js_class = RelationshipMap)]
impl JsRelationshipMap {
    /// Trust for every (team member, stakeholder) pair as of a time (RFC 3339 or
    /// `YYYY-MM-DD`; absent = the map's latest dated item), with `config`
    /// merged over the defaults (`defaultTrustConfig()`).
    #[wasm_bindgen(unchecked_return_type = "TrustReport")]
    pub fn trust(
        &self,
        #[wasm_bindgen(js_name = asOf, unchecked_optional_param_type = "string | null")] as_of: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "TrustConfig")] config: JsValue,
    ) -> Result<JsValue, JsValue> {
        let as_of = analysis_date(&self.inner, &as_of)?;
        let cfg: TrustConfig = read_config(&config)?;
        output(&self.inner.trust(&cfg, as_of).map_err(to_js)?)
    }

    /// The trust of one (member, stakeholder) pair at each of `dates` (one score per date, in order).
    #[wasm_bindgen(js_name = trustTimeline, unchecked_return_type = "TrustScore[]")]
    pub fn trust_timeline(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] member: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] stakeholder: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]")] dates: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "TrustConfig")] config: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (member, stakeholder) = (text(&member, "member")?, text(&stakeholder, "stakeholder")?);
        let dates: Vec<Timestamp> = read_arg(&dates)?;
        let cfg: TrustConfig = read_config(&config)?;
        output(&self.inner.trust_timeline(&cfg, &member, &stakeholder, &dates).map_err(to_js)?)
    }
}

/// The default trust config, every field filled in.
#[wasm_bindgen(js_name = defaultTrustConfig, unchecked_return_type = "TrustConfig")]
pub fn default_trust_config() -> Result<JsValue, JsValue> {
    output(&TrustConfig::default())
}
