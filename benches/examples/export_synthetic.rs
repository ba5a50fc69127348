//! Writes the synthetic 10k-stakeholder account (the decision-chain bench's map) as a
//! JSON document, for the Node.js bench of the WebAssembly package:
//!
//! ```sh
//! cargo run --release -p relmap-benches --example export_synthetic [-- STAKEHOLDERS RELATIONS]
//! node benches/node/decision_chain.mjs
//! ```
//!
//! Output: `benches/node/data/synthetic_{stakeholders}_{relations}.json` (git-ignored)
//! and `...meta.json` with the analysis date the native bench uses.

use std::path::PathBuf;

use relmap_benches::{as_of, synthetic_account, Spec};

fn main() -> std::io::Result<()> {
    let args: Vec<usize> = std::env::args().skip(1).map(|a| a.parse().expect("a whole number")).collect();
    let (stakeholders, relations) = match args[..] {
        [] => (10_000, 50_000),
        [s, r] => (s, r),
        _ => panic!("usage: export_synthetic [STAKEHOLDERS RELATIONS]"),
    };
    let spec = Spec::new(stakeholders, relations);
    let map = synthetic_account(&spec);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node").join("data");
    std::fs::create_dir_all(&dir)?;
    let stem = format!("synthetic_{stakeholders}_{relations}");
    let doc = dir.join(format!("{stem}.json"));
    std::fs::write(&doc, map.to_json())?;
    let meta = format!(
        "{{\n  \"stakeholders\": {stakeholders},\n  \"relations\": {relations},\n  \"asOf\": \"{}\"\n}}\n",
        as_of()
    );
    std::fs::write(dir.join(format!("{stem}.meta.json")), meta)?;
    println!("wrote {}", doc.display());
    Ok(())
}
