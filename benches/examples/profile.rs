//! Runs one bench workload a fixed number of times, for a profiler: instruction
//! counts from `valgrind --tool=callgrind` repeat exactly on a busy machine, where
//! wall times do not.
//!
//! ```sh
//! CARGO_PROFILE_RELEASE_DEBUG=true cargo build --release -p relmap-benches --example profile
//! valgrind --tool=callgrind --callgrind-out-file=chain.out target/release/examples/profile chain 3
//! callgrind_annotate chain.out | head -40
//! ```
//!
//! Workloads: `chain` (the decision chain with trust ties on the 10k/50k account),
//! `chain_ties` (the same chain with the ties given, without trust), `trust` (one
//! 50 × 200 account's trust report), `portfolio` (trust over 100 such accounts, on
//! one thread), `mail` (the 100,000-message mbox import of the `import` bench).
//! The building of the input is not repeated; run with `1` and with `N + 1` and
//! subtract to see the cost of one repetition alone.

use std::hint::black_box;

use relmap::chain::{trust_ties, ChainConfig};
use relmap::io::import::{mail, MailOptions, SourceFile};
use relmap::trust::TrustConfig;
use relmap_benches::import_data::{import_map, mbox, sides};
use relmap_benches::trust_data::{self, trust_account, trust_portfolio, Rng, TrustShape};
use relmap_benches::{as_of, synthetic_account, Spec};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (what, times) = match &args[..] {
        [w] => (w.as_str(), 1),
        [w, n] => (w.as_str(), n.parse().expect("a whole number of repetitions")),
        _ => panic!("usage: profile chain|chain_ties|trust|portfolio|mail [TIMES]"),
    };
    match what {
        "chain" | "chain_ties" => {
            let map = synthetic_account(&Spec::new(10_000, 50_000));
            let cfg = ChainConfig { as_of: Some(as_of()), ..ChainConfig::default() };
            let ties = trust_ties(&map, &cfg, cfg.as_of).expect("valid ties");
            for _ in 0..times {
                let chain =
                    if what == "chain" { map.decision_chain(&cfg) } else { map.decision_chain_with_ties(&cfg, &ties) };
                black_box(chain.expect("a valid map"));
            }
        }
        "trust" => {
            let map = trust_account(0, TrustShape::default(), &mut Rng::new(7));
            for _ in 0..times {
                black_box(map.trust(&TrustConfig::default(), trust_data::as_of()).expect("valid"));
            }
        }
        "portfolio" => {
            let p = trust_portfolio(100, TrustShape::default(), 42);
            let cfg = TrustConfig::default();
            for _ in 0..times {
                black_box(p.maps.iter().map(|m| m.trust(&cfg, trust_data::as_of()).unwrap()).collect::<Vec<_>>());
            }
        }
        "mail" => {
            // The `import/mail_100k_messages` bench's workload: a 100,000-message mbox into a fresh map.
            let archive = [SourceFile::new("bench.mbox", mbox(100_000, 11))];
            let opts = MailOptions { activity: sides() };
            for _ in 0..times {
                black_box(mail::import(&mut import_map(), &archive, &opts).expect("valid options"));
            }
        }
        other => panic!("unknown workload {other:?}"),
    }
}
