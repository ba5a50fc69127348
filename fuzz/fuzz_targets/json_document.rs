//! The JSON document: load → write → reload equal → decision chain → trust → pictures.
//!
//! Any text either fails with a typed error or loads into a map that writes back
//! byte-stable, reloads equal (also through the CSV form, where that form can
//! carry the map), and analyses and draws without a panic, a hang or a
//! non-finite number.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relmap::chain::ChainConfig;
use relmap::io::csv::{read_map_files, write_map_files};
use relmap::render::{self, Overlay, RenderOptions};
use relmap::time::Timestamp;
use relmap::trust::TrustConfig;
use relmap::RelationshipMap;

mod common;
use common::{assert_finite, assert_not_negative_zero, ok};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Some(map) = ok(RelationshipMap::from_json(text)) else { return };

    // Nothing lost: the written document reloads equal and writes the same bytes.
    let json = map.to_json();
    let back = RelationshipMap::from_json(&json).unwrap_or_else(|e| panic!("written document refused: {e}\n{json}"));
    assert_eq!(back, map);
    assert_eq!(back.to_json(), json);
    // The CSV form either carries the map or refuses it with a typed error.
    if let Some(files) = ok(write_map_files(&map)) {
        let again = read_map_files(&files).unwrap_or_else(|e| panic!("written CSV refused: {e}"));
        assert_eq!(again, map);
    }

    // Analyses.
    let latest = map
        .interactions()
        .iter()
        .map(|i| i.at)
        .chain(map.evidence().iter().map(|e| e.at))
        .max()
        .unwrap_or(Timestamp(0));
    let chain = ok(map.decision_chain(&ChainConfig { as_of: Some(latest), ..ChainConfig::default() }));
    if let Some(chain) = &chain {
        assert_finite("chain", chain);
        let share = chain.coverage().share;
        assert_not_negative_zero("coverage", share);
        assert_not_negative_zero("predicted_support", chain.predicted_support());
        for &u in chain.decision_influence() {
            assert_not_negative_zero("influence", u);
        }
        assert!((0.0..=1.0 + 1e-9).contains(&share), "coverage {share}");
        let s = chain.predicted_support();
        assert!((-1.0 - 1e-9..=1.0 + 1e-9).contains(&s), "support {s}");
        let summary = chain.to_string();
        let words = summary.split(|c: char| !(c.is_alphanumeric() || c == '.'));
        assert!(!summary.contains("-0.0%") && !words.into_iter().any(|w| w == "NaN" || w == "inf"), "{summary}");
        for id in chain.stakeholder_ids().iter().take(3) {
            // Ids of the chain itself are known: a path or none, never `not_found`.
            if let Some(p) = chain.best_path(id).expect("a stakeholder of the chain") {
                assert_finite("best_path", &p);
            }
        }
    }
    if let Some(report) = ok(map.trust(&TrustConfig::default(), latest)) {
        assert_finite("trust", &report);
        for s in report.scores() {
            assert!((0.0..=100.0).contains(&s.composite), "composite {}", s.composite);
        }
    }
    // An as_of far outside the supported years is handled, not overflowed.
    let _ = ok(map.trust(&TrustConfig::default(), Timestamp(i64::MAX)));

    // Pictures.
    let overlay = chain.as_ref().map(|c| Overlay::from_chain(&map, c)).unwrap_or_default();
    let opts = RenderOptions::default();
    if let Some(svg) = ok_render(render::svg(&map, &overlay, &opts)) {
        assert!(svg.starts_with("<svg") && !svg.contains("NaN") && !svg.contains("inf\""), "svg");
        assert!(!svg.chars().any(|c| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')), "control in svg");
    }
    if let Some(dot) = ok_render(render::dot(&map, &overlay, &opts)) {
        assert!(!dot.chars().any(|c| c.is_control() && c != '\n'), "control in DOT");
    }
    if let Some(mermaid) = ok_render(render::mermaid(&map, &overlay, &opts)) {
        assert!(!mermaid.contains("%%"), "directive or comment in Mermaid");
        assert!(!mermaid.chars().any(|c| c.is_control() && c != '\n'), "control in Mermaid");
    }
    if let Some(cy) = ok_render(render::cytoscape(&map, &overlay, &opts)) {
        assert_finite("cytoscape", &cy);
    }
});

fn ok_render<T>(r: Result<T, relmap::render::RenderError>) -> Option<T> {
    ok(r.map_err(relmap::Error::from))
}
