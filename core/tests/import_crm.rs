//! CRM import with each preset, on sample exports written by hand after the
//! vendors' documented export columns (`core/tests/fixtures/import/crm/`).

mod import_common;

use import_common::*;
use relmap::io::import::crm::{self, CrmMapping};
use relmap::io::import::{CrmOptions, Entity, ImportReport, Outcome, Reason, SourceFile};
use relmap::model::{Channel, Role};
use relmap::RelationshipMap;

fn folder(preset: &str) -> Vec<SourceFile> {
    let dir = fixture(&format!("crm/{preset}"));
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names.iter().map(|n| file(&format!("crm/{preset}/{n}"))).collect()
}

fn new_map(preset: &str, account: &str) -> (RelationshipMap, ImportReport) {
    let opts = CrmOptions { preset: Some(preset.into()), account: Some(account.into()), ..Default::default() };
    crm::import_new(&folder(preset), &opts).unwrap()
}

fn options(preset: &str) -> CrmOptions {
    CrmOptions { preset: Some(preset.into()), ..Default::default() }
}

fn roles(map: &RelationshipMap, id: &str) -> Vec<Role> {
    map.stakeholder(id).unwrap_or_else(|| panic!("no stakeholder {id}")).roles.clone()
}

fn find<'r>(report: &'r ImportReport, file: &str, row: usize) -> Vec<&'r relmap::io::import::ReportLine> {
    report.lines.iter().filter(|l| l.file == file && l.row == Some(row)).collect()
}

#[test]
fn salesforce_round_trip() {
    let (map, report) = new_map("salesforce", "0015g00000HDJM1AAA");
    assert_eq!(map.account().name, "华东精密制造集团有限公司");
    assert_eq!(map.account().employees, Some(12_800));
    let chen = map.stakeholder("0035g00000CHEN1AAA").unwrap();
    assert_eq!((chen.name.as_str(), chen.title.as_deref()), ("Guodong Chen", Some("Chairman")));
    assert_eq!(chen.emails, ["chen.guodong@hdjm.com.cn"]);
    assert_eq!(chen.crm_ids["salesforce"], "0035g00000CHEN1AAA");
    assert_eq!(roles(&map, "0035g00000CHEN1AAA"), [Role::EconomicBuyer]);
    assert_eq!(roles(&map, "0035g00000LINZ2AAA"), [Role::TechnicalBuyer]);
    assert_eq!(map.stakeholder("0035g00000YANG3AAA").unwrap().reports_to.as_deref(), Some("0035g00000LINZ2AAA"));
    assert_eq!(map.stakeholders().len(), 5);
    assert_eq!(map.opportunities()[0].amount, Some(28_600_000.0));
    assert_eq!(map.opportunities()[0].declared_stage.as_deref(), Some("Negotiation/Review"));

    let zhou = map.team_member("0055g00000ZHOU1AAA").unwrap();
    assert_eq!((zhou.name.as_str(), zhou.emails.as_slice()), ("Li Zhou", &["zhou.li@ourco.com".to_owned()][..]));
    let kickoff = map.interaction("00U5g00000EV01AAA").unwrap();
    assert_eq!((kickoff.channel, kickoff.at.to_string().as_str()), (Channel::Meeting, "2026-03-02T00:00:00Z"));
    assert_eq!(kickoff.members, ["0055g00000ZHOU1AAA"]);
    // An event without a type is a meeting (the table's default channel).
    assert_eq!(map.interaction("00U5g00000EV02AAA").unwrap().channel, Channel::Meeting);
    assert_eq!(map.interaction("00T5g00000TK01AAA").unwrap().channel, Channel::Phone);
    // A US-style date (month first).
    assert_eq!(map.interaction("00T5g00000TK02AAA").unwrap().at.to_string(), "2026-03-05T00:00:00Z");

    // Bad rows: each a line with file, row and column; nothing else lost.
    let noid = find(&report, "Contact.csv", 6);
    assert_eq!((noid[0].reason, noid[0].column.as_deref()), (Some(Reason::MissingId), Some("Id")));
    let other = find(&report, "Contact.csv", 7);
    assert_eq!((other[0].reason, other[0].value.as_deref()), (Some(Reason::OtherAccount), Some("0015g00000OTHR2AAA")));
    let manager = find(&report, "Contact.csv", 8);
    let warning = manager.iter().find(|l| l.outcome == Outcome::Warning).unwrap();
    assert_eq!(
        (warning.reason, warning.column.as_deref(), warning.value.as_deref()),
        (Some(Reason::UnknownReference), Some("ReportsToId"), Some("0035g00000GONE9AAA"))
    );
    let unmapped = find(&report, "OpportunityContactRole.csv", 6);
    assert_eq!(
        (unmapped[0].outcome, unmapped[0].reason, unmapped[0].column.as_deref(), unmapped[0].value.as_deref()),
        (Outcome::Warning, Some(Reason::UnmappedValue), Some("Role"), Some("Budget Approver"))
    );
    let bad_date = find(&report, "Event.csv", 4);
    assert_eq!((bad_date[0].reason, bad_date[0].value.as_deref()), (Some(Reason::BadDate), Some("2026-13-01")));
    let todo = find(&report, "Task.csv", 4);
    assert_eq!((todo[0].reason, todo[0].value.as_deref()), (Some(Reason::UnmappedValue), Some("Task")));
    let fax = find(&report, "Task.csv", 5);
    assert_eq!(
        (fax[0].reason, fax[0].value.as_deref(), fax[0].column.as_deref()),
        (Some(Reason::UnmappedValue), Some("Fax"), Some("TaskSubtype"))
    );
    assert_eq!(find(&report, "Task.csv", 6)[0].reason, Some(Reason::MissingId));
    let c = report.counts();
    assert_eq!((c.added, c.updated), (5 + 2 + 1 + 4, 1 + 4), "{:#?}", report.lines);
}

#[test]
fn hubspot_round_trip() {
    let (map, report) = new_map("hubspot", "9011");
    assert_eq!(map.account().name, "华东精密制造集团有限公司");
    assert_eq!(map.account().revenue, Some(18_600_000_000.0));
    assert_eq!(map.stakeholders().len(), 3);
    assert_eq!(roles(&map, "5101"), [Role::EconomicBuyer]);
    assert_eq!(roles(&map, "5102"), [Role::DecisionMaker, Role::TechnicalBuyer]);
    assert_eq!(roles(&map, "5103"), [Role::Champion]);
    let kickoff = map.interaction("8001").unwrap();
    assert_eq!(
        (kickoff.channel, kickoff.stakeholders.as_slice()),
        (Channel::Meeting, &["5102".to_owned(), "5103".to_owned()][..])
    );
    assert_eq!(kickoff.members, ["Li Zhou"]);
    assert_eq!(map.interaction("8005").unwrap().at.to_string(), "2026-03-06T00:00:00Z");
    assert!(map.interaction("8004").is_none());
    let no_company = find(&report, "contacts.csv", 6);
    assert_eq!(no_company[0].reason, Some(Reason::OtherAccount));
    let sponsor = find(&report, "deal-contact-associations.csv", 6);
    assert_eq!((sponsor[0].reason, sponsor[0].value.as_deref()), (Some(Reason::UnmappedValue), Some("Sponsor")));
    assert_eq!(find(&report, "deal-contact-associations.csv", 5)[0].reason, Some(Reason::OtherAccount));
    assert_eq!(find(&report, "engagements.csv", 7)[0].value.as_deref(), Some("Postcard"));
}

#[test]
fn zoho_round_trip_with_references_by_name() {
    let (map, report) = new_map("zoho", "zcrm_4876876000000301001");
    assert_eq!(map.stakeholders().len(), 4);
    let lin = "zcrm_4876876000000302002";
    // "Reporting To" by name and by id both resolve.
    assert_eq!(map.stakeholder(lin).unwrap().reports_to.as_deref(), Some("zcrm_4876876000000302001"));
    assert_eq!(map.stakeholder("zcrm_4876876000000302003").unwrap().reports_to.as_deref(), Some(lin));
    assert_eq!(roles(&map, "zcrm_4876876000000302001"), [Role::EconomicBuyer]);
    assert_eq!(roles(&map, lin), [Role::TechnicalBuyer]);
    let gatekeeper = find(&report, "Contact_Roles.csv", 5);
    assert_eq!(
        (gatekeeper[0].reason, gatekeeper[0].value.as_deref()),
        (Some(Reason::UnmappedValue), Some("Gatekeeper"))
    );
    let call = map.interaction("zcrm_4876876000000305001").unwrap();
    assert_eq!((call.channel, call.members.as_slice()), (Channel::Phone, &["Hao Lin".to_owned()][..]));
    assert_eq!(map.interaction("zcrm_4876876000000304002").unwrap().at.to_string(), "2026-03-11T09:00:00Z");
    assert_eq!(find(&report, "Meetings.csv", 4)[0].reason, Some(Reason::MissingValue));
    let nobody: Vec<_> =
        find(&report, "Calls.csv", 3).into_iter().filter(|l| l.entity == Entity::Interaction).collect();
    assert_eq!((nobody[0].reason, nobody[0].column.as_deref()), (Some(Reason::UnknownReference), Some("Contact Name")));
}

#[test]
fn fxiaoke_round_trip_with_chinese_headers() {
    let (map, report) = new_map("fxiaoke", "KH-1001");
    assert_eq!(map.account().name, "华东精密制造集团有限公司");
    assert_eq!(map.account().region.as_deref(), Some("华东（苏州）"));
    assert_eq!(map.stakeholders().len(), 5);
    let lin = map.stakeholder("LXR-2002").unwrap();
    assert_eq!((lin.name.as_str(), lin.reports_to.as_deref()), ("林志远", Some("LXR-2001")));
    assert_eq!(lin.roles, [Role::TechnicalBuyer, Role::Champion]);
    assert_eq!(roles(&map, "LXR-2001"), [Role::EconomicBuyer]);
    let unmapped = find(&report, "联系人.csv", 6);
    assert_eq!(
        (unmapped[0].reason, unmapped[0].column.as_deref(), unmapped[0].value.as_deref()),
        (Some(Reason::UnmappedValue), Some("角色"), Some("财务把关"))
    );
    assert_eq!(find(&report, "联系人.csv", 7)[0].reason, Some(Reason::OtherAccount));
    let visit = map.interaction("GJ-4001").unwrap();
    assert_eq!((visit.channel, visit.at.to_string().as_str()), (Channel::Visit, "2026-03-02T02:00:00Z"));
    assert_eq!(visit.notes.as_deref(), Some("介绍三厂上云方案"));
    assert_eq!(visit.members, ["周立"]);
    let dinner = map.interaction("GJ-4003").unwrap();
    assert_eq!(
        (dinner.channel, dinner.stakeholders.as_slice()),
        (Channel::MealOrEvent, &["LXR-2002".to_owned(), "LXR-2003".to_owned()][..])
    );
    assert_eq!(find(&report, "跟进记录.csv", 6)[0].value.as_deref(), Some("飞鸽传书"));
    assert_eq!(find(&report, "跟进记录.csv", 7)[0].reason, Some(Reason::BadDate));
    assert_eq!(find(&report, "跟进记录.csv", 8)[0].reason, Some(Reason::OtherAccount));
    assert_eq!(map.opportunities()[0].amount, Some(28_600_000.0));
}

#[test]
fn every_preset_is_idempotent() {
    for (preset, account) in [
        ("salesforce", "0015g00000HDJM1AAA"),
        ("hubspot", "9011"),
        ("zoho", "zcrm_4876876000000301001"),
        ("fxiaoke", "KH-1001"),
    ] {
        let (mut map, first) = new_map(preset, account);
        let before = map.clone();
        let second = crm::import(&mut map, &folder(preset), &options(preset)).unwrap();
        assert_idempotent(&first, &second, &before, &map);
    }
}

#[test]
fn merging_into_a_map_matches_people_by_email() {
    let mut map = base_map();
    let opts = CrmOptions { account: Some("KH-1001".into()), ..options("fxiaoke") };
    let report = crm::import(&mut map, &folder("fxiaoke"), &opts).unwrap();
    // The CIO of the base map (by email) gets the CRM id; no second CIO appears.
    let cio = map.stakeholder("cio").unwrap();
    assert_eq!(cio.crm_ids["fxiaoke"], "LXR-2002");
    assert!(map.stakeholder("LXR-2002").is_none());
    let l = line(&report, "cio");
    assert_eq!(l.outcome, Outcome::Updated);
    assert!(l.fields.contains(&"crm_ids".to_owned()), "{l}");
    // The VP has no email in the export: it is a new person (same name, no shared key).
    assert!(map.stakeholder("LXR-2004").is_some());
    // Activities of the CIO attach to the existing person.
    assert_eq!(map.interaction("GJ-4001").unwrap().stakeholders, ["cio"]);
}

#[test]
fn gbk_exports_need_their_encoding() {
    let gbk: Vec<SourceFile> = folder("fxiaoke")
        .into_iter()
        .map(|f| {
            let text = String::from_utf8(f.bytes).unwrap();
            SourceFile::new(f.name, encoding_rs::GBK.encode(text.trim_start_matches('\u{feff}')).0.into_owned())
        })
        .collect();
    // Read as UTF-8: every file is refused at its header, with a hint; nothing is merged.
    let opts = CrmOptions { account: Some("KH-1001".into()), ..options("fxiaoke") };
    let mut map = RelationshipMap::new(relmap::model::Account::new("KH-1001", "KH-1001"));
    let report = crm::import(&mut map, &gbk, &opts).unwrap();
    assert_eq!(report.lines.len(), 4);
    for l in &report.lines {
        assert_eq!((l.entity, l.reason, l.row), (Entity::File, Some(Reason::Encoding), Some(1)), "{l}");
        assert!(l.message.as_deref().unwrap().contains("gbk"), "{l}");
    }
    // With the encoding set, the same bytes give the same map as the UTF-8 export.
    let mut mapping = crm::preset("fxiaoke").unwrap();
    mapping.encoding = "gbk".into();
    let opts = CrmOptions { mapping: Some(mapping), account: Some("KH-1001".into()), ..Default::default() };
    let (from_gbk, _) = crm::import_new(&gbk, &opts).unwrap();
    assert_eq!(from_gbk, new_map("fxiaoke", "KH-1001").0);

    // One GBK cell in a UTF-8 file costs its row only.
    let mut contacts = std::fs::read(fixture("crm/fxiaoke/联系人.csv")).unwrap();
    contacts.extend_from_slice(b"LXR-2009,");
    contacts.extend_from_slice(&encoding_rs::GBK.encode("吴刚").0);
    contacts.extend_from_slice("，华东精密制造集团有限公司,主管,,,,,\n".as_bytes());
    let files = [SourceFile::new("联系人.csv", contacts)];
    let mut map = RelationshipMap::new(relmap::model::Account::new("KH-1001", "华东精密制造集团有限公司"));
    let report = crm::import(&mut map, &files, &options("fxiaoke")).unwrap();
    let bad = find(&report, "联系人.csv", 8);
    assert_eq!((bad[0].reason, bad[0].column.as_deref()), (Some(Reason::Encoding), Some("联系人")));
    assert_eq!(map.stakeholders().len(), 5);
}

#[test]
fn missing_columns_and_unknown_files() {
    let files = [
        SourceFile::new("Contact.csv", "AccountId,FirstName\n0015g00000HDJM1AAA,Wei\n"),
        SourceFile::new("notes.txt.csv", "a,b\n1,2\n"),
        SourceFile::new("Opportunity.csv", "Id,AccountId,Name\n006X,0015g00000HDJM1AAA,Deal\n"),
    ];
    let mut map = RelationshipMap::new(relmap::model::Account::new("0015g00000HDJM1AAA", "Acme"));
    let report = crm::import(&mut map, &files, &options("salesforce")).unwrap();
    let contact = find(&report, "Contact.csv", 1);
    assert_eq!((contact[0].reason, contact[0].column.as_deref()), (Some(Reason::MissingValue), Some("Id")));
    assert_eq!(report.lines.iter().find(|l| l.file == "notes.txt.csv").unwrap().reason, Some(Reason::Malformed));
    // Optional columns missing from the header are warnings; the rows still import.
    assert!(find(&report, "Opportunity.csv", 1).iter().all(|l| l.outcome == Outcome::Warning));
    assert_eq!(map.opportunities().len(), 1);
}

#[test]
fn mappings_are_checked_and_presets_are_valid() {
    for name in crm::PRESETS {
        let m = crm::preset(name).unwrap();
        assert_eq!(CrmMapping::from_json(&m.to_json()).unwrap(), m, "{name}");
    }
    let bad = |text: &str| CrmMapping::from_json(text).unwrap_err();
    let e = bad(
        r#"{"source": "x", "tables": [{"kind": "contacts", "files": ["a.csv"], "columns": {"id": "Id", "colour": "C"}}]}"#,
    );
    assert_eq!((e.code(), e.field()), ("invalid_mapping", Some("tables[0].columns.colour")));
    let e = bad(r#"{"source": "x", "tables": [{"kind": "activities", "files": ["a.csv"], "columns": {"id": "Id"}}]}"#);
    assert_eq!(e.field(), Some("tables[0].columns.at"));
    let e = bad(r#"{"source": "x", "encoding": "klingon", "tables": []}"#);
    assert_eq!(e.field(), Some("encoding"));
    let e = bad(r#"{"format": "relmap-crm-mapping/9", "source": "x", "tables": []}"#);
    assert_eq!(e.field(), Some("format"));
    let e = bad(r#"{"source": "x", "tables": [], "channels": {"Call": "pigeon"}}"#);
    assert_eq!(e.field(), Some("channels.Call"));
    // The document's JSON rules: a repeated key is refused with its path, not "last one wins".
    let e = bad(r#"{"source": "x", "tables": [], "roles": {"Boss": "economic_buyer", "Boss": null}}"#);
    assert_eq!((e.code(), e.field()), ("invalid_mapping", Some("roles.Boss")));
    let e = bad(r#"{"source": "x", "source": "y", "tables": []}"#);
    assert_eq!(e.field(), Some("source"));
    assert_eq!(bad("{\"source\": ").field(), Some(""));
    let e = crm::import(&mut base_map(), &[], &CrmOptions::default()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_config", Some("preset")));
    assert_eq!(crm::import_new(&[], &options("zoho")).unwrap_err().field(), Some("account"));
}

#[test]
fn committed_mapping_schema_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/relmap-crm-mapping-1.schema.json");
    let generated = crm::mapping_schema();
    if std::env::var_os("RELMAP_BLESS").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/relmap-crm-mapping-1.schema.json is stale: run `RELMAP_BLESS=1 cargo test -p relmap --test import_crm` and commit it"
    );
}

fn qualification_files(preset: &str) -> Vec<SourceFile> {
    let dir = fixture(&format!("crm/qualification/{preset}"));
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    folder(preset).into_iter().chain(names.iter().map(|n| file(&format!("crm/qualification/{preset}/{n}")))).collect()
}

#[test]
fn meddpicc_and_blue_sheet_columns_from_salesforce() {
    use relmap::model::{Grade, MeddpiccElement, ResponseMode};
    let opts = CrmOptions { account: Some("0015g00000HDJM1AAA".into()), ..options("salesforce") };
    let (mut map, first) = crm::import_new(&qualification_files("salesforce"), &opts).unwrap();
    let o = &map.opportunities()[0];
    let q = &o.meddpicc;
    // The preset's grades table (Confirmed, At Risk, In Progress, Not Started), then the words.
    let grade = |e| q.grade(e);
    assert_eq!(grade(MeddpiccElement::Metrics), Some(Grade::Green));
    assert_eq!(grade(MeddpiccElement::EconomicBuyer), Some(Grade::Red));
    assert_eq!(grade(MeddpiccElement::DecisionCriteria), Some(Grade::Green));
    assert_eq!(grade(MeddpiccElement::DecisionProcess), Some(Grade::Yellow));
    assert_eq!(grade(MeddpiccElement::PaperProcess), None, "Not Started is not assessed");
    assert_eq!(grade(MeddpiccElement::Competition), Some(Grade::Yellow), "Amber");
    let metrics = q.metrics.as_ref().unwrap();
    assert_eq!(
        (metrics.value, metrics.description.as_deref()),
        (Some(4_200_000.0), Some("OEE +6 points across three plants"))
    );
    assert_eq!(q.economic_buyer.as_ref().unwrap().stakeholder.as_deref(), Some("0035g00000CHEN1AAA"));
    let champion = q.champion.as_ref().unwrap();
    assert_eq!((champion.stakeholder.as_deref(), champion.tested), (Some("0035g00000LINZ2AAA"), true));
    assert_eq!(q.identified_pain.as_ref().unwrap().stakeholder.as_deref(), Some("0035g00000LINZ2AAA"));
    // Blue Sheet: response modes and win-results per contact.
    let modes: Vec<(&str, Option<ResponseMode>)> =
        o.buying_influences.iter().map(|b| (b.stakeholder.as_str(), b.response_mode)).collect();
    assert_eq!(
        modes,
        [
            ("0035g00000CHEN1AAA", Some(ResponseMode::EvenKeel)),
            ("0035g00000LINZ2AAA", Some(ResponseMode::Growth)),
            ("0035g00000SUN04AAA", Some(ResponseMode::Overconfident)),
            ("0035g00000YANG3AAA", None),
        ]
    );
    assert_eq!(o.buying_influences[1].win_results, ["one data model", "a group-wide platform he owns"]);
    // Bad values: each a line naming the file, row, column and value; nothing else lost.
    let at = |file: &str, row: usize, column: &str| {
        first
            .lines
            .iter()
            .find(|l| l.file == file && l.row == Some(row) && l.column.as_deref() == Some(column))
            .unwrap_or_else(|| panic!("no line for {file}:{row} {column}"))
            .clone()
    };
    let l = at("MEDDPICC.csv", 5, "Metrics_Status__c");
    assert_eq!(
        (l.outcome, l.reason, l.value.as_deref()),
        (Outcome::Warning, Some(Reason::UnmappedValue), Some("Purple"))
    );
    // The deal again in the same import: the first row is used.
    let l = at("MEDDPICC.csv", 5, "OpportunityId");
    assert_eq!((l.outcome, l.reason), (Outcome::Skipped, Some(Reason::Duplicate)));
    let l = at("MEDDPICC.csv", 5, "Champion_Tested__c");
    assert_eq!((l.reason, l.value.as_deref()), (Some(Reason::Malformed), Some("maybe")));
    assert_eq!(at("MEDDPICC.csv", 3, "OpportunityId").reason, Some(Reason::OtherAccount));
    assert_eq!(at("MEDDPICC.csv", 4, "OpportunityId").reason, Some(Reason::UnknownReference));
    let l = at("BuyingInfluence.csv", 5, "Response_Mode__c");
    assert_eq!(
        (l.entity, l.reason, l.value.as_deref()),
        (Entity::BuyingInfluence, Some(Reason::UnmappedValue), Some("Calm"))
    );
    assert_eq!(at("BuyingInfluence.csv", 6, "ContactId").reason, Some(Reason::UnknownReference));
    assert_eq!(at("BuyingInfluence.csv", 7, "OpportunityId").reason, Some(Reason::MissingId));
    let row2 = find(&first, "MEDDPICC.csv", 2);
    assert!(row2.iter().any(|l| l.entity == Entity::Qualification && l.outcome == Outcome::Updated), "{row2:?}");
    // Importing the same files again changes nothing.
    let before = map.clone();
    let second = crm::import(&mut map, &qualification_files("salesforce"), &opts).unwrap();
    assert_idempotent(&first, &second, &before, &map);
    // The map's deal health reads the imported qualification (the CRM's stage names aside).
    let mut deal = map.opportunities()[0].clone();
    deal.declared_stage = None;
    map.update_opportunity(deal).unwrap();
    let health = map.deal_health(&Default::default(), "2026-11-15".parse().unwrap()).unwrap().remove(0);
    assert!(health.factor(relmap::health::FactorCode::MeddpiccMetrics).is_some_and(|f| f.impact > 0.0));
}

#[test]
fn meddpicc_and_blue_sheet_columns_from_fxiaoke_by_name() {
    use relmap::model::{Grade, MeddpiccElement, ResponseMode};
    let opts = CrmOptions { account: Some("KH-1001".into()), ..options("fxiaoke") };
    let (mut map, first) = crm::import_new(&qualification_files("fxiaoke"), &opts).unwrap();
    let o = &map.opportunities()[0];
    let q = &o.meddpicc;
    assert_eq!(q.grade(MeddpiccElement::Metrics), Some(Grade::Green));
    assert_eq!(q.grade(MeddpiccElement::EconomicBuyer), Some(Grade::Red), "红灯");
    assert_eq!(q.grade(MeddpiccElement::DecisionCriteria), Some(Grade::Green), "已确认");
    assert_eq!(q.grade(MeddpiccElement::PaperProcess), None, "未评估");
    // People and the deal by name.
    assert_eq!(q.economic_buyer.as_ref().unwrap().stakeholder.as_deref(), Some("LXR-2001"));
    assert_eq!(q.champion.as_ref().unwrap().stakeholder.as_deref(), Some("LXR-2002"));
    assert!(q.champion.as_ref().unwrap().tested);
    assert_eq!(q.metrics.as_ref().unwrap().value, Some(4_200_000.0));
    assert_eq!(o.buying_influences[0].response_mode, Some(ResponseMode::EvenKeel));
    assert_eq!(o.buying_influences[1].win_results, ["统一数据模型", "集团级平台"]);
    assert!(
        first
            .lines
            .iter()
            .filter(|l| l.file.starts_with("资格评估") || l.file.starts_with("购买影响者"))
            .all(|l| l.reason.is_none()),
        "{first:?}"
    );
    let before = map.clone();
    let second = crm::import(&mut map, &qualification_files("fxiaoke"), &opts).unwrap();
    assert_idempotent(&first, &second, &before, &map);
}

#[test]
fn a_grade_scale_and_bad_mapping_values() {
    use relmap::model::{Grade, MeddpiccElement};
    let mapping = r#"{"source": "x", "grade_scale": 3, "tables": [
        {"kind": "opportunities", "files": ["deals.csv"], "columns": {"id": "Id", "name": "Name"}},
        {"kind": "qualification", "files": ["q.csv"], "columns": {"opportunity": "Deal", "metrics": "M", "champion": "C", "competition": "K"}}]}"#;
    let opts = CrmOptions { mapping: Some(CrmMapping::from_json(mapping).unwrap()), ..Default::default() };
    let files = [
        SourceFile::new("deals.csv", "Id,Name\nd1,Cloud\n"),
        SourceFile::new("q.csv", "Deal,M,C,K\nd1,0.5,1.5,2\nCloud,,,7\n"),
    ];
    let mut map = RelationshipMap::new(relmap::model::Account::new("a", "A"));
    let report = crm::import(&mut map, &files, &opts).unwrap();
    let q = &map.opportunities()[0].meddpicc;
    // 0..3 by thirds: below 1 red (0.5), below 2 yellow (1.5), else green (2); 7 is outside the scale.
    assert_eq!(
        [MeddpiccElement::Metrics, MeddpiccElement::Champion, MeddpiccElement::Competition].map(|e| q.grade(e)),
        [Some(Grade::Red), Some(Grade::Yellow), Some(Grade::Green)]
    );
    let bad = report.lines.iter().find(|l| l.row == Some(3) && l.column.as_deref() == Some("K")).unwrap();
    assert_eq!((bad.reason, bad.value.as_deref()), (Some(Reason::Malformed), Some("7")));
    for (doc, field) in [
        (r#"{"source": "x", "tables": [], "grade_scale": 0}"#, "grade_scale"),
        (r#"{"source": "x", "tables": [], "grades": {"ok": "blue"}}"#, "grades.ok"),
        (r#"{"source": "x", "tables": [], "response_modes": {"calm": "zen"}}"#, "response_modes.calm"),
        (
            r#"{"source": "x", "tables": [{"kind": "qualification", "files": ["q.csv"], "columns": {"metrics": "M"}}]}"#,
            "tables[0].columns.opportunity",
        ),
        (
            r#"{"source": "x", "tables": [{"kind": "buying_influences", "files": ["b.csv"], "columns": {"opportunity": "D", "contact": "C", "mood": "M"}}]}"#,
            "tables[0].columns.mood",
        ),
    ] {
        let e = CrmMapping::from_json(doc).unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid_mapping", Some(field)), "{doc}");
    }
}

/// The fuzz seeds of the CRM importer (`fuzz/seeds/import_crm`), split and imported as
/// the target does: each reaches the MEDDPICC and Blue Sheet tables, and a second
/// import changes nothing.
#[test]
fn the_fuzz_seeds_reach_the_qualification_tables() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds/import_crm");
    for seed in ["salesforce_meddpicc.txt", "fxiaoke_by_name.txt", "mapping_grades.txt"] {
        let data = std::fs::read(dir.join(seed)).unwrap();
        let (mut preset, mut files): (Option<String>, Vec<(String, Vec<u8>)>) = (None, Vec::new());
        for (k, line) in data.split_inclusive(|&b| b == b'\n').enumerate() {
            if let (0, Some(name)) = (k, line.strip_prefix(b"preset ")) {
                preset = Some(String::from_utf8_lossy(name).trim().to_owned());
            } else if let Some(name) = line.strip_prefix(b"=== ") {
                files.push((String::from_utf8_lossy(name).trim_end().to_owned(), Vec::new()));
            } else if let Some((_, content)) = files.last_mut() {
                content.extend_from_slice(line);
            }
        }
        let mut opts = CrmOptions { account: Some("acme".into()), ..CrmOptions::default() };
        let mut sources = Vec::new();
        for (name, content) in files {
            if name == "mapping.json" {
                opts.mapping = Some(CrmMapping::from_json(std::str::from_utf8(&content).unwrap()).unwrap());
            } else {
                sources.push(SourceFile::new(name, content));
            }
        }
        if opts.mapping.is_none() {
            opts.preset = Some(preset.unwrap_or_else(|| "salesforce".into()));
        }
        let mut map = RelationshipMap::new(relmap::model::Account::new("acme", "Acme"));
        let first = crm::import(&mut map, &sources, &opts).unwrap();
        let o =
            map.opportunities().iter().find(|o| !o.meddpicc.is_empty()).unwrap_or_else(|| panic!("{seed}: {first:?}"));
        assert!(!o.buying_influences.is_empty(), "{seed}");
        let before = map.clone();
        let second = crm::import(&mut map, &sources, &opts).unwrap();
        assert_idempotent(&first, &second, &before, &map);
        if seed == "mapping_grades.txt" {
            // Every kind of bad value is reported, each naming its row and column.
            let reasons: std::collections::BTreeSet<_> =
                first.lines.iter().filter(|l| l.column.is_some()).filter_map(|l| l.reason).collect();
            for r in [Reason::UnmappedValue, Reason::Malformed, Reason::UnknownReference, Reason::OtherAccount] {
                assert!(reasons.contains(&r), "{r:?} in {reasons:?}");
            }
        }
    }
}

#[test]
fn an_opportunity_given_twice_in_one_import_is_a_duplicate_and_importing_again_changes_nothing() {
    // Two exports of the same deal with different stages: the first row counts, the
    // second is reported as a duplicate, so a second import cannot flip the stage back
    // and forth (found by the import_crm fuzz target).
    let header = "Id,AccountId,Name,Amount,StageName,CloseDate\n";
    let files = vec![
        SourceFile::new("Opportunity.csv", format!("{header}OPP1,acme,Cloud,1000,Prospecting,2026-09-30\n")),
        SourceFile::new("Opportunity.csv", format!("{header}OPP1,acme,Cloud,1000,Negotiation/Review,2026-09-30\n")),
    ];
    let opts = CrmOptions { account: Some("acme".into()), ..options("salesforce") };
    let mut map = RelationshipMap::new(relmap::model::Account::new("acme", "Acme"));
    let first = crm::import(&mut map, &files, &opts).unwrap();
    let outcomes: Vec<(Outcome, Option<Reason>)> =
        first.lines.iter().filter(|l| l.entity == Entity::Opportunity).map(|l| (l.outcome, l.reason)).collect();
    assert_eq!(outcomes, [(Outcome::Added, None), (Outcome::Skipped, Some(Reason::Duplicate))], "{first:?}");
    let before = map.clone();
    let second = crm::import(&mut map, &files, &opts).unwrap();
    assert_idempotent(&first, &second, &before, &map);
}
