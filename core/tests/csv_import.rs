//! CSV folders: reading, writing, and an error naming file, row and column for each kind of problem.

use std::path::{Path, PathBuf};

use relmap::io::csv::{locate, read_map, write_map};
use relmap::io::FormatError;
use relmap::model::{Channel, EvidenceKind, Initiator, Role, Stakeholder};
use relmap::{Error, RelationshipMap};

/// A folder of CSV files under the temp dir, removed on drop.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let dir = std::env::temp_dir().join(format!("relmap-csv-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Folder(dir)
    }

    /// A complete, valid folder.
    fn valid(name: &str) -> Folder {
        let f = Folder::new(name);
        for (file, text) in BASE {
            f.write(file, text);
        }
        f
    }

    fn write(&self, file: &str, text: impl AsRef<[u8]>) -> &Folder {
        std::fs::write(self.0.join(file), text).unwrap();
        self
    }

    fn remove(&self, file: &str) -> &Folder {
        std::fs::remove_file(self.0.join(file)).unwrap();
        self
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn read(&self) -> relmap::Result<RelationshipMap> {
        read_map(&self.0)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const BASE: [(&str, &str); 10] = [
    ("account.csv", "id,name,industry,tags\nacme,华东精密制造集团,manufacturing,汽车零部件;工业互联网\n"),
    (
        "stakeholders.csv",
        "id,name,title,reports_to,roles,stance,stance_toward.腾云\n\
         ceo,王建国,董事长,,economic_buyer,2,-1\n\
         cio,林志远,首席信息官,ceo,technical_buyer; coach,3,\n",
    ),
    ("relations.csv", "source,target,kind,strength\ncio,ceo,influences,0.7\n"),
    ("team.csv", "id,name,role\nrep,周立,account_manager\n"),
    (
        "interactions.csv",
        "id,at,channel,members,stakeholders,initiated_by,sentiment,notes\n\
         i1,2026-03-02T10:00:00+08:00,visit,rep,cio;ceo,them,0.5,拜访\n\
         i2,2026-03-04,phone,rep,cio,,,\n",
    ),
    (
        "evidence.csv",
        "id,kind,at,member,stakeholder,due,delivered,positive,pillar,rating,description\n\
         e1,commitment,2026-03-02,rep,cio,2026-03-10,2026-03-09,,,,TCO测算\n\
         e2,assessment,2026-03-05,rep,ceo,,,,sincerity,6,\n\
         e3,expertise_signal,2026-03-06,rep,cio,,,TRUE,,,架构演示\n\
         e4,sincerity_event,2026-03-07,rep,ceo,,,false,,,\n",
    ),
    ("opportunities.csv", "id,name,amount,competitors,declared_stage\no1,云平台,1000000,腾云;擎天,solution\n"),
    ("milestones.csv", "opportunity,key,at\no1,need_identified,2026-02-01\n"),
    (
        "criteria.csv",
        "opportunity,criterion,name,stakeholder,weight\no1,price,价格,ceo,0.6\no1,price,,cio,0.2\no1,security,安全,,\n",
    ),
    ("vendor_scores.csv", "opportunity,vendor,criterion,score\no1,us,price,7\no1,腾云,price,8\no1,us,security,9\n"),
];

/// The (file, row, column, message) of a CSV error; panics on anything else.
fn csv_error(e: Error) -> (String, usize, String, String) {
    assert_eq!(e.code(), "csv", "{e}");
    match e {
        Error::Format(FormatError::Csv { file, row, column, message }) => (file, row, column, message),
        other => panic!("not a CSV error: {other:?}"),
    }
}

/// Reads the valid folder with one file replaced and returns the CSV error.
fn error_with(name: &str, file: &str, text: &str) -> (String, usize, String, String) {
    let f = Folder::valid(name);
    f.write(file, text);
    csv_error(f.read().unwrap_err())
}

#[test]
fn reads_a_complete_folder() {
    let f = Folder::valid("complete");
    let map = f.read().unwrap();
    assert_eq!(map.account().name, "华东精密制造集团");
    assert_eq!(map.account().tags, ["汽车零部件", "工业互联网"]);
    let cio = map.stakeholder("cio").unwrap();
    assert_eq!(cio.reports_to.as_deref(), Some("ceo"));
    assert_eq!(cio.roles, [Role::TechnicalBuyer, Role::Coach], "list items are trimmed");
    assert!(cio.stance_toward.is_empty());
    assert_eq!(map.stakeholder("ceo").unwrap().stance_toward["腾云"], -1.0);
    let i1 = &map.interactions()[0];
    assert_eq!((i1.channel, i1.initiated_by, i1.sentiment), (Channel::Visit, Initiator::Them, Some(0.5)));
    assert_eq!(i1.at.to_string(), "2026-03-02T02:00:00Z");
    assert_eq!(i1.stakeholders, ["cio", "ceo"]);
    assert_eq!(map.interactions()[1].initiated_by, Initiator::Us, "empty initiated_by is us");
    assert!(matches!(map.evidence()[2].kind, EvidenceKind::ExpertiseSignal { positive: true, .. }));
    assert!(matches!(map.evidence()[3].kind, EvidenceKind::SincerityEvent { positive: false, description: None }));
    let o = &map.opportunities()[0];
    assert_eq!(o.competitors, ["腾云", "擎天"]);
    assert_eq!(o.milestones[0].key, "need_identified");
    assert_eq!(o.criteria.len(), 2);
    assert_eq!(o.criteria[0].name.as_deref(), Some("价格"));
    assert_eq!(o.criteria[0].weights.len(), 2);
    assert!(o.criteria[1].weights.is_empty());
    assert_eq!(o.vendor_scores["us"]["security"], 9.0);
    // io::load takes the folder too.
    assert_eq!(relmap::io::load(f.path()).unwrap(), map);
}

#[test]
fn optional_files_may_be_absent() {
    let f = Folder::valid("optional");
    for file in [
        "relations.csv",
        "team.csv",
        "interactions.csv",
        "evidence.csv",
        "opportunities.csv",
        "milestones.csv",
        "criteria.csv",
        "vendor_scores.csv",
    ] {
        f.remove(file);
    }
    let map = f.read().unwrap();
    assert_eq!(map.stakeholders().len(), 2);
    assert!(map.relations().is_empty() && map.team().is_empty() && map.opportunities().is_empty());
}

#[test]
fn required_file_missing_is_an_io_error() {
    for file in ["account.csv", "stakeholders.csv"] {
        let f = Folder::valid("required-file");
        f.remove(file);
        let e = f.read().unwrap_err();
        assert_eq!(e.code(), "io", "{e}");
        assert!(e.field().unwrap().ends_with(file), "{e}");
        assert!(e.to_string().contains("required file is missing"), "{e}");
    }
    let e = read_map(std::env::temp_dir().join("relmap-no-such-folder")).unwrap_err();
    assert_eq!(e.code(), "io");
}

#[test]
fn byte_order_mark_is_stripped() {
    let f = Folder::valid("bom");
    let mut text = b"\xEF\xBB\xBF".to_vec();
    text.extend_from_slice("id,name\nacme,华东精密\n".as_bytes());
    f.write("account.csv", text);
    f.write("stakeholders.csv", "\u{feff}id,name,roles\nceo,王建国,economic_buyer\ncio,林志远,\n");
    let map = f.read().unwrap();
    assert_eq!(map.account().id, "acme");
    assert_eq!(map.stakeholders()[0].id, "ceo");
}

#[test]
fn columns_in_any_order_and_short_rows() {
    let f = Folder::valid("order");
    f.write("team.csv", "name,role,id\n周立,,rep\n");
    f.write("relations.csv", "strength,kind,target,source\n0.7,influences,ceo,cio\n");
    f.write("account.csv", "id,name,industry,region\nacme,华东精密\n");
    let map = f.read().unwrap();
    assert_eq!(map.team()[0].id, "rep");
    assert_eq!(map.team()[0].role, None);
    assert_eq!(map.account().industry, None);
}

#[test]
fn unknown_column() {
    let (file, row, column, message) =
        error_with("unknown-col", "stakeholders.csv", "id,name,mood\nceo,王建国,good\ncio,林志远,\n");
    assert_eq!((file.as_str(), row, column.as_str()), ("stakeholders.csv", 1, "mood"));
    assert!(message.contains("unknown column"), "{message}");
}

#[test]
fn duplicate_column() {
    let (file, row, column, _) = error_with("dup-col", "team.csv", "id,name,id\nrep,周立,rep\n");
    assert_eq!((file.as_str(), row, column.as_str()), ("team.csv", 1, "id"));
}

#[test]
fn missing_required_column() {
    let (file, row, column, message) =
        error_with("missing-col", "relations.csv", "source,target,kind\ncio,ceo,influences\n");
    assert_eq!((file.as_str(), row, column.as_str()), ("relations.csv", 1, "strength"));
    assert!(message.contains("required column"), "{message}");
}

#[test]
fn missing_required_value() {
    let (file, row, column, message) =
        error_with("missing-value", "relations.csv", "source,target,kind,strength\ncio,ceo,influences,\n");
    assert_eq!((file.as_str(), row, column.as_str()), ("relations.csv", 2, "strength"));
    assert!(message.contains("missing"), "{message}");
}

#[test]
fn unparseable_number() {
    let text = "id,name,reports_to,stance\nceo,王建国,,2\ncio,林志远,ceo,三\n";
    let (file, row, column, message) = error_with("bad-number", "stakeholders.csv", text);
    assert_eq!((file.as_str(), row, column.as_str()), ("stakeholders.csv", 3, "stance"));
    assert!(message.contains("三"), "{message}");
    let (_, row, column, _) = error_with("bad-int", "account.csv", "id,name,employees\nacme,A,12.5k\n");
    assert_eq!((row, column.as_str()), (2, "employees"));
    let (_, row, column, _) =
        error_with("bad-stance-toward", "stakeholders.csv", "id,name,stance_toward.腾云\nceo,王,x\ncio,林,\n");
    assert_eq!((row, column.as_str()), (2, "stance_toward.腾云"));
}

#[test]
fn bad_role() {
    let text = "id,name,roles\nceo,王建国,economic_buyer\ncio,林志远,coach;boss\n";
    let (file, row, column, message) = error_with("bad-role", "stakeholders.csv", text);
    assert_eq!((file.as_str(), row, column.as_str()), ("stakeholders.csv", 3, "roles"));
    assert!(message.contains("boss") && message.contains("economic_buyer"), "{message}");
}

#[test]
fn bad_channel() {
    let text = "id,at,channel,members,stakeholders\ni1,2026-03-02,fax,rep,cio\n";
    let (file, row, column, message) = error_with("bad-channel", "interactions.csv", text);
    assert_eq!((file.as_str(), row, column.as_str()), ("interactions.csv", 2, "channel"));
    assert!(message.contains("fax") && message.contains("meal_or_event"), "{message}");
}

#[test]
fn bad_relation_kind_and_direction() {
    let (_, row, column, _) =
        error_with("bad-kind", "relations.csv", "source,target,kind,strength\ncio,ceo,likes,0.5\n");
    assert_eq!((row, column.as_str()), (2, "kind"));
    let text = "source,target,kind,strength,direction\ncio,ceo,ally,0.5,sideways\n";
    let (_, row, column, _) = error_with("bad-direction", "relations.csv", text);
    assert_eq!((row, column.as_str()), (2, "direction"));
}

#[test]
fn bad_evidence_kind_pillar_and_boolean() {
    let head = "id,kind,at,member,stakeholder,due,delivered,positive,pillar,rating,description\n";
    let (_, row, column, message) =
        error_with("bad-evidence-kind", "evidence.csv", &format!("{head}e1,rumour,2026-03-02,rep,cio,,,,,,\n"));
    assert_eq!((row, column.as_str()), (2, "kind"));
    assert!(message.contains("rumour"), "{message}");
    let (_, row, column, _) =
        error_with("bad-pillar", "evidence.csv", &format!("{head}e1,assessment,2026-03-02,rep,cio,,,,charm,5,\n"));
    assert_eq!((row, column.as_str()), (2, "pillar"));
    let (_, row, column, _) =
        error_with("bad-bool", "evidence.csv", &format!("{head}e1,sincerity_event,2026-03-02,rep,cio,,,yes,,,\n"));
    assert_eq!((row, column.as_str()), (2, "positive"));
}

#[test]
fn cell_not_used_by_the_evidence_kind() {
    let head = "id,kind,at,member,stakeholder,due,delivered,positive,pillar,rating,description\n";
    let text = format!("{head}e1,commitment,2026-03-02,rep,cio,2026-03-10,,,,8,\n");
    let (_, row, column, message) = error_with("unused-cell", "evidence.csv", &text);
    assert_eq!((row, column.as_str()), (2, "rating"));
    assert!(message.contains("commitment"), "{message}");
}

#[test]
fn bad_time() {
    let text = "id,at,channel,members,stakeholders\ni1,2026-03-02,visit,rep,cio\ni2,2026-02-30,visit,rep,cio\n";
    let (file, row, column, message) = error_with("bad-time", "interactions.csv", text);
    assert_eq!((file.as_str(), row, column.as_str()), ("interactions.csv", 3, "at"));
    assert!(message.contains("2026-02-30"), "{message}");
    let (_, row, column, _) = error_with("bad-due", "milestones.csv", "opportunity,key,at\no1,poc_passed,next week\n");
    assert_eq!((row, column.as_str()), (2, "at"));
}

#[test]
fn empty_list_item() {
    let text = "id,at,channel,members,stakeholders\ni1,2026-03-02,visit,rep,cio;;ceo\n";
    let (_, row, column, message) = error_with("empty-item", "interactions.csv", text);
    assert_eq!((row, column.as_str()), (2, "stakeholders"));
    assert!(message.contains("item 2"), "{message}");
}

#[test]
fn account_must_have_exactly_one_row() {
    let (file, row, _, message) = error_with("no-account", "account.csv", "id,name\n");
    assert_eq!((file.as_str(), row), ("account.csv", 2));
    assert!(message.contains("exactly one"), "{message}");
    let (_, row, _, _) = error_with("two-accounts", "account.csv", "id,name\na,A\nb,B\n");
    assert_eq!(row, 3);
}

#[test]
fn row_with_too_many_cells() {
    let (file, row, column, _) = error_with("long-row", "team.csv", "id,name\nrep,周立\nse,林浩,extra\n");
    assert_eq!((file.as_str(), row, column.as_str()), ("team.csv", 3, ""));
}

#[test]
fn invalid_utf8() {
    let f = Folder::valid("utf8");
    f.write("team.csv", b"id,name\nrep,\xC3\x28\n");
    let (file, row, column, _) = csv_error(f.read().unwrap_err());
    assert_eq!((file.as_str(), row, column.as_str()), ("team.csv", 2, "name"));
}

#[test]
fn quoted_cell_spanning_lines_is_one_row() {
    let text = "id,at,channel,members,stakeholders,notes\n\
                i1,2026-03-02,visit,rep,cio,\"第一行\n第二行，含逗号, 和\"\"引号\"\"\"\n\
                i2,2026-03-03,email,rep,cio,\n\
                i3,2026-03-04,telegram,rep,cio,\n";
    let (_, row, column, _) = error_with("multiline", "interactions.csv", text);
    assert_eq!((row, column.as_str()), (4, "channel"));
}

#[test]
fn blank_lines_are_skipped_and_not_counted() {
    let text = "id,at,channel,members,stakeholders\n\ni1,2026-03-02,visit,rep,cio\n\n\ni2,2026-03-03,fax,rep,cio\n";
    let (_, row, column, _) = error_with("blank-lines", "interactions.csv", text);
    assert_eq!((row, column.as_str()), (3, "channel"));
}

#[test]
fn opportunity_part_problems() {
    let (file, row, column, _) = error_with(
        "unknown-opp",
        "milestones.csv",
        "opportunity,key,at\no1,need_identified,2026-02-01\no9,x,2026-02-02\n",
    );
    assert_eq!((file.as_str(), row, column.as_str()), ("milestones.csv", 3, "opportunity"));
    let text = "opportunity,criterion,name,stakeholder,weight\no1,price,价格,ceo,0.6\no1,price,价格,ceo,0.5\n";
    let (_, row, column, message) = error_with("dup-weight", "criteria.csv", text);
    assert_eq!((row, column.as_str()), (3, "stakeholder"));
    assert!(message.contains("ceo"), "{message}");
    let text = "opportunity,criterion,name,stakeholder,weight\no1,price,价格,ceo,0.6\no1,price,成本,cio,0.5\n";
    let (_, row, column, message) = error_with("renamed", "criteria.csv", text);
    assert_eq!((row, column.as_str()), (3, "name"));
    assert!(message.contains("row 2"), "{message}");
    let text = "opportunity,criterion,name,stakeholder,weight\no1,price,价格,ceo,\n";
    let (_, row, column, _) = error_with("weight-missing", "criteria.csv", text);
    assert_eq!((row, column.as_str()), (2, "weight"));
    let text = "opportunity,vendor,criterion,score\no1,us,price,7\no1,us,price,8\n";
    let (_, row, column, _) = error_with("dup-score", "vendor_scores.csv", text);
    assert_eq!((row, column.as_str()), (3, "criterion"));
}

#[test]
fn model_errors_keep_their_type_and_locate_to_the_row() {
    let f = Folder::valid("model");
    f.write("stakeholders.csv", "id,name,reports_to\nceo,王建国,\ncio,林志远,cto\n");
    let e = f.read().unwrap_err();
    assert_eq!(e.code(), "unknown_reference");
    assert_eq!(e.field(), Some("stakeholders[1].reports_to"));
    let at = locate(&e).unwrap();
    assert_eq!((at.file.as_str(), at.row, at.column.as_str()), ("stakeholders.csv", Some(3), "reports_to"));

    f.write("stakeholders.csv", "id,name\nceo,王建国\ncio,林志远\n");
    f.write("relations.csv", "source,target,kind,strength\ncio,ceo,influences,0.7\nceo,cio,ally,1.5\n");
    let e = f.read().unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", Some("relations[1].strength")));
    assert_eq!(locate(&e).unwrap().to_string(), "relations.csv, row 3, column strength");

    f.write("relations.csv", "source,target,kind,strength\ncio,ceo,influences,NaN\n");
    let e = f.read().unwrap_err();
    assert_eq!((e.code(), e.field()), ("non_finite", Some("relations[0].strength")));

    f.write("relations.csv", "source,target,kind,strength\n");
    f.write("vendor_scores.csv", "opportunity,vendor,criterion,score\no1,us,speed,7\n");
    let e = f.read().unwrap_err();
    assert_eq!((e.code(), e.field()), ("unknown_reference", Some("opportunities[0].vendor_scores.us.speed")));
    let at = locate(&e).unwrap();
    assert_eq!((at.file.as_str(), at.row, at.column.as_str()), ("vendor_scores.csv", None, "criterion"));
}

#[test]
fn chinese_text_round_trips_with_quotes_commas_and_newlines() {
    let mut map = Folder::valid("chinese-src").read().unwrap();
    let mut s = Stakeholder::new("coo", "欧阳·娜娜")
        .with_title("首席运营官, \"生产\"")
        .with_department("生产运营中心\n（苏州）")
        .with_reports_to("ceo")
        .with_roles([Role::Influencer, Role::UserBuyer])
        .with_stance(-2.5);
    s.concerns = vec!["停线风险，改造窗口".into(), "“数据不出厂”".into()];
    s.stance_toward.insert("擎天, 数智".into(), 4.0);
    s.preferred_channel = Some(Channel::Social);
    map.add_stakeholder(s).unwrap();
    let out = Folder::new("chinese-out");
    write_map(&map, out.path()).unwrap();
    let back = read_map(out.path()).unwrap();
    assert_eq!(back, map);
    // Written twice, byte-identical.
    let again = Folder::new("chinese-again");
    write_map(&back, again.path()).unwrap();
    for (file, _) in BASE {
        assert_eq!(std::fs::read(out.path().join(file)).unwrap(), std::fs::read(again.path().join(file)).unwrap());
    }
}

#[test]
fn writer_refuses_what_csv_cannot_carry() {
    let base = Folder::valid("refuse-src").read().unwrap();
    let out = Folder::new("refuse-out");
    type Spoil = fn(&mut Stakeholder);
    let cases: [(&str, Spoil); 3] = [
        ("title", |s| s.title = Some(String::new())),
        ("name", |s| s.name = "林志远 ".into()),
        ("concerns", |s| s.concerns = vec!["成本;工期".into()]),
    ];
    for (column, spoil) in cases {
        let mut map = base.clone();
        let mut s = map.stakeholder("cio").unwrap().clone();
        spoil(&mut s);
        map.update_stakeholder(s).unwrap();
        let (file, row, col, message) = csv_error(write_map(&map, out.path()).unwrap_err());
        assert_eq!((file.as_str(), row, col.as_str()), ("stakeholders.csv", 3, column), "{message}");
        assert!(message.contains("cannot be written"), "{message}");
    }
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "nothing written for a refused map");
}

#[test]
fn formulas_are_neutralised_on_write_and_read_back_unchanged() {
    let mut map = Folder::valid("formula-src").read().unwrap();
    let texts =
        ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "@SUM(A1:A2)", "-2+3", "'quoted", "\t=tab", " lead"];
    let mut s = map.stakeholder("cio").unwrap().clone();
    s.name = texts[0].into();
    s.title = Some(texts[1].into());
    s.department = Some(texts[2].into());
    s.concerns = vec![texts[3].into(), "plain".into()];
    s.needs = vec![texts[4].into()];
    map.update_stakeholder(s).unwrap();
    let mut a = map.account().clone();
    a.name = texts[5].into();
    a.segment = Some(texts[6].into());
    map.set_account(a).unwrap();
    let out = Folder::new("formula-out");
    write_map(&map, out.path()).unwrap();
    // No text cell of the written files starts with a formula character (numbers may be negative).
    for file in ["account.csv", "stakeholders.csv"] {
        let text = std::fs::read_to_string(out.path().join(file)).unwrap();
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter().filter(|c| c.parse::<f64>().is_err()) {
                assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r', ' ']), "{file}: {cell:?}");
            }
        }
    }
    let back = read_map(out.path()).unwrap();
    assert_eq!(back, map);
    assert_eq!(back.stakeholder("cio").unwrap().name, texts[0]);
}

#[test]
fn an_unclosed_quote_is_an_error_not_a_lost_table() {
    let f = Folder::valid("unclosed");
    std::fs::write(f.path().join("team.csv"), "id,name,role\nam,\"周立,account_manager\nse,林浩\n").unwrap();
    let (file, row, _, message) = csv_error(read_map(f.path()).unwrap_err());
    assert_eq!((file.as_str(), row), ("team.csv", 2));
    assert!(message.contains("line 2") && message.contains("never closed"), "{message}");
}

#[test]
fn both_samples_round_trip_through_csv() {
    for name in ["manufacturing_cloud", "city_construction_tender"] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../examples/data/{name}.json"));
        let map = relmap::io::load(&path).unwrap();
        let out = Folder::new(&format!("sample-{name}"));
        write_map(&map, out.path()).unwrap();
        assert_eq!(read_map(out.path()).unwrap(), map, "{name}");
    }
}

/// A fuzz seed of the CSV folder reader read into a map, its files split as the
/// target splits them (`=== name` lines).
fn csv_seed(path: &std::path::Path) -> relmap::RelationshipMap {
    let text = std::fs::read(path).unwrap();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for line in text.split_inclusive(|&b| b == b'\n') {
        if let Some(name) = line.strip_prefix(b"=== ") {
            files.push((String::from_utf8_lossy(name).trim_end().to_owned(), Vec::new()));
        } else if let Some((_, content)) = files.last_mut() {
            content.extend_from_slice(line);
        }
    }
    relmap::io::csv::read_map_files(&files).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fuzz seeds with an activity log (CSV folder and JSON document) read, and hold the
/// same log, so both fuzzers start from documents that reach it.
#[test]
fn the_fuzz_seeds_with_an_activity_log_read() {
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds");
    let from_csv = csv_seed(&seeds.join("csv_folder/activity.txt"));
    let from_json = relmap::io::load(seeds.join("json_document/activity.json")).unwrap();
    assert!(!from_csv.activity().is_empty());
    assert_eq!(from_csv.activity(), from_json.activity());
}

/// The fuzz seeds of the CSV folder reader (`fuzz/seeds/csv_folder`), split as the
/// target splits them: each reads into a map, so the fuzzer starts from valid folders
/// that reach the qualification tables.
#[test]
fn the_fuzz_seeds_of_the_qualification_tables_read() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds/csv_folder");
    for seed in ["qualification.txt", "manufacturing_cloud.txt", "city_construction_tender.txt"] {
        let map = csv_seed(&dir.join(seed));
        let o = &map.opportunities()[0];
        assert!(o.meddpicc.champion.is_some() && !o.buying_influences.is_empty(), "{seed}");
        if seed == "qualification.txt" {
            let process = o.meddpicc.decision_process.as_ref().unwrap();
            assert_eq!(process.steps.len(), 3);
            assert!(o.meddpicc.champion.as_ref().unwrap().tested);
            assert_eq!(o.buying_influences[0].win_results, ["promotion", "a quiet year"]);
        }
    }
}
