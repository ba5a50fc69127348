//! Pictures of a map: SVG drawn by the core, Graphviz DOT, Mermaid, Cytoscape.js JSON.

use relmap::render::{self, Overlay, RenderOptions};
use wasm_bindgen::prelude::*;

use crate::convert::{output, read_config, read_opt};
use crate::errors::to_js;
use crate::map::JsRelationshipMap;

#[wasm_bindgen(typescript_custom_section)]
const RENDER_TS: &str = include_str!("../ts/render.d.ts");

fn inputs(overlay: &JsValue, options: &JsValue) -> Result<(Overlay, RenderOptions), JsValue> {
    Ok((read_opt(overlay)?, read_config(options)?))
}

#[wasm_bindgen(js_class = RelationshipMap)]
impl JsRelationshipMap {
    /// The map as a standalone SVG document: the org chart as a tree, relations
    /// over it, colour = stance, size = the overlay's influence, flag markers and
    /// a highlighted path. Each stakeholder is a `<g id="node-{id}">`.
    #[wasm_bindgen(js_name = toSvg)]
    pub fn to_svg(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Overlay | null")] overlay: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RenderOptions")] options: JsValue,
    ) -> Result<String, JsValue> {
        let (overlay, opts) = inputs(&overlay, &options)?;
        render::svg(&self.inner, &overlay, &opts).map_err(to_js)
    }

    /// The map as Graphviz DOT.
    #[wasm_bindgen(js_name = toDot)]
    pub fn to_dot(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Overlay | null")] overlay: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RenderOptions")] options: JsValue,
    ) -> Result<String, JsValue> {
        let (overlay, opts) = inputs(&overlay, &options)?;
        render::dot(&self.inner, &overlay, &opts).map_err(to_js)
    }

    /// The map as a Mermaid flowchart.
    #[wasm_bindgen(js_name = toMermaid)]
    pub fn to_mermaid(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Overlay | null")] overlay: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RenderOptions")] options: JsValue,
    ) -> Result<String, JsValue> {
        let (overlay, opts) = inputs(&overlay, &options)?;
        render::mermaid(&self.inner, &overlay, &opts).map_err(to_js)
    }

    /// The map as Cytoscape.js JSON (elements with positions from the SVG layout, and a style).
    #[wasm_bindgen(js_name = toCytoscape, unchecked_return_type = "CytoscapeJson")]
    pub fn to_cytoscape(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Overlay | null")] overlay: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RenderOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (overlay, opts) = inputs(&overlay, &options)?;
        output(&render::cytoscape(&self.inner, &overlay, &opts).map_err(to_js)?)
    }
}

/// The default render options, every field filled in.
#[wasm_bindgen(js_name = defaultRenderOptions, unchecked_return_type = "RenderOptions")]
pub fn default_render_options() -> Result<JsValue, JsValue> {
    output(&RenderOptions::default())
}
