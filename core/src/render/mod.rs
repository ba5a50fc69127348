//! Pictures of a relationship map: SVG drawn here with no external tools, and
//! Graphviz DOT, Mermaid and Cytoscape.js JSON for laying out elsewhere; and the
//! diagnostic charts of the customer-value models ([`value`], same house style,
//! [`ChartOptions`]).
//!
//! Every format takes the map, an [`Overlay`] of analysis results (decision
//! influence, red flags, a path to highlight; all optional) and
//! [`RenderOptions`], and carries the same attributes: stance, roles,
//! influence, flags, departments and the relations.
//!
//! The SVG lays the org chart out as a tidy tree (departments side by side,
//! see [`layout`]), draws the influence, ally, conflict and informs lines over
//! it, fills each box by stance (a diverging red–grey–green scale; unknown is
//! hatched with a dashed border), sizes it by decision influence, and adds
//! role badges, red-flag markers, a title and a legend. [`Overlay::from_chain`]
//! (or `chain.overlay(&map)`) draws a decision-chain analysis: influence as size,
//! its red flags, and the best path to the economic buyer highlighted. Output is
//! deterministic: the same input gives byte-identical output.
//!
//! ```
//! use relmap::model::{Account, Relation, RelationKind, RelationshipMap, Role, Stakeholder};
//! use relmap::render::{self, Overlay, RenderOptions};
//!
//! let mut map = RelationshipMap::new(Account::new("acme", "Acme 集团"));
//! map.add_stakeholder(Stakeholder::new("ceo", "陈伟").with_roles([Role::EconomicBuyer]).with_stance(1.0))?;
//! map.add_stakeholder(Stakeholder::new("cio", "Liu Yang").with_reports_to("ceo").with_stance(4.0))?;
//! map.add_relation(Relation::new("cio", "ceo", RelationKind::Influences, 0.8))?;
//!
//! let overlay = Overlay::default().with_influence("ceo", 0.7).with_influence("cio", 0.3);
//! let svg = render::svg(&map, &overlay, &RenderOptions::default())?;
//! assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
//! assert!(svg.contains(r#"<g id="node-ceo" class="stakeholder"#));
//!
//! let dot = render::dot(&map, &overlay, &RenderOptions::default())?;
//! assert!(dot.starts_with("digraph"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod bundle;
mod chart;
mod chart_scale;
mod cytoscape;
mod dot;
mod error;
mod from_chain;
mod health_chart;
mod layout;
mod legend;
mod lines;
mod matrix_view;
mod mermaid;
mod options;
mod qualification;
mod routing;
mod scene;
mod style;
mod svg;
mod svg_marks;
mod text;
pub mod value;

pub use chart::ChartOptions;
pub use error::RenderError;
pub use health_chart::deal_health_chart;
pub use layout::{layout, Band, Layout, NodeBox, Rect};
pub use lines::{LineLimit, LineOptions, Switch, View};
pub use options::{
    LayoutConfig, Overlay, RenderOptions, Theme, MAX_BOW_STEPS, MAX_FACTOR, MAX_PX, MAX_ROUTE_SAMPLES, MIN_WIDTH_PX,
};
pub use text::{text_width, FONT_STACK};

use crate::RelationshipMap;
use scene::Scene;

/// The map as a standalone SVG document (UTF-8 text), also valid inline in HTML
/// and notebooks.
///
/// Each stakeholder is a `<g id="node-{id}" class="stakeholder ...">` with a
/// `<title>` tooltip and `data-id`, `data-stance`, `data-influence` attributes.
///
/// Fails if the overlay names an unknown id or holds a bad number, or an
/// option is out of range.
pub fn svg(map: &RelationshipMap, overlay: &Overlay, opts: &RenderOptions) -> Result<String, RenderError> {
    Ok(svg::write_svg(&Scene::build(map, overlay, opts)?))
}

/// The map as a Graphviz `digraph`: one cluster per department, the org chart
/// as plain edges, relations styled by kind, every attribute carried along.
///
/// ```
/// # use relmap::model::{Account, RelationshipMap, Stakeholder};
/// # use relmap::render::{self, Overlay, RenderOptions};
/// let mut map = RelationshipMap::new(Account::new("a", "A"));
/// map.add_stakeholder(Stakeholder::new("ceo", "陈伟").with_department("总经办"))?;
/// let dot = render::dot(&map, &Overlay::default(), &RenderOptions::default())?;
/// assert!(dot.contains("subgraph \"cluster_0\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn dot(map: &RelationshipMap, overlay: &Overlay, opts: &RenderOptions) -> Result<String, RenderError> {
    Ok(dot::write_dot(&Scene::build(map, overlay, opts)?))
}

/// The map as a Mermaid `flowchart TB`: one subgraph per department,
/// `classDef`s for the stance bands, `linkStyle`s for the relation kinds.
///
/// ```
/// # use relmap::model::{Account, RelationshipMap, Stakeholder};
/// # use relmap::render::{self, Overlay, RenderOptions};
/// let mut map = RelationshipMap::new(Account::new("a", "A"));
/// map.add_stakeholder(Stakeholder::new("ceo", "Chen \"the boss\"").with_stance(2.0))?;
/// let m = render::mermaid(&map, &Overlay::default(), &RenderOptions::default())?;
/// assert!(m.contains("\nflowchart TB\n"));
/// assert!(m.contains("#quot;the boss#quot;"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn mermaid(map: &RelationshipMap, overlay: &Overlay, opts: &RenderOptions) -> Result<String, RenderError> {
    Ok(mermaid::write_mermaid(&Scene::build(map, overlay, opts)?))
}

/// The map as Cytoscape.js JSON: `{"elements": {"nodes": [...], "edges": [...]},
/// "style": [...], "layout": {...}}`, with departments as compound parent
/// nodes and the SVG layout's positions under each node's `position` (use the
/// `preset` layout to keep them).
///
/// ```
/// # use relmap::model::{Account, RelationshipMap, Stakeholder};
/// # use relmap::render::{self, Overlay, RenderOptions};
/// let mut map = RelationshipMap::new(Account::new("a", "A"));
/// map.add_stakeholder(Stakeholder::new("ceo", "陈伟"))?;
/// let cy = render::cytoscape(&map, &Overlay::default(), &RenderOptions::default())?;
/// assert_eq!(cy["elements"]["nodes"][0]["data"]["id"], "ceo");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn cytoscape(
    map: &RelationshipMap,
    overlay: &Overlay,
    opts: &RenderOptions,
) -> Result<serde_json::Value, RenderError> {
    Ok(cytoscape::write_cytoscape(&Scene::build(map, overlay, opts)?))
}

impl RelationshipMap {
    /// The map as SVG with no overlay (see [`svg`]).
    ///
    /// ```
    /// use relmap::model::{Account, RelationshipMap, Stakeholder};
    /// use relmap::render::RenderOptions;
    /// let mut map = RelationshipMap::new(Account::new("a", "A"));
    /// map.add_stakeholder(Stakeholder::new("ceo", "陈伟"))?;
    /// assert!(map.to_svg(&RenderOptions::default())?.contains("陈伟"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_svg(&self, opts: &RenderOptions) -> Result<String, RenderError> {
        svg(self, &Overlay::default(), opts)
    }

    /// The map as Graphviz DOT with no overlay (see [`dot`]).
    pub fn to_dot(&self, opts: &RenderOptions) -> Result<String, RenderError> {
        dot(self, &Overlay::default(), opts)
    }

    /// The map as a Mermaid flowchart with no overlay (see [`mermaid`]).
    pub fn to_mermaid(&self, opts: &RenderOptions) -> Result<String, RenderError> {
        mermaid(self, &Overlay::default(), opts)
    }

    /// The map as Cytoscape.js JSON with no overlay (see [`cytoscape`]).
    pub fn to_cytoscape(&self, opts: &RenderOptions) -> Result<serde_json::Value, RenderError> {
        cytoscape(self, &Overlay::default(), opts)
    }
}
