//! The bad-input corpus: every case an input relmap must refuse, with the error
//! code and field it must refuse it with. `bad-inputs/README.md` describes the
//! format; `cargo test -p relmap --test bad_inputs` checks that the committed
//! `bad-inputs/cases.jsonl` is what this generator writes and runs every case.
//!
//! The expectations are written here by hand, from the documented rules (the
//! document format, the value API, each config's ranges), never taken from a run.

use serde_json::{json, Map, Value};

/// One bad input.
pub struct Case {
    /// A unique, stable id: `target/what/how`.
    pub id: String,
    /// `document`, `csv_folder`, `value` or `config`.
    pub target: &'static str,
    /// What to call it with (see the README).
    pub input: Value,
    /// The error code.
    pub code: &'static str,
    /// The error field; `None` when the error has none.
    pub field: Option<String>,
}

impl Case {
    /// The case as one line of the corpus file.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "target": self.target,
            "input": self.input,
            "expect": {"code": self.code, "field": self.field},
        })
    }
}

struct Cases(Vec<Case>);

impl Cases {
    fn add(&mut self, target: &'static str, id: String, input: Value, code: &'static str, field: Option<&str>) {
        self.0.push(Case { id, target, input, code, field: field.map(str::to_owned) });
    }
}

/// Every case, in a fixed order.
pub fn cases() -> Vec<Case> {
    let mut c = Cases(Vec::new());
    documents(&mut c);
    csv_folders(&mut c);
    value_calls(&mut c);
    configs(&mut c);
    crm_mappings(&mut c);
    c.0
}

// ---- documents -------------------------------------------------------------------

/// A small valid document with every part, the base of the document cases.
pub fn base_document() -> Value {
    json!({
        "format": "relmap/1",
        "account": {"id": "acme", "name": "Acme", "industry": "manufacturing", "region": "east", "employees": 5000,
                    "revenue": 1e9, "segment": "strategic", "tags": ["auto"]},
        "stakeholders": [
            {"id": "ceo", "name": "Chen", "title": "CEO", "department": "board", "roles": ["economic_buyer"],
             "authority": 1.0, "openness": 0.3, "stance": 2, "stance_toward": {"rival": -1}, "concerns": ["cost"],
             "needs": ["growth"], "preferred_channel": "visit"},
            {"id": "cio", "name": "Liu", "reports_to": "ceo", "roles": ["technical_buyer", "coach"], "stance": 3},
            {"id": "cfo", "name": "Wang", "reports_to": "ceo", "roles": ["decision_maker"]}
        ],
        "relations": [{"source": "cio", "target": "ceo", "kind": "influences", "strength": 0.7, "direction": "forward", "notes": "n"}],
        "team": [{"id": "rep", "name": "Zhao", "role": "account_manager", "title": "AM"}, {"id": "se", "name": "Lin"}],
        "interactions": [{"id": "i1", "at": "2026-03-02T10:00:00+08:00", "channel": "visit", "members": ["rep"],
                          "stakeholders": ["cio", "ceo"], "initiated_by": "them", "sentiment": 0.5, "notes": "x"}],
        "evidence": [
            {"kind": "commitment", "id": "e1", "at": "2026-03-02", "member": "rep", "stakeholder": "cio",
             "due": "2026-03-10", "delivered": "2026-03-09", "description": "TCO"},
            {"kind": "expertise_signal", "id": "e2", "at": "2026-03-03", "member": "se", "stakeholder": "cio", "positive": true},
            {"kind": "sincerity_event", "id": "e3", "at": "2026-03-04", "member": "rep", "stakeholder": "ceo", "positive": false},
            {"kind": "assessment", "id": "e4", "at": "2026-03-05", "member": "rep", "stakeholder": "ceo", "pillar": "sincerity", "rating": 6}
        ],
        "opportunities": [{"id": "o1", "name": "Cloud", "amount": 1000000, "competitors": ["rival"], "declared_stage": "solution",
            "milestones": [{"key": "need_identified", "at": "2026-02-01"}],
            "criteria": [{"id": "price", "name": "Price", "weights": {"ceo": 0.6, "cio": 0.2}}, {"id": "security", "weights": {"cfo": 1}}],
            "vendor_scores": {"us": {"price": 7, "security": 9}, "rival": {"price": 8}}}]
    })
}

/// A path into a document: keys and indices.
#[derive(Clone)]
enum Seg {
    Key(&'static str),
    Index(usize),
}

fn parse_path(path: &'static str) -> Vec<Seg> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        out.push(Seg::Key(key));
        for idx in rest.split('[').filter(|s| !s.is_empty()) {
            out.push(Seg::Index(idx.trim_end_matches(']').parse().unwrap()));
        }
    }
    out
}

fn at<'v>(doc: &'v mut Value, path: &[Seg]) -> &'v mut Value {
    path.iter().fold(doc, |v, s| match s {
        Seg::Key(k) => &mut v[*k],
        Seg::Index(i) => &mut v[*i],
    })
}

/// The base document with `path` set to `value` (`None` removes the key).
fn with(path: &'static str, value: Option<Value>) -> Value {
    set_path(base_document(), path, value)
}

/// `doc` with `path` set to `value` (`None` removes the key or array entry).
fn set_path(mut doc: Value, path: &'static str, value: Option<Value>) -> Value {
    let segs = parse_path(path);
    let (last, parent) = segs.split_last().unwrap();
    let parent = at(&mut doc, parent);
    match (last, value) {
        (Seg::Key(k), Some(v)) => {
            parent.as_object_mut().unwrap().insert((*k).to_owned(), v);
        }
        (Seg::Key(k), None) => {
            parent.as_object_mut().unwrap().remove(*k);
        }
        (Seg::Index(i), Some(v)) => parent[*i] = v,
        (Seg::Index(i), None) => {
            parent.as_array_mut().unwrap().remove(*i);
        }
    }
    doc
}

/// JSON text of `doc` with `key: value` written first (again) in the object at `path`.
fn text_with_duplicate(doc: &Value, path: &[Seg], key: &str, value: &Value) -> String {
    fn write(v: &Value, here: &[Seg], target: Option<&[Seg]>, key: &str, dup: &Value, out: &mut String) {
        let on_target = target.is_some_and(|t| t.len() == here.len() && t.iter().zip(here).all(|(a, b)| same(a, b)));
        match v {
            Value::Object(m) => {
                out.push('{');
                let mut first = true;
                if on_target {
                    out.push_str(&serde_json::to_string(key).unwrap());
                    out.push(':');
                    out.push_str(&serde_json::to_string(dup).unwrap());
                    first = false;
                }
                for (k, item) in m {
                    if !first {
                        out.push(',');
                    }
                    first = false;
                    out.push_str(&serde_json::to_string(k).unwrap());
                    out.push(':');
                    let mut next = here.to_vec();
                    next.push(Seg::Key(Box::leak(k.clone().into_boxed_str())));
                    write(item, &next, target, key, dup, out);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let mut next = here.to_vec();
                    next.push(Seg::Index(i));
                    write(item, &next, target, key, dup, out);
                }
                out.push(']');
            }
            other => out.push_str(&serde_json::to_string(other).unwrap()),
        }
    }
    fn same(a: &Seg, b: &Seg) -> bool {
        match (a, b) {
            (Seg::Key(x), Seg::Key(y)) => x == y,
            (Seg::Index(x), Seg::Index(y)) => x == y,
            _ => false,
        }
    }
    let mut out = String::new();
    write(doc, &[], Some(path), key, value, &mut out);
    out
}

fn doc(c: &mut Cases, id: String, document: Value, code: &'static str, field: Option<&str>) {
    c.add("document", id, json!({"text": serde_json::to_string(&document).unwrap()}), code, field);
}

fn doc_text(c: &mut Cases, id: String, text: String, code: &'static str, field: Option<&str>) {
    c.add("document", id, json!({"text": text}), code, field);
}

/// Every scalar field of the base document with its JSON type, for wrong-type cases.
const FIELDS: [(&str, &str); 52] = [
    ("format", "string"),
    ("account.id", "string"),
    ("account.name", "string"),
    ("account.industry", "string"),
    ("account.region", "string"),
    ("account.employees", "integer"),
    ("account.revenue", "number"),
    ("account.segment", "string"),
    ("account.tags", "strings"),
    ("stakeholders[0].id", "string"),
    ("stakeholders[0].name", "string"),
    ("stakeholders[0].title", "string"),
    ("stakeholders[0].department", "string"),
    ("stakeholders[1].reports_to", "string"),
    ("stakeholders[0].roles", "enums"),
    ("stakeholders[0].authority", "number"),
    ("stakeholders[0].openness", "number"),
    ("stakeholders[0].stance", "number"),
    ("stakeholders[0].stance_toward", "object"),
    ("stakeholders[0].concerns", "strings"),
    ("stakeholders[0].needs", "strings"),
    ("stakeholders[0].preferred_channel", "enum"),
    ("relations[0].source", "string"),
    ("relations[0].target", "string"),
    ("relations[0].kind", "enum"),
    ("relations[0].strength", "number"),
    ("relations[0].direction", "enum"),
    ("relations[0].notes", "string"),
    ("team[0].id", "string"),
    ("team[0].name", "string"),
    ("team[0].role", "string"),
    ("team[0].title", "string"),
    ("interactions[0].id", "string"),
    ("interactions[0].at", "time"),
    ("interactions[0].channel", "enum"),
    ("interactions[0].members", "strings"),
    ("interactions[0].stakeholders", "strings"),
    ("interactions[0].initiated_by", "enum"),
    ("interactions[0].sentiment", "number"),
    ("interactions[0].notes", "string"),
    ("evidence[0].id", "string"),
    ("evidence[0].at", "time"),
    ("evidence[0].due", "time"),
    ("evidence[0].delivered", "time"),
    ("evidence[3].rating", "number"),
    ("evidence[3].pillar", "enum"),
    ("evidence[1].positive", "bool"),
    ("opportunities[0].id", "string"),
    ("opportunities[0].amount", "number"),
    ("opportunities[0].competitors", "strings"),
    ("opportunities[0].milestones[0].at", "time"),
    ("opportunities[0].criteria[0].weights", "object"),
];

/// Values of the wrong JSON type for a field of type `kind`.
fn wrong_types(kind: &str) -> Vec<(&'static str, Value)> {
    let all: [(&str, Value); 7] = [
        ("string", json!("text")),
        ("number", json!(1.5)),
        ("negative_integer", json!(-3)),
        ("bool", json!(true)),
        ("null", Value::Null),
        ("array", json!([1, 2])),
        ("object", json!({"a": 1})),
    ];
    let fits = |name: &str| match kind {
        "string" | "time" => name == "string",
        "enum" => false, // a string that names no variant is tested elsewhere; any other type is wrong
        "integer" => false,
        "number" => name == "number" || name == "negative_integer",
        "bool" => name == "bool",
        "strings" | "enums" => false,
        "object" => name == "object",
        _ => unreachable!(),
    };
    all.into_iter()
        .filter(|(name, _)| !fits(name))
        // An absent optional value may be null.
        .filter(|(name, _)| *name != "null" || matches!(kind, "strings" | "enums" | "object"))
        .collect()
}

fn documents(c: &mut Cases) {
    // Wrong JSON types at every field.
    for (path, kind) in FIELDS {
        for (name, v) in wrong_types(kind) {
            if path == "format" {
                // Any format tag but the string "relmap/1" names a format this version cannot read.
                doc(
                    c,
                    format!("document/{path}/wrong_type_{name}"),
                    with(path, Some(v)),
                    "unsupported_format",
                    Some("format"),
                );
                continue;
            }
            // A list with items of the wrong type is refused at its first item.
            let field = if matches!(kind, "strings" | "enums") && name == "array" {
                format!("{path}[0]")
            } else {
                path.to_owned()
            };
            doc(c, format!("document/{path}/wrong_type_{name}"), with(path, Some(v)), "json_shape", Some(&field));
        }
        // A list with an item of the wrong type names the item.
        if matches!(kind, "strings" | "enums") {
            doc(
                c,
                format!("document/{path}/item_number"),
                with(path, Some(json!([7]))),
                "json_shape",
                Some(&format!("{path}[0]")),
            );
        }
    }
    // Unknown fields at every level.
    let objects = [
        "",
        "account",
        "stakeholders[0]",
        "stakeholders[0].stance_toward",
        "relations[0]",
        "team[0]",
        "interactions[0]",
        "evidence[0]",
        "evidence[1]",
        "evidence[2]",
        "evidence[3]",
        "opportunities[0]",
        "opportunities[0].milestones[0]",
        "opportunities[0].criteria[0]",
    ];
    for obj in objects {
        if obj == "stakeholders[0].stance_toward" {
            // An open map: any competitor name is a key; a non-number value is the error.
            let path = "stakeholders[0].stance_toward.colour";
            doc(c, format!("document/{path}/not_a_number"), with(path, Some(json!("red"))), "json_shape", Some(path));
            continue;
        }
        let (path, document) = if obj.is_empty() {
            let mut d = base_document();
            d["colour"] = json!("red");
            ("colour".to_owned(), d)
        } else {
            let p: &'static str = Box::leak(format!("{obj}.colour").into_boxed_str());
            (p.to_owned(), with(p, Some(json!("red"))))
        };
        doc(c, format!("document/{obj}/unknown_field"), document, "json_shape", Some(&path));
    }
    // An array where an object belongs: serde would read it as the fields in order.
    for path in [
        "account",
        "stakeholders[0]",
        "relations[0]",
        "team[0]",
        "interactions[0]",
        "evidence[0]",
        "evidence[3]",
        "opportunities[0]",
        "opportunities[0].milestones[0]",
        "opportunities[0].criteria[0]",
    ] {
        let mut d = base_document();
        let segs = parse_path(path);
        let values: Vec<Value> = at(&mut d, &segs).as_object().unwrap().values().cloned().collect();
        *at(&mut d, &segs) = Value::Array(values);
        doc(c, format!("document/{path}/array_for_object"), d, "json_shape", Some(path));
    }
    // A repeated key at every level.
    let repeated: [(&str, &str, Value); 12] = [
        ("", "stakeholders", json!([])),
        ("", "format", json!("relmap/3")),
        ("account", "name", json!("Other")),
        ("stakeholders[0]", "stance", json!(-5)),
        ("stakeholders[0].stance_toward", "rival", json!(3)),
        ("relations[0]", "strength", json!(0.1)),
        ("team[1]", "id", json!("other")),
        ("interactions[0]", "members", json!([])),
        ("evidence[3]", "rating", json!(1)),
        ("opportunities[0]", "criteria", json!([])),
        ("opportunities[0].criteria[0].weights", "ceo", json!(0.9)),
        ("opportunities[0].vendor_scores.us", "price", json!(1)),
    ];
    for (obj, key, value) in repeated {
        let segs = if obj.is_empty() {
            Vec::new()
        } else {
            let mut s = parse_path(Box::leak(obj.to_owned().into_boxed_str()));
            // vendor_scores.us: the key "us" is a map key, not a path key with an index.
            if obj.ends_with("vendor_scores.us") {
                s = vec![Seg::Key("opportunities"), Seg::Index(0), Seg::Key("vendor_scores"), Seg::Key("us")];
            }
            s
        };
        let field = if obj.is_empty() { key.to_owned() } else { format!("{obj}.{key}") };
        let text = text_with_duplicate(&base_document(), &segs, key, &value);
        doc_text(c, format!("document/{field}/duplicate_key"), text, "duplicate_json_key", Some(&field));
    }
    // Numbers out of range.
    let ranges: [(&str, &[f64]); 11] = [
        ("account.revenue", &[-1.0, -1e-300]),
        ("stakeholders[0].authority", &[-0.1, 1.000001, 1e308]),
        ("stakeholders[0].openness", &[1.0, -0.5, 2.0]),
        ("stakeholders[0].stance", &[5.5, -5.000001, 1e308, -1e308]),
        ("stakeholders[0].stance_toward.rival", &[6.0, -10.0]),
        ("relations[0].strength", &[0.0, -0.0, 1.5, -1.0]),
        ("interactions[0].sentiment", &[1.5, -2.0]),
        ("evidence[3].rating", &[0.0, 0.999, 10.5, 1e300]),
        ("opportunities[0].amount", &[-1.0, -1e308]),
        ("opportunities[0].criteria[0].weights.ceo", &[-0.1, -1e308]),
        ("account.employees", &[]),
    ];
    for (path, values) in ranges {
        for (k, &v) in values.iter().enumerate() {
            doc(c, format!("document/{path}/out_of_range_{k}"), with(path, Some(json!(v))), "out_of_range", Some(path));
        }
    }
    // Numbers JSON cannot hold, and integers that do not fit.
    for (k, lit) in ["1e999", "-1e400", "NaN", "Infinity", "-Infinity", "0x10", "+1", ".5", "01"].iter().enumerate() {
        let text =
            serde_json::to_string(&with("stakeholders[0].stance", Some(json!(1.25)))).unwrap().replace("1.25", lit);
        doc_text(c, format!("document/stakeholders[0].stance/literal_{k}"), text, "json_syntax", None);
    }
    for (k, v) in [json!(-1), json!(1.5), json!(1e20)].into_iter().enumerate() {
        doc(
            c,
            format!("document/account.employees/not_u64_{k}"),
            with("account.employees", Some(v)),
            "json_shape",
            Some("account.employees"),
        );
    }
    // Empty and white-space ids.
    let ids = [
        "account.id",
        "stakeholders[0].id",
        "team[0].id",
        "interactions[0].id",
        "evidence[0].id",
        "evidence[1].id",
        "opportunities[0].id",
        "opportunities[0].criteria[1].id",
        "opportunities[0].milestones[0].key",
        "opportunities[0].competitors[0]",
    ];
    for path in ids {
        for (name, v) in [("empty", ""), ("space", " "), ("tab_newline", "\t\n"), ("ideographic_space", "\u{3000}")] {
            let mut d = with(path, Some(json!(v)));
            let mut field = path.to_owned();
            // Renaming an id breaks the references to it; keep them pointing at the new one.
            if path == "stakeholders[0].id" {
                // The empty id is refused first, where it stands.
                d["stakeholders"][1]["reports_to"] = json!(v);
            }
            if path == "team[0].id" {
                field = "team[0].id".into();
            }
            doc(c, format!("document/{path}/empty_id_{name}"), d, "empty_id", Some(&field));
        }
    }
    // stance_toward and vendor_scores keys that are empty.
    doc(
        c,
        "document/stakeholders[0].stance_toward/empty_competitor".into(),
        with("stakeholders[0].stance_toward", Some(json!({"": 1}))),
        "empty_id",
        Some("stakeholders[0].stance_toward"),
    );
    // Unknown references.
    let refs: [(&str, &str); 10] = [
        ("stakeholders[1].reports_to", "ghost"),
        ("relations[0].source", "ghost"),
        ("relations[0].target", "ghost"),
        ("interactions[0].members[0]", "ghost"),
        ("interactions[0].stakeholders[1]", "ghost"),
        ("evidence[0].member", "ghost"),
        ("evidence[0].stakeholder", "ghost"),
        ("evidence[3].member", "cio"),
        ("evidence[3].stakeholder", "rep"),
        ("stakeholders[2].reports_to", "CEO"),
    ];
    for (path, v) in refs {
        doc(
            c,
            format!("document/{path}/unknown_reference_{v}"),
            with(path, Some(json!(v))),
            "unknown_reference",
            Some(path),
        );
    }
    doc(
        c,
        "document/opportunities[0].criteria[0].weights/unknown_stakeholder".into(),
        with("opportunities[0].criteria[0].weights", Some(json!({"ghost": 1}))),
        "unknown_reference",
        Some("opportunities[0].criteria[0].weights.ghost"),
    );
    doc(
        c,
        "document/opportunities[0].vendor_scores/unknown_criterion".into(),
        with("opportunities[0].vendor_scores", Some(json!({"us": {"speed": 1}}))),
        "unknown_reference",
        Some("opportunities[0].vendor_scores.us.speed"),
    );
    // Duplicate ids.
    let dups: [(&str, &str, &str); 6] = [
        ("stakeholders[2].id", "cio", "stakeholders[2].id"),
        ("team[1].id", "rep", "team[1].id"),
        ("evidence[1].id", "i1", "evidence[1].id"),
        ("evidence[2].id", "e1", "evidence[2].id"),
        ("opportunities[0].criteria[1].id", "price", "opportunities[0].criteria[1].id"),
        ("interactions[0].stakeholders[1]", "cio", "interactions[0].stakeholders[1]"),
    ];
    for (path, v, field) in dups {
        doc(c, format!("document/{path}/duplicate_id"), with(path, Some(json!(v))), "duplicate_id", Some(field));
    }
    let mut d = base_document();
    d["opportunities"].as_array_mut().unwrap().push(json!({"id": "o1", "name": "Again"}));
    doc(c, "document/opportunities[1].id/duplicate_id".into(), d, "duplicate_id", Some("opportunities[1].id"));
    let mut d = base_document();
    d["interactions"][0]["members"] = json!(["rep", "rep"]);
    doc(
        c,
        "document/interactions[0].members[1]/duplicate_id".into(),
        d,
        "duplicate_id",
        Some("interactions[0].members[1]"),
    );
    // Relations: self loops and duplicates.
    doc(
        c,
        "document/relations[0].target/self_loop".into(),
        with("relations[0].target", Some(json!("cio"))),
        "self_loop",
        Some("relations[0].target"),
    );
    doc(
        c,
        "document/stakeholders[1].reports_to/self_loop".into(),
        with("stakeholders[1].reports_to", Some(json!("cio"))),
        "self_loop",
        Some("stakeholders[1].reports_to"),
    );
    let mut d = base_document();
    d["relations"]
        .as_array_mut()
        .unwrap()
        .push(json!({"source": "cio", "target": "ceo", "kind": "influences", "strength": 0.2}));
    doc(c, "document/relations[1]/duplicate_relation".into(), d, "duplicate_relation", Some("relations[1]"));
    let mut d = base_document();
    d["relations"][0]["direction"] = json!("both");
    d["relations"]
        .as_array_mut()
        .unwrap()
        .push(json!({"source": "ceo", "target": "cio", "kind": "influences", "strength": 0.2}));
    doc(c, "document/relations[1]/duplicate_reverse".into(), d, "duplicate_relation", Some("relations[1]"));
    // A reports_to cycle.
    let mut d = base_document();
    d["stakeholders"][0]["reports_to"] = json!("cfo");
    doc(c, "document/stakeholders/reports_to_cycle".into(), d, "reports_to_cycle", Some("reports_to"));
    // Empty lists where one item is needed.
    for path in ["interactions[0].members", "interactions[0].stakeholders"] {
        doc(c, format!("document/{path}/empty_list"), with(path, Some(json!([]))), "empty_list", Some(path));
    }
    // Times: unreadable, out of range, a leap second.
    let times = [
        "interactions[0].at",
        "evidence[0].at",
        "evidence[0].due",
        "evidence[0].delivered",
        "evidence[3].at",
        "opportunities[0].milestones[0].at",
    ];
    let bad_times = [
        ("no_offset", "2026-03-02T10:00:00"),
        ("leap_second", "2016-12-31T23:59:60Z"),
        ("past_9999", "9999-12-31T23:00:00-05:00"),
        ("before_0000", "0000-01-01T00:00:00+08:00"),
        ("year_5_digits", "10000-01-01"),
        ("negative_year", "-0001-01-01"),
        ("feb_30", "2026-02-30"),
        ("hour_25", "2026-03-02T25:00:00Z"),
        ("offset_no_colon", "2026-03-02T10:00:00+0800"),
        ("offset_24h", "2026-03-02T10:00:00+24:00"),
        ("words", "yesterday"),
        ("empty", ""),
        ("fraction_no_digits", "2026-03-02T10:00:00.Z"),
    ];
    for path in times {
        for (name, t) in bad_times {
            doc(c, format!("document/{path}/time_{name}"), with(path, Some(json!(t))), "json_shape", Some(path));
        }
    }
    // Commitments out of order.
    doc(
        c,
        "document/evidence[0].due/before_promise".into(),
        with("evidence[0].due", Some(json!("2026-03-01"))),
        "invalid_time",
        Some("evidence[0].due"),
    );
    doc(
        c,
        "document/evidence[0].delivered/before_promise".into(),
        with("evidence[0].delivered", Some(json!("2026-02-01"))),
        "invalid_time",
        Some("evidence[0].delivered"),
    );
    // Enum names that name nothing.
    let enums: [(&str, &str); 8] = [
        ("stakeholders[0].roles[0]", "boss"),
        ("stakeholders[0].preferred_channel", "fax"),
        ("relations[0].kind", "likes"),
        ("relations[0].direction", "backward"),
        ("interactions[0].channel", "Visit"),
        ("interactions[0].initiated_by", "nobody"),
        ("evidence[3].pillar", "trust"),
        ("evidence[0].kind", "promise"),
    ];
    for (path, v) in enums {
        doc(c, format!("document/{path}/unknown_name"), with(path, Some(json!(v))), "json_shape", Some(path));
    }
    // Missing required fields (a stakeholder's name, a relation's kind and strength have defaults).
    let required = [
        ("account", ""),
        ("account.id", "account"),
        ("account.name", "account"),
        ("stakeholders[0].id", "stakeholders[0]"),
        ("interactions[0].at", "interactions[0]"),
        ("interactions[0].channel", "interactions[0]"),
        ("evidence[0].due", "evidence[0]"),
        ("evidence[3].rating", "evidence[3]"),
        ("evidence[1].positive", "evidence[1]"),
        ("opportunities[0].name", "opportunities[0]"),
    ];
    for (path, field) in required {
        doc(c, format!("document/{path}/missing"), with(path, None), "json_shape", Some(field));
    }
    // The format tag.
    for (k, f) in ["relmap/3", "relmap/0", "RELMAP/1", ""].iter().enumerate() {
        doc(
            c,
            format!("document/format/unsupported_{k}"),
            with("format", Some(json!(f))),
            "unsupported_format",
            Some("format"),
        );
    }
    // Not JSON, or not one object.
    let base = serde_json::to_string(&base_document()).unwrap();
    let broken = [
        ("empty", String::new()),
        ("truncated", base[..base.len() / 2].to_owned()),
        ("trailing_comma", base.replacen("\"tags\":[\"auto\"]", "\"tags\":[\"auto\",]", 1)),
        ("comment", format!("// map\n{base}")),
        ("single_quotes", base.replacen("\"acme\"", "'acme'", 1)),
        ("two_documents", format!("{base}{base}")),
        ("bom", format!("\u{feff}{base}")),
        ("unterminated_string", "{\"account\": {\"id\": \"a".to_owned()),
        ("lone_surrogate_escape", base.replacen("\"Acme\"", "\"\\ud800\"", 1)),
        ("control_in_string", base.replacen("\"Acme\"", "\"A\u{1}cme\"", 1)),
        ("deep_nesting", format!("{}{}", "[".repeat(200), "]".repeat(200))),
    ];
    for (name, text) in broken {
        doc_text(c, format!("document/text/{name}"), text, "json_syntax", None);
    }
    for (name, v) in [("array", json!([])), ("string", json!("relmap")), ("null", Value::Null), ("number", json!(1))] {
        doc(c, format!("document/top_level_{name}"), v, "json_shape", Some(""));
    }
}

// ---- CSV folders ----------------------------------------------------------------

/// A small valid folder, the base of the CSV cases.
pub fn base_folder() -> Vec<(&'static str, String)> {
    vec![
        ("account.csv", "id,name,industry,employees,revenue,tags\nacme,Acme,manufacturing,5000,1000000000,auto;cloud\n".into()),
        ("stakeholders.csv", "id,name,title,reports_to,roles,authority,openness,stance,stance_toward.rival,preferred_channel\nceo,Chen,CEO,,economic_buyer,1,0.3,2,-1,visit\ncio,Liu,CIO,ceo,technical_buyer;coach,,,3,,\n".into()),
        ("relations.csv", "source,target,kind,strength,direction,notes\ncio,ceo,influences,0.7,forward,n\n".into()),
        ("team.csv", "id,name,role\nrep,Zhao,account_manager\n".into()),
        ("interactions.csv", "id,at,channel,members,stakeholders,initiated_by,sentiment,notes\ni1,2026-03-02T10:00:00+08:00,visit,rep,cio;ceo,them,0.5,x\n".into()),
        ("evidence.csv", "id,kind,at,member,stakeholder,due,delivered,positive,pillar,rating,description\ne1,commitment,2026-03-02,rep,cio,2026-03-10,2026-03-09,,,,TCO\ne2,assessment,2026-03-05,rep,ceo,,,,sincerity,6,\n".into()),
        ("opportunities.csv", "id,name,amount,competitors,declared_stage\no1,Cloud,1000000,rival,solution\n".into()),
        ("milestones.csv", "opportunity,key,at\no1,need_identified,2026-02-01\n".into()),
        ("criteria.csv", "opportunity,criterion,name,stakeholder,weight\no1,price,Price,ceo,0.6\n".into()),
        ("vendor_scores.csv", "opportunity,vendor,criterion,score\no1,us,price,7\no1,rival,price,8\n".into()),
    ]
}

fn folder_with(file: &str, text: Option<&str>) -> Value {
    let mut files = Map::new();
    for (name, content) in base_folder() {
        if name == file {
            if let Some(t) = text {
                files.insert(name.to_owned(), json!(t));
            }
        } else {
            files.insert(name.to_owned(), json!(content));
        }
    }
    if !base_folder().iter().any(|(n, _)| *n == file) {
        if let Some(t) = text {
            files.insert(file.to_owned(), json!(t));
        }
    }
    json!({"files": files})
}

fn csv(c: &mut Cases, id: &str, file: &str, text: Option<&str>, code: &'static str, field: Option<&str>) {
    c.add("csv_folder", format!("csv_folder/{file}/{id}"), folder_with(file, text), code, field);
}

fn csv_folders(c: &mut Cases) {
    // Header problems: the field is the column.
    let headers: [(&str, &str, &str, &str); 8] = [
        ("account.csv", "unknown_column", "id,name,colour\nacme,Acme,red\n", "colour"),
        ("account.csv", "missing_name", "id\nacme\n", "name"),
        ("stakeholders.csv", "repeated_column", "id,name,id\nceo,Chen,ceo\n", "id"),
        ("stakeholders.csv", "empty_prefix", "id,name,stance_toward.\nceo,Chen,1\n", "stance_toward."),
        ("relations.csv", "missing_strength", "source,target,kind\ncio,ceo,influences\n", "strength"),
        ("interactions.csv", "missing_at", "id,channel,members,stakeholders\ni1,visit,rep,cio\n", "at"),
        (
            "evidence.csv",
            "unknown_column",
            "id,kind,at,member,stakeholder,mood\ne1,assessment,2026-03-05,rep,ceo,ok\n",
            "mood",
        ),
        ("vendor_scores.csv", "missing_score", "opportunity,vendor,criterion\no1,us,price\n", "score"),
    ];
    // Cells that cannot be read: the field is the column too.
    let cells: [(&str, &str, &str, &str); 24] = [
        ("account.csv", "employees_negative", "id,name,employees\nacme,Acme,-5\n", "employees"),
        ("account.csv", "employees_fraction", "id,name,employees\nacme,Acme,1.5\n", "employees"),
        ("account.csv", "revenue_words", "id,name,revenue\nacme,Acme,lots\n", "revenue"),
        ("account.csv", "tags_empty_item", "id,name,tags\nacme,Acme,a;;b\n", "tags"),
        ("stakeholders.csv", "stance_words", "id,name,stance\nceo,Chen,high\n", "stance"),
        (
            "stakeholders.csv",
            "stance_toward_words",
            "id,name,stance_toward.rival\nceo,Chen,bad\n",
            "stance_toward.rival",
        ),
        ("stakeholders.csv", "role_unknown", "id,name,roles\nceo,Chen,boss\n", "roles"),
        ("stakeholders.csv", "channel_unknown", "id,name,preferred_channel\nceo,Chen,fax\n", "preferred_channel"),
        ("stakeholders.csv", "roles_empty_item", "id,name,roles\nceo,Chen,coach;\n", "roles"),
        ("relations.csv", "kind_unknown", "source,target,kind,strength\ncio,ceo,likes,0.5\n", "kind"),
        ("relations.csv", "strength_missing", "source,target,kind,strength\ncio,ceo,ally,\n", "strength"),
        (
            "relations.csv",
            "direction_unknown",
            "source,target,kind,strength,direction\ncio,ceo,ally,0.5,up\n",
            "direction",
        ),
        (
            "interactions.csv",
            "time_no_offset",
            "id,at,channel,members,stakeholders\ni1,2026-03-02T10:00:00,visit,rep,cio\n",
            "at",
        ),
        (
            "interactions.csv",
            "time_leap_second",
            "id,at,channel,members,stakeholders\ni1,2016-12-31T23:59:60Z,visit,rep,cio\n",
            "at",
        ),
        (
            "interactions.csv",
            "time_past_9999",
            "id,at,channel,members,stakeholders\ni1,9999-12-31T23:00:00-05:00,visit,rep,cio\n",
            "at",
        ),
        (
            "interactions.csv",
            "channel_missing",
            "id,at,channel,members,stakeholders\ni1,2026-03-02,,rep,cio\n",
            "channel",
        ),
        (
            "interactions.csv",
            "initiated_unknown",
            "id,at,channel,members,stakeholders,initiated_by\ni1,2026-03-02,visit,rep,cio,boss\n",
            "initiated_by",
        ),
        ("evidence.csv", "kind_unknown", "id,kind,at,member,stakeholder\ne1,promise,2026-03-02,rep,cio\n", "kind"),
        (
            "evidence.csv",
            "positive_yes",
            "id,kind,at,member,stakeholder,positive\ne1,expertise_signal,2026-03-02,rep,cio,yes\n",
            "positive",
        ),
        (
            "evidence.csv",
            "due_on_signal",
            "id,kind,at,member,stakeholder,positive,due\ne1,expertise_signal,2026-03-02,rep,cio,true,2026-03-09\n",
            "due",
        ),
        (
            "evidence.csv",
            "rating_missing",
            "id,kind,at,member,stakeholder,pillar\ne1,assessment,2026-03-02,rep,cio,expertise\n",
            "rating",
        ),
        ("milestones.csv", "unknown_opportunity", "opportunity,key,at\no9,need_identified,2026-02-01\n", "opportunity"),
        ("criteria.csv", "weight_without_stakeholder", "opportunity,criterion,weight\no1,price,0.5\n", "stakeholder"),
        (
            "vendor_scores.csv",
            "score_twice",
            "opportunity,vendor,criterion,score\no1,us,price,7\no1,us,price,8\n",
            "criterion",
        ),
    ];
    for (file, id, text, column) in headers.into_iter().chain(cells) {
        csv(c, id, file, Some(text), "csv", Some(column));
    }
    // Rows and quoting: the error is about the row.
    let rows: [(&str, &str, &str); 5] = [
        ("stakeholders.csv", "unclosed_quote", "id,name,stance\nceo,\"CEO,1\ncfo,CFO,-5\ncio,CIO,3\n"),
        ("team.csv", "unclosed_quote_in_header", "id,\"name\nrep,Zhao\n"),
        ("account.csv", "two_rows", "id,name\nacme,Acme\nbolt,Bolt\n"),
        ("account.csv", "no_row", "id,name\n"),
        ("stakeholders.csv", "too_many_cells", "id,name\nceo,Chen,extra\n"),
    ];
    for (file, id, text) in rows {
        csv(c, id, file, Some(text), "csv", Some(""));
    }
    // Content the model refuses: the field is the JSON path of the value.
    let model: [(&str, &str, &str, &str, &str); 21] = [
        ("team.csv", "duplicate_id", "id,name\nrep,Zhao\nrep,Again\n", "duplicate_id", "team[1].id"),
        (
            "relations.csv",
            "self_loop",
            "source,target,kind,strength\ncio,cio,ally,0.5\n",
            "self_loop",
            "relations[0].target",
        ),
        (
            "interactions.csv",
            "stakeholder_twice",
            "id,at,channel,members,stakeholders\ni1,2026-03-02,visit,rep,cio;cio\n",
            "duplicate_id",
            "interactions[0].stakeholders[1]",
        ),
        (
            "evidence.csv",
            "unknown_member",
            "id,kind,at,member,stakeholder,pillar,rating\ne1,assessment,2026-03-02,ghost,cio,expertise,5\n",
            "unknown_reference",
            "evidence[0].member",
        ),
        (
            "criteria.csv",
            "weight_negative",
            "opportunity,criterion,name,stakeholder,weight\no1,price,Price,ceo,-0.6\n",
            "out_of_range",
            "opportunities[0].criteria[0].weights.ceo",
        ),
        (
            "vendor_scores.csv",
            "unknown_criterion",
            "opportunity,vendor,criterion,score\no1,us,speed,7\n",
            "unknown_reference",
            "opportunities[0].vendor_scores.us.speed",
        ),
        (
            "milestones.csv",
            "empty_id",
            "opportunity,key,at\no1,,2026-02-01\n",
            "empty_id",
            "opportunities[0].milestones[0].key",
        ),
        (
            "stakeholders.csv",
            "stance_out_of_range",
            "id,name,stance\nceo,Chen,9\n",
            "out_of_range",
            "stakeholders[0].stance",
        ),
        ("stakeholders.csv", "stance_nan", "id,name,stance\nceo,Chen,NaN\n", "non_finite", "stakeholders[0].stance"),
        ("stakeholders.csv", "stance_inf", "id,name,stance\nceo,Chen,inf\n", "non_finite", "stakeholders[0].stance"),
        (
            "stakeholders.csv",
            "authority_out_of_range",
            "id,name,authority\nceo,Chen,1.5\n",
            "out_of_range",
            "stakeholders[0].authority",
        ),
        ("stakeholders.csv", "empty_id", "id,name\n,Chen\n", "empty_id", "stakeholders[0].id"),
        ("stakeholders.csv", "duplicate_id", "id,name\nceo,Chen\nceo,Again\n", "duplicate_id", "stakeholders[1].id"),
        (
            "stakeholders.csv",
            "unknown_manager",
            "id,name,reports_to\nceo,Chen,ghost\n",
            "unknown_reference",
            "stakeholders[0].reports_to",
        ),
        (
            "stakeholders.csv",
            "cycle",
            "id,name,reports_to\nceo,Chen,cio\ncio,Liu,ceo\n",
            "reports_to_cycle",
            "reports_to",
        ),
        (
            "relations.csv",
            "strength_zero",
            "source,target,kind,strength\ncio,ceo,ally,0\n",
            "out_of_range",
            "relations[0].strength",
        ),
        (
            "relations.csv",
            "unknown_target",
            "source,target,kind,strength\ncio,ghost,ally,0.5\n",
            "unknown_reference",
            "relations[0].target",
        ),
        (
            "interactions.csv",
            "no_members",
            "id,at,channel,members,stakeholders\ni1,2026-03-02,visit,,cio\n",
            "empty_list",
            "interactions[0].members",
        ),
        (
            "evidence.csv",
            "rating_out_of_range",
            "id,kind,at,member,stakeholder,pillar,rating\ne1,assessment,2026-03-02,rep,cio,expertise,11\n",
            "out_of_range",
            "evidence[0].rating",
        ),
        (
            "evidence.csv",
            "due_before_promise",
            "id,kind,at,member,stakeholder,due\ne1,commitment,2026-03-02,rep,cio,2026-03-01\n",
            "invalid_time",
            "evidence[0].due",
        ),
        (
            "opportunities.csv",
            "amount_negative",
            "id,name,amount\no1,Cloud,-5\n",
            "out_of_range",
            "opportunities[0].amount",
        ),
    ];
    for (file, id, text, code, field) in model {
        csv(c, id, file, Some(text), code, Some(field));
    }
    // Times in every time column.
    let time_columns: [(&str, &str, &str); 5] = [
        ("interactions.csv", "at", "id,at,channel,members,stakeholders\ni1,{},visit,rep,cio\n"),
        ("evidence.csv", "at", "id,kind,at,member,stakeholder,due\ne1,commitment,{},rep,cio,2026-03-10\n"),
        ("evidence.csv", "due", "id,kind,at,member,stakeholder,due\ne1,commitment,2026-03-02,rep,cio,{}\n"),
        (
            "evidence.csv",
            "delivered",
            "id,kind,at,member,stakeholder,due,delivered\ne1,commitment,2026-03-02,rep,cio,2026-03-10,{}\n",
        ),
        ("milestones.csv", "at", "opportunity,key,at\no1,need_identified,{}\n"),
    ];
    for (file, column, template) in time_columns {
        for (name, t) in CSV_BAD_TIMES {
            let text = template.replace("{}", t);
            csv(c, &format!("{column}_time_{name}"), file, Some(&text), "csv", Some(column));
        }
    }
    // Files: a required one missing, one that is not part of a folder.
    csv(c, "missing", "account.csv", None, "io", Some("account.csv"));
    csv(c, "missing", "stakeholders.csv", None, "io", Some("stakeholders.csv"));
    csv(c, "unknown_file", "notes.csv", Some("a,b\n"), "io", Some("notes.csv"));
}

/// Times a CSV cell cannot hold (an empty cell is "absent", so it is not here).
const CSV_BAD_TIMES: [(&str, &str); 12] = [
    ("no_offset", "2026-03-02T10:00:00"),
    ("leap_second", "2016-12-31T23:59:60Z"),
    ("past_9999", "9999-12-31T23:00:00-05:00"),
    ("before_0000", "0000-01-01T00:00:00+08:00"),
    ("year_5_digits", "10000-01-01"),
    ("negative_year", "-0001-01-01"),
    ("feb_30", "2026-02-30"),
    ("hour_25", "2026-03-02T25:00:00Z"),
    ("offset_no_colon", "2026-03-02T10:00:00+0800"),
    ("offset_24h", "2026-03-02T10:00:00+24:00"),
    ("words", "yesterday"),
    ("fraction_no_digits", "2026-03-02T10:00:00.Z"),
];

// ---- value calls ----------------------------------------------------------------

/// A number as the corpus writes it: JSON numbers, or "nan", "inf", "-inf".
fn num(v: f64) -> Value {
    if v.is_nan() {
        json!("nan")
    } else if v == f64::INFINITY {
        json!("inf")
    } else if v == f64::NEG_INFINITY {
        json!("-inf")
    } else {
        json!(v)
    }
}

fn nums(v: &[f64]) -> Value {
    Value::Array(v.iter().map(|&x| num(x)).collect())
}

fn call(c: &mut Cases, id: String, call: &str, args: Value, code: &'static str, field: Option<&str>) {
    c.add("value", format!("value/{call}/{id}"), json!({"call": call, "args": args}), code, field);
}

fn summary_args() -> Map<String, Value> {
    let v = json!({
        "customers": ["a", "a", "b", "c"],
        "times": ["2026-01-02", "2026-02-10", "2026-01-15", "2026-03-01"],
        "amounts": [10.0, 20.0, 5.0, 7.5],
        "as_of": "2026-03-31",
        "config": {"unit": "week", "growth_window_days": 91.0},
    });
    v.as_object().unwrap().clone()
}

fn summary_with(key: &str, value: Value) -> Value {
    let mut a = summary_args();
    a.insert(key.to_owned(), value);
    Value::Object(a)
}

fn model_args(kind: &str) -> Map<String, Value> {
    let params = match kind {
        "bg_nbd" => json!({"r": 0.2426, "alpha": 4.4136, "a": 0.7929, "b": 2.4259}),
        "pareto_nbd" => json!({"r": 0.5533, "alpha": 10.5776, "s": 0.6061, "beta": 11.6689}),
        _ => json!({"p": 6.25, "q": 3.74, "v": 15.44}),
    };
    json!({
        "model": {"kind": kind, "params": params},
        "frequency": [2.0, 0.0, 7.0], "recency": [30.43, 0.0, 10.0], "t": [38.86, 38.86, 38.86],
        "monetary_value": [25.0, 0.0, 40.0], "spend": [25.0, 30.0, 40.0],
        "t_future": 52.0, "config": {"periods": 12, "period_length": 4.345, "discount_rate": 0.01, "margin": 1.0},
    })
    .as_object()
    .unwrap()
    .clone()
}

fn model_with(kind: &str, changes: &[(&str, Value)]) -> Value {
    let mut a = model_args(kind);
    for (k, v) in changes {
        if let Some(p) = k.strip_prefix("params.") {
            a["model"]["params"][p] = v.clone();
        } else if let Some(p) = k.strip_prefix("config.") {
            a["config"][p] = v.clone();
        } else {
            a.insert((*k).to_owned(), v.clone());
        }
    }
    Value::Object(a)
}

fn value_calls(c: &mut Cases) {
    // rfm_summary: each column.
    let bad_amounts: [(&str, f64, &str, &str); 4] = [
        ("nan", f64::NAN, "non_finite", "amount"),
        ("inf", f64::INFINITY, "non_finite", "amount"),
        ("negative", -1.0, "out_of_range", "amount"),
        ("negative_tiny", -5e-324, "out_of_range", "amount"),
    ];
    for (name, v, code, field) in bad_amounts {
        for row in 0..2 {
            let mut amounts = vec![10.0, 20.0, 5.0, 7.5];
            amounts[row] = v;
            call(
                c,
                format!("amount_{name}_{row}"),
                "rfm_summary",
                summary_with("amounts", nums(&amounts)),
                code,
                Some(field),
            );
        }
    }
    for (name, v) in [("nan", f64::NAN), ("inf", f64::INFINITY), ("-inf", f64::NEG_INFINITY)] {
        call(
            c,
            format!("margin_{name}"),
            "rfm_summary",
            summary_with("margins", nums(&[1.0, v, 1.0, 1.0])),
            "non_finite",
            Some("margin"),
        );
    }
    for (name, key, value) in [
        ("amounts_short", "amounts", json!([1.0])),
        ("times_long", "times", json!(["2026-01-02", "2026-01-02", "2026-01-02", "2026-01-02", "2026-01-02"])),
        ("margins_short", "margins", json!([1.0, 2.0])),
    ] {
        let field = match key {
            "amounts" => "amount",
            "times" => "time",
            _ => "margin",
        };
        call(c, name.into(), "rfm_summary", summary_with(key, value), "length_mismatch", Some(field));
    }
    let mut empty = summary_args();
    for k in ["customers", "times", "amounts"] {
        empty.insert(k.into(), json!([]));
    }
    call(c, "empty".into(), "rfm_summary", Value::Object(empty), "empty_list", Some("customer"));
    // Times: NaT, out of the supported years, as seconds or text.
    for (name, t, code) in [
        ("nat", json!(i64::MIN), "non_finite"),
        ("min_plus_one", json!(i64::MIN + 1), "out_of_range"),
        ("max", json!(i64::MAX), "out_of_range"),
        ("year_10000_seconds", json!(253_402_300_800i64), "out_of_range"),
        ("before_year_0", json!(-62_167_219_201i64), "out_of_range"),
    ] {
        call(
            c,
            format!("time_{name}"),
            "rfm_summary",
            summary_with("times", json!([t, "2026-02-10", "2026-01-15", "2026-03-01"])),
            code,
            Some("time"),
        );
    }
    for (name, t) in
        [("max", json!(i64::MAX)), ("min_plus_one", json!(i64::MIN + 1)), ("year_10000", json!(253_402_300_800i64))]
    {
        call(
            c,
            format!("as_of_{name}"),
            "rfm_summary",
            summary_with("as_of", t.clone()),
            "out_of_range",
            Some("as_of"),
        );
        let mut a = summary_args();
        a["config"]["holdout_end"] = t;
        call(c, format!("holdout_end_{name}"), "rfm_summary", Value::Object(a), "out_of_range", Some("holdout_end"));
    }
    call(
        c,
        "as_of_before_first".into(),
        "rfm_summary",
        summary_with("as_of", json!("2025-12-31")),
        "as_of_before_first_purchase",
        Some("as_of"),
    );
    for (name, h) in [("same_day", "2026-03-31T20:00:00Z"), ("before", "2026-03-01")] {
        let mut a = summary_args();
        a["config"]["holdout_end"] = json!(h);
        call(c, format!("holdout_{name}"), "rfm_summary", Value::Object(a), "invalid_time", Some("holdout_end"));
    }
    for (name, w) in [("zero", 0.0), ("negative", -7.0), ("nan", f64::NAN), ("inf", f64::INFINITY)] {
        let mut a = summary_args();
        a["config"]["growth_window_days"] = num(w);
        call(
            c,
            format!("growth_window_{name}"),
            "rfm_summary",
            Value::Object(a),
            "invalid_config",
            Some("growth_window_days"),
        );
    }
    call(
        c,
        "overflow_total".into(),
        "rfm_summary",
        summary_with("amounts", nums(&[1e308, 1e308, 1.0, 1.0])),
        "overflow",
        Some("amount"),
    );
    call(
        c,
        "overflow_margin".into(),
        "rfm_summary",
        summary_with("margins", nums(&[-1e308, -1e308, 1.0, 1.0])),
        "overflow",
        Some("margin"),
    );
    // rfm_summary_codes.
    for (name, codes, n) in [
        ("code_equal_n", json!([0, 3, 1, 2]), 3u64),
        ("code_above", json!([0, 1, 1, 4000000000u32]), 5),
        ("no_customers", json!([0, 0, 0, 0]), 0),
    ] {
        let mut a = summary_args();
        a.remove("customers");
        a.insert("codes".into(), codes);
        a.insert("n_customers".into(), json!(n));
        call(c, name.into(), "rfm_summary_codes", Value::Object(a), "out_of_range", Some("customer"));
    }
    // RfmData rules, through p_alive.
    let rows: [(&str, [f64; 3], &str, &str); 12] = [
        ("frequency_fraction", [0.5, 0.0, 1.0], "out_of_range", "frequency"),
        ("frequency_negative", [-1.0, 0.0, 1.0], "out_of_range", "frequency"),
        ("frequency_nan", [f64::NAN, 0.0, 1.0], "non_finite", "frequency"),
        ("frequency_inf", [f64::INFINITY, 0.0, 1.0], "non_finite", "frequency"),
        ("recency_after_t", [2.0, 40.0, 38.0], "out_of_range", "recency"),
        ("recency_negative", [2.0, -1.0, 38.0], "out_of_range", "recency"),
        ("recency_without_purchase", [0.0, 5.0, 38.0], "out_of_range", "recency"),
        ("recency_nan", [2.0, f64::NAN, 38.0], "non_finite", "recency"),
        ("t_negative", [0.0, 0.0, -1.0], "out_of_range", "T"),
        ("t_nan", [0.0, 0.0, f64::NAN], "non_finite", "T"),
        ("t_inf", [2.0, 5.0, f64::INFINITY], "non_finite", "T"),
        ("recency_inf", [2.0, f64::INFINITY, f64::INFINITY], "non_finite", "recency"),
    ];
    for kind in ["bg_nbd", "pareto_nbd"] {
        for (name, [x, tx, t], code, field) in rows {
            let args = model_with(
                kind,
                &[("frequency", nums(&[x, 1.0])), ("recency", nums(&[tx, 1.0])), ("t", nums(&[t, 5.0]))],
            );
            call(c, format!("{kind}/{name}"), "p_alive", args, code, Some(field));
        }
        call(
            c,
            format!("{kind}/recency_short"),
            "p_alive",
            model_with(kind, &[("recency", json!([1.0]))]),
            "length_mismatch",
            Some("recency"),
        );
        call(
            c,
            format!("{kind}/t_long"),
            "p_alive",
            model_with(kind, &[("t", json!([1.0, 2.0, 3.0, 4.0]))]),
            "length_mismatch",
            Some("T"),
        );
        call(
            c,
            format!("{kind}/empty"),
            "p_alive",
            model_with(kind, &[("frequency", json!([])), ("recency", json!([])), ("t", json!([]))]),
            "empty_list",
            Some("frequency"),
        );
        // Parameters.
        let names: &[&str] = if kind == "bg_nbd" { &["r", "alpha", "a", "b"] } else { &["r", "alpha", "s", "beta"] };
        for p in names {
            for (vname, v) in
                [("zero", 0.0), ("negative", -1.0), ("nan", f64::NAN), ("inf", f64::INFINITY), ("-zero", -0.0)]
            {
                let args = model_with(kind, &[(Box::leak(format!("params.{p}").into_boxed_str()), num(v))]);
                call(c, format!("{kind}/param_{p}_{vname}"), "p_alive", args, "out_of_range", Some(p));
            }
        }
        // Horizons.
        for (vname, v, code) in
            [("nan", f64::NAN, "non_finite"), ("inf", f64::INFINITY, "non_finite"), ("negative", -1.0, "out_of_range")]
        {
            call(
                c,
                format!("{kind}/t_future_{vname}"),
                "expected_purchases",
                model_with(kind, &[("t_future", num(v))]),
                code,
                Some("t"),
            );
        }
        // CLV settings.
        let clv_bad: [(&str, &str, Value); 11] = [
            ("periods_zero", "periods", json!(0)),
            ("periods_above_max", "periods", json!(10_001)),
            ("periods_million", "periods", json!(1_000_000)),
            ("period_length_zero", "period_length", json!(0.0)),
            ("period_length_negative", "period_length", json!(-4.345)),
            ("period_length_nan", "period_length", json!("nan")),
            ("period_length_inf", "period_length", json!("inf")),
            ("discount_minus_one", "discount_rate", json!(-1.0)),
            ("discount_nan", "discount_rate", json!("nan")),
            ("margin_nan", "margin", json!("nan")),
            ("margin_inf", "margin", json!("-inf")),
        ];
        for (name, field, v) in clv_bad {
            let key: &'static str = Box::leak(format!("config.{field}").into_boxed_str());
            call(c, format!("{kind}/{name}"), "clv", model_with(kind, &[(key, v)]), "invalid_config", Some(field));
        }
        call(
            c,
            format!("{kind}/spend_short"),
            "clv",
            model_with(kind, &[("spend", json!([1.0]))]),
            "length_mismatch",
            Some("spend"),
        );
        call(
            c,
            format!("{kind}/spend_nan"),
            "clv",
            model_with(kind, &[("spend", nums(&[1.0, f64::NAN, 2.0]))]),
            "non_finite",
            Some("spend"),
        );
        call(
            c,
            format!("{kind}/discount_growth_overflow"),
            "clv",
            model_with(kind, &[("config.discount_rate", json!(-0.999999)), ("config.periods", json!(10_000))]),
            "undefined",
            Some("params"),
        );
        call(
            c,
            format!("{kind}/spend_overflow"),
            "clv",
            model_with(kind, &[("spend", nums(&[1e308, 1.0, 1e308])), ("config.margin", json!(1e10))]),
            "overflow",
            Some("spend"),
        );
        // Fits.
        call(
            c,
            format!("{kind}/fit_one_customer"),
            "fit",
            model_with(kind, &[("frequency", json!([1.0])), ("recency", json!([1.0])), ("t", json!([2.0]))]),
            "too_few_customers",
            None,
        );
        call(
            c,
            format!("{kind}/fit_no_repeat"),
            "fit",
            model_with(
                kind,
                &[("frequency", json!([0.0, 0.0])), ("recency", json!([0.0, 0.0])), ("t", json!([2.0, 3.0]))],
            ),
            "no_repeat_purchases",
            None,
        );
        for (name, w, code) in [
            ("negative", json!([1.0, -1.0, 1.0]), "out_of_range"),
            ("nan", json!([1.0, "nan", 1.0]), "non_finite"),
            ("short", json!([1.0]), "length_mismatch"),
        ] {
            call(
                c,
                format!("{kind}/fit_weights_{name}"),
                "fit",
                model_with(kind, &[("weights", w)]),
                code,
                Some("weights"),
            );
        }
        call(
            c,
            format!("{kind}/fit_all_weight_zero"),
            "fit",
            model_with(kind, &[("weights", json!([0.0, 0.0, 0.0]))]),
            "too_few_customers",
            None,
        );
        for (name, field, v) in [
            ("max_iterations_zero", "max_iterations", json!(0)),
            ("gradient_tolerance_zero", "gradient_tolerance", json!(0.0)),
            ("max_step_negative", "max_step", json!(-1.0)),
            ("armijo_half", "armijo", json!(0.5)),
            ("max_log_param_zero", "max_log_param", json!(0.0)),
            ("finite_difference_step_big", "finite_difference_step", json!(0.5)),
        ] {
            let mut a = model_args(kind);
            a.insert("fit_config".into(), json!({"optimizer": {field: v}}));
            call(c, format!("{kind}/fit_{name}"), "fit", Value::Object(a), "invalid_config", Some(field));
        }
        let mut a = model_args(kind);
        a.insert("fit_config".into(), json!({"min_customers": 0}));
        call(
            c,
            format!("{kind}/fit_min_customers_zero"),
            "fit",
            Value::Object(a),
            "invalid_config",
            Some("min_customers"),
        );
        let mut a = model_args(kind);
        a.insert("fit_config".into(), json!({"initial": [1.0, 1.0]}));
        call(c, format!("{kind}/fit_initial_short"), "fit", Value::Object(a), "invalid_config", Some("initial"));
        let mut a = model_args(kind);
        a.insert("fit_config".into(), json!({"initial": [1.0, -1.0, 1.0, 1.0]}));
        call(c, format!("{kind}/fit_initial_negative"), "fit", Value::Object(a), "out_of_range", Some("alpha"));
    }
    // Gamma-Gamma.
    for p in ["p", "q", "v"] {
        for (vname, v) in [("zero", 0.0), ("negative", -2.0), ("nan", f64::NAN), ("inf", f64::INFINITY)] {
            let key: &'static str = Box::leak(format!("params.{p}").into_boxed_str());
            call(
                c,
                format!("gamma_gamma/param_{p}_{vname}"),
                "expected_spend",
                model_with("gamma_gamma", &[(key, num(v))]),
                "out_of_range",
                Some(p),
            );
        }
    }
    call(
        c,
        "gamma_gamma/q_at_most_one".into(),
        "expected_spend",
        model_with("gamma_gamma", &[("params.q", json!(1.0))]),
        "undefined",
        None,
    );
    call(
        c,
        "gamma_gamma/mean_overflows".into(),
        "expected_spend",
        model_with("gamma_gamma", &[("params.p", json!(1e300)), ("params.v", json!(1e300))]),
        "undefined",
        None,
    );
    for (name, m, code) in [
        ("negative", nums(&[25.0, 0.0, -1.0]), "out_of_range"),
        ("nan", nums(&[25.0, f64::NAN, 1.0]), "non_finite"),
        ("short", json!([1.0]), "length_mismatch"),
    ] {
        call(
            c,
            format!("gamma_gamma/monetary_{name}"),
            "expected_spend",
            model_with("gamma_gamma", &[("monetary_value", m)]),
            code,
            Some("monetary_value"),
        );
    }
    call(
        c,
        "gamma_gamma/fit_zero_spend_repeat_buyer".into(),
        "fit",
        model_with("gamma_gamma", &[("monetary_value", json!([25.0, 0.0, 0.0]))]),
        "out_of_range",
        Some("monetary_value"),
    );
    call(
        c,
        "gamma_gamma/fit_one_repeat_buyer".into(),
        "fit",
        model_with("gamma_gamma", &[("frequency", json!([2.0, 0.0, 0.0])), ("recency", json!([30.0, 0.0, 0.0]))]),
        "too_few_customers",
        None,
    );
    call(
        c,
        "gamma_gamma/frequency_fraction".into(),
        "expected_spend",
        model_with("gamma_gamma", &[("frequency", json!([2.5, 0.0, 7.0]))]),
        "out_of_range",
        Some("frequency"),
    );
}

// ---- configs ----------------------------------------------------------------------

fn config(c: &mut Cases, kind: &str, name: &str, value: Value, code: &'static str, field: Option<&str>) {
    c.add("config", format!("config/{kind}/{name}"), json!({"kind": kind, "config": value}), code, field);
}

fn config_text(c: &mut Cases, kind: &str, name: &str, text: &str, code: &'static str, field: Option<&str>) {
    c.add("config", format!("config/{kind}/{name}"), json!({"kind": kind, "text": text}), code, field);
}

fn configs(c: &mut Cases) {
    // Shapes common to every config: unknown key, wrong type, repeated key.
    let kinds = [
        ("chain", "coverage_threshold"),
        ("trust", "half_life_days"),
        ("render", "width"),
        ("classification", "value_threshold"),
        ("competition", "tie_tolerance"),
        ("summary", "growth_window_days"),
        ("clv", "periods"),
        ("fit", "min_customers"),
        ("tier", "vip_share"),
        ("lifecycle", "young_age_days"),
        ("churn", "p_alive"),
        ("scores", "bins"),
    ];
    for (kind, key) in kinds {
        config(c, kind, "unknown_key", json!({"colour": "red"}), "json_shape", Some("colour"));
        config_text(
            c,
            kind,
            "duplicate_id",
            &format!("{{\"{key}\": 1, \"{key}\": 2}}"),
            "duplicate_json_key",
            Some(key),
        );
        config_text(c, kind, "not_json", "{", "json_syntax", None);
        config(c, kind, "not_an_object", json!("text"), "json_shape", Some(""));
        // serde would read an array as the fields in order; relmap wants an object.
        config(c, kind, "array_for_object", json!([1, 2]), "json_shape", Some(""));
    }
    // Decision chain.
    let chain: [(&str, Value, &str); 14] = [
        ("default_openness", json!(1.0), "default_openness"),
        ("manager_to_report", json!(2.0), "manager_to_report"),
        ("report_to_manager", json!(-0.3), "report_to_manager"),
        ("tolerance", json!(0.0), "tolerance"),
        ("max_iterations", json!(0), "max_iterations"),
        ("max_iterations_huge", json!(1_000_001), "max_iterations"),
        ("alternatives", json!(1000), "alternatives"),
        ("alternatives_max", json!(u64::MAX), "alternatives"),
        ("thread_cap", json!(0), "thread_cap"),
        ("stale_days", json!(-1.0), "stale_days"),
        ("opponent_max_stance", json!(6.0), "opponent_max_stance"),
        ("opponent_min_influence", json!(1.5), "opponent_min_influence"),
        ("betweenness_sampled_zero", json!({"sampled": 0}), "betweenness.sampled"),
        ("role_authority", json!({"coach": 1.5}), "role_authority.coach"),
    ];
    for (name, v, field) in chain {
        // The key is the field's first part (`betweenness.sampled` → `betweenness`).
        let key = field.split('.').next().unwrap();
        config(c, "chain", name, json!({key: v}), "invalid_config", Some(field));
    }
    config(
        c,
        "chain",
        "trust_half_life",
        json!({"trust": {"half_life_days": 0}}),
        "invalid_config",
        Some("half_life_days"),
    );
    config(c, "chain", "as_of_unreadable", json!({"as_of": "2026-13-01"}), "json_shape", Some("as_of"));
    config(c, "chain", "wrong_type", json!({"stale_days": "sixty"}), "json_shape", Some("stale_days"));
    // Trust.
    let trust: [(&str, Value, &str); 11] = [
        ("half_life_days", json!(0), "half_life_days"),
        ("half_life_days_negative", json!(-30), "half_life_days"),
        ("sentiment_factor", json!(2), "sentiment_factor"),
        ("relationship_saturation", json!(0), "relationship_saturation"),
        ("prior_alpha", json!(-1), "prior_alpha"),
        ("confidence_k", json!(0), "confidence_k"),
        ("assessment_weight", json!(1.5), "assessment_weight"),
        ("coverage_threshold", json!(150), "coverage_threshold"),
        ("coverage_threshold_negative", json!(-0.1), "coverage_threshold"),
        ("channel_weights", json!({"visit": -1}), "channel_weights.visit"),
        (
            "pillar_weights",
            json!({"relationship": 0, "professional": 0, "expertise": 0, "sincerity": 0}),
            "pillar_weights",
        ),
    ];
    for (name, v, field) in trust {
        let key = name.trim_end_matches("_negative");
        config(c, "trust", name, json!({key: v}), "invalid_config", Some(field));
    }
    config(
        c,
        "trust",
        "commitment_credit",
        json!({"commitment_credit": {"late": 2}}),
        "invalid_config",
        Some("commitment_credit.late"),
    );
    // Pictures.
    let render: [(&str, Value, &str); 13] = [
        ("width_huge", json!({"width": 1e308}), "options.width"),
        ("width_tiny", json!({"width": 1e-300}), "options.width"),
        ("width_zero", json!({"width": 0}), "options.width"),
        ("width_negative", json!({"width": -100}), "options.width"),
        ("font_size_zero", json!({"layout": {"font_size": 0}}), "options.layout.font_size"),
        ("font_size_huge", json!({"layout": {"font_size": 1e6}}), "options.layout.font_size"),
        ("cjk_em_huge", json!({"layout": {"cjk_em": 1000}}), "options.layout.cjk_em"),
        ("margin_negative", json!({"layout": {"margin": -1}}), "options.layout.margin"),
        ("row_gap_huge", json!({"layout": {"row_gap": 1e300}}), "options.layout.row_gap"),
        ("bow_ratio", json!({"layout": {"bow_ratio": 2}}), "options.layout.bow_ratio"),
        ("bow_steps_zero", json!({"layout": {"bow_steps": 0}}), "options.layout.bow_steps"),
        ("bow_steps_huge", json!({"layout": {"bow_steps": 4294967295u32}}), "options.layout.bow_steps"),
        ("route_samples_huge", json!({"layout": {"route_samples": 4294967295u32}}), "options.layout.route_samples"),
    ];
    for (name, v, field) in render {
        config(c, "render", name, v, "invalid_config", Some(field));
    }
    config(c, "render", "theme_unknown", json!({"theme": "blue"}), "json_shape", Some("theme"));
    config(
        c,
        "render",
        "min_influence",
        json!({"key_players": {"min_influence": -1}}),
        "json_shape",
        Some("key_players.min_influence"),
    );
    // Matrices.
    config(
        c,
        "classification",
        "quantile_above_one",
        json!({"value_threshold": {"quantile": 1.5}}),
        "invalid_config",
        Some("value_threshold"),
    );
    config(
        c,
        "classification",
        "quantile_negative",
        json!({"relationship_threshold": {"quantile": -0.1}}),
        "invalid_config",
        Some("relationship_threshold"),
    );
    config(
        c,
        "classification",
        "threshold_unknown",
        json!({"value_threshold": "mean"}),
        "json_shape",
        Some("value_threshold"),
    );
    config(
        c,
        "competition",
        "tie_tolerance_negative",
        json!({"tie_tolerance": -1}),
        "invalid_config",
        Some("tie_tolerance"),
    );
    // Stage models.
    let stages = |extra: Value| {
        let mut m = json!({
            "milestones": [{"key": "met"}, {"key": "signed"}],
            "stages": [
                {"key": "open", "name": "Open", "win_probability": 0.1},
                {"key": "engaged", "name": "Engaged", "entry_criteria": ["met"], "win_probability": 0.4},
                {"key": "won", "name": "Won", "entry_criteria": ["signed"], "win_probability": 1.0}
            ]
        });
        for (k, v) in extra.as_object().unwrap() {
            let (list, rest) = k.split_once('.').unwrap();
            let (i, field) = rest.split_once('.').unwrap();
            m[list][i.parse::<usize>().unwrap()][field] = v.clone();
        }
        m
    };
    let stage_cases: [(&str, Value, &str, &str); 7] = [
        ("duplicate_stage", json!({"stages.1.key": "open"}), "duplicate_id", "stages[1].key"),
        ("duplicate_milestone", json!({"milestones.1.key": "met"}), "duplicate_id", "milestones[1].key"),
        ("empty_stage_key", json!({"stages.2.key": " "}), "empty_id", "stages[2].key"),
        (
            "probability_above_one",
            json!({"stages.1.win_probability": 1.5}),
            "out_of_range",
            "stages[1].win_probability",
        ),
        (
            "probability_negative",
            json!({"stages.0.win_probability": -0.1}),
            "out_of_range",
            "stages[0].win_probability",
        ),
        (
            "unknown_reference",
            json!({"stages.2.entry_criteria": ["paid"]}),
            "unknown_reference",
            "stages[2].entry_criteria[0]",
        ),
        (
            "entry_with_criteria",
            json!({"stages.0.entry_criteria": ["met"]}),
            "entry_stage_has_criteria",
            "stages[0].entry_criteria",
        ),
    ];
    for (name, extra, code, field) in stage_cases {
        config(c, "stage_model", name, stages(extra), code, Some(field));
    }
    config(c, "stage_model", "empty_list", json!({"milestones": [], "stages": []}), "empty_list", Some("stages"));
    config(
        c,
        "stage_model",
        "unknown_key",
        json!({"milestones": [], "stages": [], "colour": 1}),
        "json_shape",
        Some("colour"),
    );
    // Value configs.
    config(c, "summary", "unit_unknown", json!({"unit": "fortnight"}), "json_shape", Some("unit"));
    config(
        c,
        "summary",
        "growth_window_zero",
        json!({"growth_window_days": 0}),
        "invalid_config",
        Some("growth_window_days"),
    );
    config(c, "clv", "periods_zero", json!({"periods": 0}), "invalid_config", Some("periods"));
    config(c, "clv", "periods_too_many", json!({"periods": 20000}), "invalid_config", Some("periods"));
    config(c, "clv", "periods_negative", json!({"periods": -1}), "json_shape", Some("periods"));
    config(c, "fit", "optimizer_armijo", json!({"optimizer": {"armijo": 0.9}}), "invalid_config", Some("armijo"));
    // Labels: every threshold outside its range.
    let labels: [(&str, &str, Value); 21] = [
        ("tier", "vip_share", json!(1.5)),
        ("tier", "vip_share", json!(-0.01)),
        ("tier", "churn_p_alive", json!(2)),
        ("tier", "frequency_drop_ratio", json!(0)),
        ("tier", "growth_spend_ratio", json!(1.0)),
        ("tier", "growth_value_ratio", json!(-1)),
        ("lifecycle", "churned_p_alive", json!(1.1)),
        ("lifecycle", "decline_p_alive", json!(-0.5)),
        ("lifecycle", "young_age_days", json!(-1)),
        ("lifecycle", "exploration_max_repeats", json!(-2)),
        ("lifecycle", "decline_rate_ratio", json!(0)),
        ("lifecycle", "decline_spend_ratio", json!(-3)),
        ("lifecycle", "growth_rate_ratio", json!(0.5)),
        ("lifecycle", "growth_spend_ratio", json!(1)),
        ("churn", "p_alive", json!(2)),
        ("churn", "frequency_drop_ratio", json!(0)),
        ("churn", "champion_cold_days", json!(-1)),
        ("churn", "economic_buyer_days", json!(-30)),
        ("scores", "bins", json!(0)),
        ("scores", "bins", json!(1)),
        ("scores", "bins", json!(101)),
    ];
    for (kind, key, v) in labels {
        config(c, kind, &format!("{key}_{v}"), json!({key: v}), "invalid_config", Some(key));
    }
    config(c, "scores", "bins_above_u8", json!({"bins": 300}), "json_shape", Some("bins"));
}

// ---- CRM mappings and presets ---------------------------------------------------------

/// A valid CRM mapping with every kind of key, MEDDPICC and Blue Sheet tables included.
pub fn base_mapping() -> Value {
    json!({
        "format": "relmap-crm-mapping/1",
        "source": "mycrm",
        "encoding": "utf-8",
        "date_order": "ymd",
        "utc_offset": "+08:00",
        "list_separator": ";",
        "tables": [
            {"kind": "contacts", "files": ["contacts*.csv"], "columns": {"id": "Id", "name": "Name", "reports_to": "Manager"},
             "by_name": ["reports_to"]},
            {"kind": "qualification", "files": ["meddpicc.csv"],
             "columns": {"opportunity": "Deal", "metrics": "M", "champion": "C", "champion_contact": "Champion"},
             "by_name": ["champion_contact"]},
            {"kind": "buying_influences", "files": ["influences.csv"],
             "columns": {"opportunity": "Deal", "contact": "Contact", "response_mode": "Mode"}},
            {"kind": "activities", "files": ["visits.csv"], "columns": {"id": "Id", "at": "Date", "contact": "Who"},
             "default_channel": "visit"}
        ],
        "roles": {"Boss": "economic_buyer", "Other": null},
        "channels": {"Call": "phone", "To-do": null},
        "grades": {"OK": "green", "TBD": null},
        "grade_scale": 3,
        "response_modes": {"Up": "growth", "Unknown": null}
    })
}

/// The base CRM mapping with `path` set to `value` (`None` removes the key).
fn mapping_with(path: &'static str, value: Option<Value>) -> Value {
    set_path(base_mapping(), path, value)
}

fn mapping(c: &mut Cases, how: &str, doc: Value, field: &str) {
    let text = serde_json::to_string(&doc).unwrap();
    c.add("crm_mapping", format!("crm_mapping/{field}/{how}"), json!({"text": text}), "invalid_mapping", Some(field));
}

fn crm_mappings(c: &mut Cases) {
    // Values the mapping refuses: each an invalid_mapping error naming the key.
    let cases: Vec<(&str, &'static str, Option<Value>)> = vec![
        ("unsupported", "format", Some(json!("relmap-crm-mapping/9"))),
        ("not_a_string", "format", Some(json!(1))),
        ("empty", "source", Some(json!(" "))),
        ("unknown", "encoding", Some(json!("klingon"))),
        ("not_an_offset", "utc_offset", Some(json!("8 hours"))),
        ("empty", "list_separator", Some(json!(""))),
        ("unknown", "date_order", Some(json!("ydm"))),
        ("empty", "tables[0].files", Some(json!([]))),
        ("blank_name", "tables[0].files", Some(json!(["contacts.csv", " "]))),
        ("unknown_field", "tables[0].columns.colour", Some(json!("Colour"))),
        ("empty_column", "tables[0].columns.name", Some(json!(" "))),
        ("missing_required", "tables[0].columns.id", None),
        ("unknown", "tables[0].kind", Some(json!("deals"))),
        ("cannot_hold_names", "tables[0].by_name[0]", Some(json!("title"))),
        ("unknown", "tables[3].default_channel", Some(json!("pigeon"))),
        ("missing_required", "tables[1].columns.opportunity", None),
        ("unknown_field", "tables[1].columns.mood", Some(json!("Mood"))),
        ("unknown_field", "tables[1].columns.contact", Some(json!("Contact"))),
        ("cannot_hold_names", "tables[1].by_name[0]", Some(json!("metrics"))),
        ("missing_required", "tables[2].columns.contact", None),
        ("unknown_field", "tables[2].columns.champion", Some(json!("Champion"))),
        ("unknown", "roles.Boss", Some(json!("king"))),
        ("unknown", "channels.Call", Some(json!("pigeon"))),
        ("unknown", "grades.OK", Some(json!("blue"))),
        ("not_a_string", "grades.OK", Some(json!(3))),
        ("zero", "grade_scale", Some(json!(0))),
        ("negative", "grade_scale", Some(json!(-3))),
        ("not_a_number", "grade_scale", Some(json!("three"))),
        ("unknown", "response_modes.Up", Some(json!("zen"))),
        ("not_a_string", "response_modes.Up", Some(json!(true))),
    ];
    for (how, field, value) in cases {
        mapping(c, how, mapping_with(field, value), field);
    }
    // A repeated key is refused with its path, not "last one wins".
    let text = serde_json::to_string(&base_mapping()).unwrap().replacen(
        r#""source":"mycrm""#,
        r#""source":"mycrm","source":"other""#,
        1,
    );
    c.add(
        "crm_mapping",
        "crm_mapping/source/duplicate_key".into(),
        json!({"text": text}),
        "invalid_mapping",
        Some("source"),
    );
    // A preset that does not exist.
    for name in ["sap", "Salesforce", ""] {
        let id = format!("crm_preset/preset/unknown_{}", if name.is_empty() { "empty" } else { name });
        c.add("crm_preset", id, json!({"name": name}), "invalid_argument", Some("preset"));
    }
}
