//! One CSV file read into memory, and typed access to its cells with errors
//! that name the file, row and column.

use std::collections::HashMap;
use std::fmt::Display;
use std::path::Path;
use std::str::FromStr;

use serde::de::DeserializeOwned;

use crate::io::FormatError;

/// The byte-order mark some spreadsheet programs put at the start of UTF-8 files.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The separator between items of a list-valued cell.
pub(crate) const LIST_SEPARATOR: char = ';';

/// The prefix that keeps a spreadsheet from reading a cell as a formula (OWASP's
/// "CSV injection" rule); the reader removes one from the start of every cell.
pub(crate) const TEXT_PREFIX: char = '\'';

/// Whether a text cell needs [`TEXT_PREFIX`] to be read as plain text by a
/// spreadsheet and to read back as itself: it starts with `=`, `+`, `-`, `@`,
/// white space (a tab and a carriage return among it; the reader trims cells)
/// or the prefix itself.
pub(crate) fn needs_text_prefix(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', TEXT_PREFIX]) || cell.starts_with(char::is_whitespace)
}

/// The 1-based line where a quoted cell opens that is still open at the end of
/// the text, read with the CSV rules of the parser (a quote opens a quoted cell
/// only at the start of a cell; `""` inside it is a quote).
fn unclosed_quote(bytes: &[u8]) -> Option<usize> {
    #[derive(PartialEq)]
    enum State {
        CellStart,
        Plain,
        Quoted,
        QuoteInQuoted,
    }
    let (mut state, mut line, mut opened) = (State::CellStart, 1, 0);
    for &b in bytes {
        let ends_cell = matches!(b, b',' | b'\n' | b'\r');
        state = match state {
            State::CellStart if b == b'"' => {
                opened = line;
                State::Quoted
            }
            State::CellStart | State::Plain | State::QuoteInQuoted if ends_cell => State::CellStart,
            State::QuoteInQuoted if b == b'"' => State::Quoted,
            State::CellStart | State::Plain | State::QuoteInQuoted => State::Plain,
            State::Quoted if b == b'"' => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
        };
        if b == b'\n' {
            line += 1;
        }
    }
    (state == State::Quoted).then_some(opened)
}

/// The columns one file may have.
pub(crate) struct Spec {
    /// The file name, e.g. `stakeholders.csv`.
    pub file: &'static str,
    /// Columns that must be present in the header.
    pub required: &'static [&'static str],
    /// Columns that may be present.
    pub optional: &'static [&'static str],
    /// Prefixes of open-ended columns (`stance_toward.` → `stance_toward.<competitor>`).
    pub prefixes: &'static [&'static str],
}

impl Spec {
    /// Every fixed column, required first, in the order the writer uses.
    pub fn columns(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.required.iter().chain(self.optional).copied()
    }
}

/// A parsed file: its header and its data rows with their row numbers.
pub(crate) struct Table {
    file: &'static str,
    columns: HashMap<String, usize>,
    headers: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

pub(crate) fn csv_error(file: &str, row: usize, column: &str, message: impl Into<String>) -> FormatError {
    FormatError::Csv { file: file.to_owned(), row, column: column.to_owned(), message: message.into() }
}

impl Table {
    /// Reads `dir/spec.file`; `Ok(None)` when the file does not exist.
    pub fn read(dir: &Path, spec: &Spec) -> Result<Option<Table>, FormatError> {
        let path = dir.join(spec.file);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(FormatError::Io { path: path.display().to_string(), message: e.to_string() }),
        };
        Table::parse_file(spec, &bytes).map(Some)
    }

    /// Parses the bytes of a whole file (a leading byte-order mark is skipped).
    pub fn parse_file(spec: &Spec, bytes: &[u8]) -> Result<Table, FormatError> {
        Table::parse(spec, bytes.strip_prefix(BOM).unwrap_or(bytes))
    }

    /// Parses the text of a file (without BOM) against its column spec.
    pub fn parse(spec: &Spec, bytes: &[u8]) -> Result<Table, FormatError> {
        let file = spec.file;
        let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
        let mut records = Vec::new();
        let mut record = ::csv::ByteRecord::new();
        loop {
            // Rows are counted in records, the header being row 1.
            let row = records.len() + 1;
            match reader.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => return Err(csv_error(file, row, "", e.to_string())),
            }
            records.push(record.clone());
        }
        if let Some(line) = unclosed_quote(bytes) {
            // The open cell swallowed the rest of the file into the last record.
            let message = format!("the quoted cell opened on line {line} is never closed (a '\"' is missing)");
            return Err(csv_error(file, records.len().max(1), "", message));
        }
        let mut records = records.into_iter();
        let header = records.next().unwrap_or_default();
        let mut headers = Vec::with_capacity(header.len());
        let mut columns = HashMap::new();
        for (c, raw) in header.iter().enumerate() {
            let name = std::str::from_utf8(raw)
                .map_err(|_| csv_error(file, 1, &format!("#{}", c + 1), "column name is not valid UTF-8"))?
                .trim()
                .to_owned();
            let known = spec.columns().any(|k| k == name)
                || spec.prefixes.iter().any(|p| name.len() > p.len() && name.starts_with(p));
            if !known {
                let expected: Vec<&str> = spec.columns().collect();
                let mut message = format!("unknown column {name:?}; expected {}", expected.join(", "));
                for p in spec.prefixes {
                    message.push_str(&format!(" or {p}<name>"));
                }
                return Err(csv_error(file, 1, &name, message));
            }
            if columns.insert(name.clone(), c).is_some() {
                return Err(csv_error(file, 1, &name, "column appears twice"));
            }
            headers.push(name);
        }
        for required in spec.required {
            if !columns.contains_key(*required) {
                return Err(csv_error(file, 1, required, "required column is missing"));
            }
        }
        let mut rows = Vec::new();
        for (k, record) in records.enumerate() {
            let row = k + 2;
            if record.len() > headers.len() {
                let message = format!("row has {} cells but the header has {} columns", record.len(), headers.len());
                return Err(csv_error(file, row, "", message));
            }
            let mut cells = Vec::with_capacity(headers.len());
            for (c, raw) in record.iter().enumerate() {
                let text = std::str::from_utf8(raw)
                    .map_err(|e| csv_error(file, row, &headers[c], format!("cell is not valid UTF-8: {e}")))?;
                let text = text.trim();
                cells.push(text.strip_prefix(TEXT_PREFIX).unwrap_or(text).to_owned());
            }
            // A short row (a spreadsheet dropping trailing empty cells) reads as empty cells.
            cells.resize(headers.len(), String::new());
            rows.push((row, cells));
        }
        Ok(Table { file, columns, headers, rows })
    }

    /// The data rows.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(move |(row, cells)| Row { table: self, row: *row, cells })
    }

    /// The open-ended columns with this prefix, as (suffix, column name).
    pub fn prefixed(&self, prefix: &str) -> Vec<(String, String)> {
        self.headers.iter().filter_map(|h| h.strip_prefix(prefix).map(|rest| (rest.to_owned(), h.clone()))).collect()
    }

    /// The file name.
    pub fn file(&self) -> &'static str {
        self.file
    }
}

/// One data row.
pub(crate) struct Row<'a> {
    table: &'a Table,
    row: usize,
    cells: &'a [String],
}

impl Row<'_> {
    /// The 1-based row number (header = 1).
    pub fn number(&self) -> usize {
        self.row
    }

    /// An error about one cell of this row.
    pub fn error(&self, column: &str, message: impl Into<String>) -> FormatError {
        csv_error(self.table.file, self.row, column, message)
    }

    /// The trimmed cell, `None` when the column is absent or the cell empty.
    pub fn text(&self, column: &str) -> Option<&str> {
        let c = *self.table.columns.get(column)?;
        Some(self.cells[c].as_str()).filter(|s| !s.is_empty())
    }

    /// The trimmed cell as an owned string, `None` when absent or empty.
    pub fn opt_string(&self, column: &str) -> Option<String> {
        self.text(column).map(str::to_owned)
    }

    /// The trimmed cell, the empty string when absent or empty (for names and ids,
    /// whose emptiness the model judges).
    pub fn string(&self, column: &str) -> String {
        self.text(column).unwrap_or_default().to_owned()
    }

    /// A value that must be present.
    pub fn required<T>(&self, column: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Result<T, FormatError> {
        match self.text(column) {
            Some(text) => parse(text).map_err(|m| self.error(column, m)),
            None => Err(self.error(column, "value is missing")),
        }
    }

    /// A value that may be absent (empty cell).
    pub fn optional<T>(
        &self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<Option<T>, FormatError> {
        self.text(column).map(|text| parse(text).map_err(|m| self.error(column, m))).transpose()
    }

    /// A cell that must be empty because the row's kind does not use it.
    pub fn unused(&self, column: &str, why: &str) -> Result<(), FormatError> {
        match self.text(column) {
            Some(_) => Err(self.error(column, format!("must be empty: {why}"))),
            None => Ok(()),
        }
    }

    /// A list-valued cell: items separated by `;`, each trimmed; empty cell = empty list.
    pub fn list(&self, column: &str) -> Result<Vec<String>, FormatError> {
        let Some(text) = self.text(column) else { return Ok(Vec::new()) };
        text.split(LIST_SEPARATOR)
            .enumerate()
            .map(|(j, item)| {
                let item = item.trim();
                if item.is_empty() {
                    Err(self.error(column, format!("item {} of the list is empty", j + 1)))
                } else {
                    Ok(item.to_owned())
                }
            })
            .collect()
    }

    /// A list-valued cell whose items are enum names.
    pub fn enum_list<T: DeserializeOwned>(&self, column: &str) -> Result<Vec<T>, FormatError> {
        self.list(column)?.iter().map(|item| enum_value(item).map_err(|m| self.error(column, m))).collect()
    }
}

/// Parses a number (or any `FromStr` value) with a message naming the text.
pub(crate) fn number<T: FromStr>(text: &str) -> Result<T, String>
where
    T::Err: Display,
{
    text.parse().map_err(|e| format!("cannot read {text:?} as a number: {e}"))
}

/// Parses a time (RFC 3339 or date).
pub(crate) fn time(text: &str) -> Result<crate::time::Timestamp, String> {
    text.parse().map_err(|e: crate::time::TimeParseError| e.to_string())
}

/// Parses `true` / `false` (any letter case).
pub(crate) fn boolean(text: &str) -> Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("expected true or false, found {text:?}")),
    }
}

/// Parses an enum by its snake_case name, exactly as the JSON document spells it.
pub(crate) fn enum_value<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).map_err(|e| {
        // serde says "unknown variant `x`, expected one of `a`, `b`": keep its list.
        e.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Channel;

    const SPEC: Spec = Spec { file: "t.csv", required: &["id"], optional: &["tags", "n"], prefixes: &["x."] };

    #[test]
    fn reads_cells_lists_and_prefixed_columns() {
        let t = Table::parse(&SPEC, "id, tags ,x.a\n a ,p; q ,1\nb\n".as_bytes()).unwrap();
        let rows: Vec<Row> = t.rows().collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].number(), 2);
        assert_eq!(rows[0].string("id"), "a");
        assert_eq!(rows[0].list("tags").unwrap(), ["p", "q"]);
        assert_eq!(rows[1].text("tags"), None);
        assert_eq!(rows[1].text("n"), None);
        assert_eq!(t.prefixed("x."), [("a".to_owned(), "x.a".to_owned())]);
    }

    #[test]
    fn reports_header_and_cell_problems() {
        let e = Table::parse(&SPEC, b"id,colour\n").err().unwrap();
        assert!(matches!(&e, FormatError::Csv { row: 1, column, .. } if column == "colour"), "{e}");
        let e = Table::parse(&SPEC, b"tags\n").err().unwrap();
        assert!(matches!(&e, FormatError::Csv { row: 1, column, .. } if column == "id"), "{e}");
        let e = Table::parse(&SPEC, b"id,x.\n").err().unwrap();
        assert!(matches!(&e, FormatError::Csv { column, .. } if column == "x."), "{e}");
        let e = Table::parse(&SPEC, b"id\na,b\n").err().unwrap();
        assert!(matches!(&e, FormatError::Csv { row: 2, .. }), "{e}");
        let t = Table::parse(&SPEC, b"id,tags\na,p;;q\n").unwrap();
        let e = t.rows().next().unwrap().list("tags").unwrap_err();
        assert!(e.to_string().contains("item 2"), "{e}");
    }

    #[test]
    fn an_unclosed_quote_is_an_error_with_its_line() {
        let e = Table::parse(&SPEC, b"id,n\nceo,\"CEO,1\ncfo,CFO\ncio,CIO\n").err().unwrap();
        assert!(matches!(&e, FormatError::Csv { row: 2, .. }), "{e}");
        assert!(e.to_string().contains("opened on line 2"), "{e}");
        // Quotes that close, escaped quotes and quotes inside a plain cell are fine.
        for ok in [&b"id,n\n\"a\"\"b\",\"x\ny\"\n"[..], b"id,n\nab\"c,d\n", b"id\n\"\"\n", b"id\n\"a\"b\n"] {
            assert!(Table::parse(&SPEC, ok).is_ok(), "{}", String::from_utf8_lossy(ok));
        }
        assert_eq!(unclosed_quote(b"id\n\"a\"\"\n"), Some(2));
        assert_eq!(unclosed_quote(b"\""), Some(1));
    }

    #[test]
    fn one_text_prefix_is_removed_from_every_cell() {
        let t = Table::parse(&SPEC, "id,tags\n'=1+2,'@x;y\n''a,'\n".as_bytes()).unwrap();
        let rows: Vec<Row> = t.rows().collect();
        assert_eq!(rows[0].string("id"), "=1+2");
        assert_eq!(rows[0].list("tags").unwrap(), ["@x", "y"]);
        assert_eq!(rows[1].string("id"), "'a");
        assert_eq!(rows[1].text("tags"), None);
        for (cell, prefixed) in [
            ("=A1", true),
            ("+1", true),
            ("-2+3", true),
            ("@SUM(A1)", true),
            ("'", true),
            ("\tx", true),
            ("\r=1", true),
        ] {
            assert_eq!(needs_text_prefix(cell), prefixed, "{cell}");
        }
        assert!(!needs_text_prefix("Chen") && !needs_text_prefix("王总") && !needs_text_prefix(""));
    }

    #[test]
    fn parses_enums_by_their_json_names() {
        assert_eq!(enum_value::<Channel>("meal_or_event").unwrap(), Channel::MealOrEvent);
        assert!(enum_value::<Channel>("fax").unwrap_err().contains("fax"));
        assert!(boolean("TRUE").unwrap());
        assert!(boolean("yes").is_err());
    }
}
