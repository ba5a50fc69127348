//! Regression tests for the bad inputs that once hung, aborted, overflowed or lost
//! data (one test per defect; the numbers are those of the reliability issue).

use std::time::{Duration, Instant};

use relmap::chain::ChainConfig;
use relmap::io::csv::{read_map_files, write_map_files};
use relmap::model::{Account, Channel, Interaction, Opportunity, Role, Stakeholder, TeamMember};
use relmap::render::{self, Overlay, RenderOptions};
use relmap::time::Timestamp;
use relmap::value::*;
use relmap::RelationshipMap;

fn day(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// Runs `f` and fails if it takes longer than `budget` (a hang guard, not a benchmark:
/// the budgets are generous multiples of the expected milliseconds).
fn within<T>(budget: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(start.elapsed() < budget, "took {:?}, budget {budget:?}", start.elapsed());
    out
}

#[test]
fn d1_a_huge_customer_code_is_summarised_without_a_table_sized_by_it() {
    let times = [day("2026-01-01")];
    let as_of = day("2026-03-31");
    let cfg = SummaryConfig::default();
    // JS rfmSummary(new Uint32Array([1e9]), ...) declared 1e9 + 1 customers.
    let s = rfm_summary_codes(&[1_000_000_000], 1_000_000_001, &times, &[5.0], None, as_of, &cfg).unwrap();
    assert_eq!(s.customers, [1_000_000_000]);
    // 2^40 declared customers used to abort on a 4 TB allocation, usize::MAX to overflow.
    for n in [1usize << 40, usize::MAX] {
        assert_eq!(rfm_summary_codes(&[0], n, &times, &[5.0], None, as_of, &cfg).unwrap().customers, [0]);
    }
    let e = rfm_summary_codes(&[7], 7, &times, &[5.0], None, as_of, &cfg).unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", Some("customer")));
}

#[test]
fn d2_value_models_take_constant_time_in_the_frequency_and_linear_time_in_periods() {
    let (x, tx, t) = ([1e15, 1.0, 0.0], [30.0, 5.0, 0.0], [40.0, 40.0, 40.0]);
    let data = RfmData::new(&x, &tx, &t).unwrap();
    // Used to run for minutes (one loop step per unit of x). Any outcome is fine; it must be quick.
    within(Duration::from_secs(20), || {
        let _ = BetaGeo::fit(&data, None, &FitConfig::default());
        let _ = ParetoNbd::fit(&data, None, &FitConfig::default());
        let _ = GammaGamma::fit(&[1e15, 2.0, 3.0], &[5.0, 6.0, 7.0], None, &FitConfig::default());
    });
    // CLV over many periods: O(periods), and a bound with a typed error.
    let bg = BetaGeo::new(BetaGeoParams { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }).unwrap();
    let one = RfmData::new(&[2.0], &[30.0], &[38.0]).unwrap();
    let long = ClvConfig { periods: ClvConfig::MAX_PERIODS, discount_rate: 0.0, ..ClvConfig::default() };
    let clv = within(Duration::from_secs(60), || bg.clv(&[10.0], &one, &long).unwrap());
    assert!(clv[0].is_finite() && clv[0] > 0.0);
    let e = bg.clv(&[10.0], &one, &ClvConfig { periods: 1_000_000, ..ClvConfig::default() }).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_config", Some("periods")));
}

#[test]
fn d4_a_duplicate_json_key_is_an_error_naming_its_path() {
    let doc =
        r#"{"account": {"id": "a", "name": "A"}, "stakeholders": [{"id": "ceo", "name": "C"}], "stakeholders": []}"#;
    let e = RelationshipMap::from_json(doc).unwrap_err();
    assert_eq!((e.code(), e.field()), ("duplicate_json_key", Some("stakeholders")));
    let e = RelationshipMap::from_json(r#"{"format": "relmap/2", "format": "relmap/1"}"#).unwrap_err();
    assert_eq!((e.code(), e.field()), ("duplicate_json_key", Some("format")));
    let nested = r#"{"account": {"id": "a", "name": "A"}, "stakeholders": [{"id": "x", "name": "X", "stance": 1, "stance": 2}]}"#;
    assert_eq!(RelationshipMap::from_json(nested).unwrap_err().field(), Some("stakeholders[0].stance"));
}

#[test]
fn d5_times_read_are_times_that_can_be_written() {
    let doc = |at: &str| {
        format!(
            r#"{{"account": {{"id": "a", "name": "A"}}, "stakeholders": [{{"id": "x", "name": "X"}}],
            "team": [{{"id": "m", "name": "M"}}],
            "interactions": [{{"id": "i", "at": "{at}", "channel": "visit", "members": ["m"], "stakeholders": ["x"]}}]}}"#
        )
    };
    for bad in ["9999-12-31T23:00:00-05:00", "2016-12-31T23:59:60Z", "0000-01-01T00:00:00+00:01"] {
        let e = RelationshipMap::from_json(&doc(bad)).unwrap_err();
        assert_eq!((e.code(), e.field()), ("json_shape", Some("interactions[0].at")), "{bad}: {e}");
    }
    let edge = RelationshipMap::from_json(&doc("9999-12-31T18:59:59-05:00")).unwrap();
    assert_eq!(edge.interactions()[0].at, Timestamp::MAX);
    assert_eq!(RelationshipMap::from_json(&edge.to_json()).unwrap(), edge);
    // Built in Rust with an instant no reader accepts: refused, with the true year in the message.
    let mut map = RelationshipMap::new(Account::new("a", "A"));
    map.add_stakeholder(Stakeholder::new("x", "X")).unwrap();
    map.add_team_member(TeamMember::new("m", "M")).unwrap();
    let e = map.add_interaction(Interaction::new("i", Timestamp(i64::MAX), Channel::Visit, ["m"], ["x"])).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_time", Some("interactions[0].at")));
    assert!(e.to_string().contains("+292277026596"), "{e}");
}

#[test]
fn d6_an_unterminated_csv_quote_is_an_error_with_file_and_line() {
    let files = [
        ("account.csv", "id,name\nacme,Acme\n"),
        ("stakeholders.csv", "id,name,stance\nceo,\"CEO,1\ncfo,CFO,-5\ncio,CIO,3\n"),
    ];
    let e = read_map_files(&files).unwrap_err();
    assert_eq!(e.code(), "csv");
    let text = e.to_string();
    assert!(text.contains("stakeholders.csv") && text.contains("line 2"), "{text}");
}

#[test]
fn d7_every_numeric_result_is_finite_or_a_typed_error() {
    // Pareto/NBD at tiny parameters used to give NaN.
    let p = ParetoNbd::new(ParetoNbdParams { r: 1e-300, alpha: 1e-300, s: 1e-300, beta: 1e-300 }).unwrap();
    let d = RfmData::new(&[0.0], &[0.0], &[38.0]).unwrap();
    assert_eq!(p.p_alive(&d).unwrap(), [1.0]);
    assert!(p.expected_purchases(10.0, &d).unwrap()[0].is_finite());
    assert!(p.clv(&[10.0], &d, &ClvConfig::default()).unwrap()[0].is_finite());
    // Totals that overflow: refused, naming the amount column.
    let t = [day("2026-01-01"), day("2026-01-02"), day("2026-01-03")];
    let e = rfm_summary(&["a", "a", "a"], &t, &[1e308, 1e308, 1.0], None, day("2026-03-31"), &SummaryConfig::default())
        .unwrap_err();
    assert_eq!((e.code(), e.field()), ("overflow", Some("amount")));
    // CLV with a huge spend.
    let bg = BetaGeo::new(BetaGeoParams { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }).unwrap();
    let one = RfmData::new(&[2.0], &[30.0], &[38.0]).unwrap();
    let e = bg.clv(&[1e308], &one, &ClvConfig { margin: 10.0, ..ClvConfig::default() }).unwrap_err();
    assert_eq!((e.code(), e.field()), ("overflow", Some("spend")));
    // A datetime64 at its minimum + 1 (seconds): refused instead of a first purchase in year 292,277,026,596.
    let e =
        rfm_summary(&["a"], &[i64::MIN + 1], &[1.0], None, day("2026-03-31"), &SummaryConfig::default()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", Some("time")));
}

#[test]
fn d10_formula_text_is_neutralised_in_csv_and_read_back_unchanged() {
    let mut map = RelationshipMap::new(Account::new("acme", "=HYPERLINK(\"http://evil\",\"x\")"));
    for (id, name) in [("a", "+cmd"), ("b", "@SUM(A1:A2)"), ("c", "-2+3"), ("d", "'quoted"), ("e", "\t=1")] {
        map.add_stakeholder(Stakeholder::new(id, name)).unwrap();
    }
    let files = write_map_files(&map).unwrap();
    let stakeholders = &files.iter().find(|(n, _)| *n == "stakeholders.csv").unwrap().1;
    for line in ["a,'+cmd", "b,'@SUM(A1:A2)", "c,'-2+3", "d,''quoted", "e,'\t=1"] {
        assert!(stakeholders.contains(line), "{line:?} in {stakeholders}");
    }
    assert!(files[0].1.contains("'=HYPERLINK"), "{}", files[0].1);
    assert_eq!(read_map_files(&files).unwrap(), map);
}

#[test]
fn d11_smaller_ones() {
    // An empty competitor name is an empty id.
    let mut map = RelationshipMap::new(Account::new("a", "A"));
    let mut o = Opportunity::new("o", "O");
    o.competitors = vec![String::new()];
    let e = map.add_opportunity(o).unwrap_err();
    assert_eq!((e.code(), e.field()), ("empty_id", Some("opportunities[0].competitors[0]")));
    // Picture widths out of all proportion: typed errors.
    map.add_stakeholder(
        Stakeholder::new("x", "Chen\u{0}\u{1b}[31m %%{init: {'theme':'dark'}}%%")
            .with_roles([Role::EconomicBuyer])
            .with_stance(-0.0),
    )
    .unwrap();
    for width in [1e308, 1e-300] {
        let e = map.to_svg(&RenderOptions { width: Some(width), ..RenderOptions::default() }).unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid_config", Some("options.width")));
    }
    // Control characters and Mermaid directives stay out of DOT and Mermaid.
    let dot = map.to_dot(&RenderOptions::default()).unwrap();
    assert!(!dot.contains('\u{0}') && !dot.contains('\u{1b}'), "{dot}");
    let mermaid = map.to_mermaid(&RenderOptions::default()).unwrap();
    assert!(!mermaid.contains("%%") && !mermaid.contains('\u{0}'), "{mermaid}");
    // Coverage with nothing covered is 0, not −0.
    let chain = map.decision_chain(&ChainConfig::default()).unwrap();
    assert!(chain.coverage().share == 0.0 && chain.coverage().share.is_sign_positive());
    assert!(chain.to_string().contains("Coverage: 0.0%"), "{chain}");
    let svg = render::svg(&map, &Overlay::from_chain(&map, &chain), &RenderOptions::default()).unwrap();
    let at = svg.find("-0").map(|i| &svg[i.saturating_sub(80)..(i + 20).min(svg.len())]);
    assert!(at.is_none(), "negative zero in the SVG: {at:?}");
    // Error messages print an out-of-range year as it is, not wrapped.
    let e = rfm_summary(&["a"], &[0i64], &[1.0], None, Timestamp(i64::MAX), &SummaryConfig::default()).unwrap_err();
    assert_eq!(e.field(), Some("as_of"));
    assert_eq!(Timestamp(i64::MAX).to_string(), "+292277026596-12-04T15:30:07Z");
}

#[test]
fn d1_tracking_needs_no_table_sized_by_a_huge_customer_code_and_bounds_its_periods() {
    let bg = BetaGeo::new(BetaGeoParams { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }).unwrap();
    let times = [day("2026-01-01"), day("2026-02-01"), day("2026-01-15")];
    let cfg = SummaryConfig::default();
    let tr =
        tracking_codes(&bg, &[4_000_000_000, 4_000_000_000, 7], usize::MAX, &times, day("2026-03-31"), &cfg).unwrap();
    assert_eq!(tr.actual.iter().sum::<f64>(), 1.0);
    // Purchases 9,999 years apart in days: 3.6 million periods, refused instead of computed.
    let far = [Timestamp::MIN, Timestamp::MAX];
    let day_unit = SummaryConfig { unit: TimeUnit::Day, ..SummaryConfig::default() };
    let e = tracking_codes(&bg, &[0, 1], 2, &far, Timestamp::MAX, &day_unit).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_config", Some("unit")));
}

#[test]
fn d1_discrete_summaries_need_no_table_sized_by_a_huge_customer_code() {
    let times = [day("2024-01-01"), day("2025-06-01")];
    let cfg = DiscreteSummaryConfig::default();
    let as_of = day("2026-03-31");
    for n in [1usize << 40, usize::MAX] {
        let s = discrete_summary_codes(&[4_000_000_000, 4_000_000_000], n, &times, &[5.0, 6.0], as_of, &cfg).unwrap();
        assert_eq!((s.customers.as_slice(), s.frequency.as_slice()), ([4_000_000_000u32].as_slice(), [1.0].as_slice()));
    }
    let e = discrete_summary_codes(&[7, 0], 7, &times, &[5.0, 6.0], as_of, &cfg).unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", Some("customer")));
    let e = discrete_summary_codes(&[0, 0], 1, &times, &[5.0, 6.0], Timestamp(i64::MAX), &cfg).unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", Some("as_of")));
}

#[test]
fn d7_every_model_s_predictions_are_finite_or_a_typed_error() {
    // Weighted holdout metrics near f64::MAX: finite, or an overflow error.
    let e = ErrorMetrics::weighted(&[1e300, 3e300], &[0.0, 1.0], Some(&[1e300, 1e300])).unwrap_err();
    assert_eq!((e.code(), e.field()), ("overflow", Some("predicted")));
    let e = ErrorMetrics::weighted(&[1e300, 3e300], &[0.0, 1.0], Some(&[1e-300, 1e-300])).unwrap();
    assert!((e.rmse / (5f64.sqrt() * 1e300) - 1.0).abs() < 1e-15, "{e:?}");
    let e = ErrorMetrics::weighted(&[1.0, 2.0], &[0.0, 1.0], Some(&[f64::MAX, f64::MAX])).unwrap_err();
    assert_eq!((e.code(), e.field()), ("overflow", Some("weights")));
    // The MBG/NBD shares the BG/NBD's guards: a CLV over the longest horizon is O(periods).
    let m = ModifiedBetaGeo::new(BetaGeoParams { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }).unwrap();
    let one = RfmData::new(&[2.0], &[30.0], &[38.0]).unwrap();
    let long = ClvConfig { periods: ClvConfig::MAX_PERIODS, discount_rate: 0.0, ..ClvConfig::default() };
    let clv = within(Duration::from_secs(60), || m.clv(&[10.0], &one, &long).unwrap());
    assert!(clv[0].is_finite() && clv[0] > 0.0);
}
