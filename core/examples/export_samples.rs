//! Normalises the sample documents in `examples/data/` and writes each one's CSV folder.
//!
//! ```text
//! python3 examples/data/generate_samples.py     # writes the JSON documents
//! cargo run -p relmap --example export_samples  # canonical JSON + CSV folders
//! ```
//!
//! The JSON document is the source of truth: this rewrites it in the canonical
//! `relmap/2` form (the form `to_json` writes) and regenerates the CSV folder
//! beside it with `relmap::io::csv::write_map`. `core/tests/samples.rs` fails
//! when either is out of date.

use std::error::Error;
use std::path::PathBuf;

/// The samples, by file stem.
const SAMPLES: [&str; 2] = ["manufacturing_cloud", "city_construction_tender"];

fn main() -> Result<(), Box<dyn Error>> {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data");
    for name in SAMPLES {
        let json = data.join(format!("{name}.json"));
        let map = relmap::io::load(&json)?;
        std::fs::write(&json, map.to_json())?;
        relmap::io::csv::write_map(&map, data.join(name))?;
        println!(
            "{name}: {} stakeholders, {} relations, {} interactions, {} evidence -> {name}.json, {name}/",
            map.stakeholders().len(),
            map.relations().len(),
            map.interactions().len(),
            map.evidence().len()
        );
    }
    Ok(())
}
