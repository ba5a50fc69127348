//! `docs/errors.md` lists every error kind and code of the core, word for word.
//!
//! The two tables between the `generated` markers are written from
//! [`ErrorKind::ALL`] and [`ErrorCode::ALL`]; this test fails when they drift and
//! prints the tables to paste (or run it with `RELMAP_BLESS=1` to rewrite them).
//! The table of Python classes and JavaScript constructors in the same file is
//! checked by the binding suites.

use relmap::error::{ErrorCode, ErrorKind};

const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/errors.md");

fn kinds_table() -> String {
    let mut t = String::from("| kind | meaning |\n| --- | --- |\n");
    for k in ErrorKind::ALL {
        t.push_str(&format!("| `{}` | {} |\n", k.as_str(), k.meaning()));
    }
    t
}

fn codes_table() -> String {
    let mut t = String::from("| code | kind | meaning | field |\n| --- | --- | --- | --- |\n");
    for c in ErrorCode::ALL {
        t.push_str(&format!("| `{}` | `{}` | {} | {} |\n", c.as_str(), c.kind().as_str(), c.meaning(), c.field()));
    }
    t
}

/// The text between `<!-- generated: NAME -->` and `<!-- end: NAME -->`, and where it starts.
fn section<'a>(doc: &'a str, name: &str) -> (usize, &'a str) {
    let open = format!("<!-- generated: {name} -->\n");
    let close = format!("<!-- end: {name} -->");
    let start = doc.find(&open).unwrap_or_else(|| panic!("docs/errors.md has no {open:?}")) + open.len();
    let end = start + doc[start..].find(&close).unwrap_or_else(|| panic!("docs/errors.md has no {close:?}"));
    (start, &doc[start..end])
}

#[test]
fn the_error_tables_in_the_docs_are_the_core_s() {
    let mut doc = std::fs::read_to_string(DOC).expect("docs/errors.md");
    let mut stale = Vec::new();
    for (name, table) in [("kinds", kinds_table()), ("codes", codes_table())] {
        let (start, found) = section(&doc, name);
        if found != table {
            if std::env::var_os("RELMAP_BLESS").is_some() {
                doc.replace_range(start..start + found.len(), &table);
            } else {
                stale.push(format!("<!-- generated: {name} -->\n{table}<!-- end: {name} -->"));
            }
        }
    }
    if std::env::var_os("RELMAP_BLESS").is_some() {
        std::fs::write(DOC, doc).expect("write docs/errors.md");
    }
    assert!(stale.is_empty(), "docs/errors.md is stale; paste (or RELMAP_BLESS=1):\n\n{}", stale.join("\n\n"));
}

#[test]
fn every_code_has_a_kind_and_every_kind_a_code() {
    for k in ErrorKind::ALL {
        assert!(ErrorCode::ALL.iter().any(|c| c.kind() == k), "{k}");
    }
    assert_eq!(ErrorCode::ALL.iter().filter(|c| c.kind() == ErrorKind::Internal).count(), 1);
}
