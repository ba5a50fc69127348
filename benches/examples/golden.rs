//! Writes the JSON of decision-chain and trust results on the bench accounts and
//! the sample maps into a directory, so that a speed change can be checked to
//! leave every number bit for bit the same: run it before and after, then compare.
//!
//! ```sh
//! cargo run --release -p relmap-benches --example golden -- /tmp/before   # on the old code
//! cargo run --release -p relmap-benches --example golden -- /tmp/after
//! diff -r /tmp/before /tmp/after && echo identical
//! ```

use relmap::chain::{BetweennessMode, ChainConfig};
use relmap::trust::TrustConfig;
use relmap_benches::trust_data::{self, trust_account, trust_portfolio, Rng, TrustShape};
use relmap_benches::{as_of, synthetic_account, Spec};

fn main() {
    let dir = std::env::args().nth(1).expect("out dir");
    let w = |name: &str, text: String| std::fs::write(format!("{dir}/{name}.json"), text).unwrap();
    let cfg = ChainConfig { as_of: Some(as_of()), ..ChainConfig::default() };
    for (n, r) in [(10_000, 50_000), (2_000, 10_000), (300, 1_500)] {
        let map = synthetic_account(&Spec::new(n, r));
        let chain = map.decision_chain(&cfg).unwrap();
        w(&format!("chain_{n}"), serde_json::to_string(&chain).unwrap());
        let t = map.trust(&TrustConfig::default(), as_of()).unwrap();
        w(&format!("chain_trust_{n}"), serde_json::to_string(&t).unwrap());
        let none = map.decision_chain(&ChainConfig::default()).unwrap();
        w(&format!("chain_default_{n}"), serde_json::to_string(&none).unwrap());
    }
    let map = synthetic_account(&Spec::new(1_000, 5_000));
    let ex = ChainConfig { betweenness: BetweennessMode::Exact, ..cfg.clone() };
    w("chain_btw_1000", serde_json::to_string(&map.decision_chain(&ex).unwrap()).unwrap());
    for f in ["city_construction_tender", "manufacturing_cloud", "demo_small"] {
        let text = std::fs::read_to_string(format!("examples/data/{f}.json")).unwrap();
        let map = relmap::RelationshipMap::from_json(&text).unwrap();
        w(
            &format!("sample_{f}"),
            serde_json::to_string(&map.decision_chain(&ChainConfig::default()).unwrap()).unwrap(),
        );
        if let Some(t) = relmap::chain::latest_dated_item(&map) {
            w(
                &format!("sample_trust_{f}"),
                serde_json::to_string(&map.trust(&TrustConfig::default(), t).unwrap()).unwrap(),
            );
        }
    }
    let acct = trust_account(0, TrustShape::default(), &mut Rng::new(7));
    let tc = TrustConfig::default();
    w("trust_acct", serde_json::to_string(&acct.trust(&tc, trust_data::as_of()).unwrap()).unwrap());
    let lean = TrustConfig { top_evidence: 0, ..TrustConfig::default() };
    w("trust_acct_lean", serde_json::to_string(&acct.trust(&lean, trust_data::as_of()).unwrap()).unwrap());
    let many = TrustConfig { top_evidence: 50, half_life_days: 30.0, ..TrustConfig::default() };
    w(
        "trust_acct_many",
        serde_json::to_string(&acct.trust(&many, trust_data::as_of().plus_days(-200)).unwrap()).unwrap(),
    );
    let dates: Vec<_> = (0..52).map(|k| trust_data::as_of().plus_days(-7 * k)).collect();
    w("trust_timeline", serde_json::to_string(&acct.trust_timeline(&tc, "m0", "s0", &dates).unwrap()).unwrap());
    let p = trust_portfolio(20, TrustShape { interactions: 30, ..TrustShape::default() }, 3);
    w("trust_portfolio", serde_json::to_string(&p.trust(&tc, trust_data::as_of()).unwrap()).unwrap());
    let ties = relmap::chain::trust_ties(&acct, &cfg, Some(trust_data::as_of())).unwrap();
    w("trust_ties", serde_json::to_string(&ties).unwrap());
}
