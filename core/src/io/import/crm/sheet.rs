//! One export file read as a table of text cells, decoded cell by cell so
//! that a cell in the wrong encoding costs its row, not the file.

use super::super::report::{Entity, Origin, Reason, ReportLine};
use super::super::source::decode;
use super::super::SourceFile;
use super::mapping::Table;

/// An export file's header and rows (each with its 1-based row number, the
/// header being row 1).
pub(crate) struct Sheet {
    pub file: String,
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Reads a CSV export. A header that cannot be decoded loses the file (one
/// line); a cell that cannot be decoded loses its row (one line naming the
/// row and column).
pub(crate) fn read(
    f: &SourceFile,
    encoding: &'static encoding_rs::Encoding,
    lines: &mut Vec<ReportLine>,
) -> Option<Sheet> {
    let whole = Origin::new(&f.name, None);
    let (bom_encoding, _) = encoding_rs::Encoding::for_bom(&f.bytes).unwrap_or((encoding, 0));
    // UTF-16 is not ASCII-compatible: decode it whole first.
    let utf16 = bom_encoding == encoding_rs::UTF_16LE || bom_encoding == encoding_rs::UTF_16BE;
    let decoded;
    let (bytes, cell_encoding): (&[u8], &'static encoding_rs::Encoding) = if utf16 {
        match decode(&f.bytes, bom_encoding) {
            Ok(text) => {
                decoded = text.into_owned();
                (decoded.as_bytes(), encoding_rs::UTF_8)
            }
            Err(at) => {
                let message =
                    format!("not valid {} text (line {}, character {})", bom_encoding.name(), at.line, at.column);
                lines.push(ReportLine::skipped(
                    &Origin::new(&f.name, Some(at.line)),
                    Entity::File,
                    Reason::Encoding,
                    message,
                ));
                return None;
            }
        }
    } else {
        let (_, bom) = encoding_rs::Encoding::for_bom(&f.bytes).unwrap_or((encoding, 0));
        (&f.bytes[bom..], bom_encoding)
    };
    let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut record = ::csv::ByteRecord::new();
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut row = 0;
    loop {
        row += 1;
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let message = format!("the CSV is malformed from here on: {e}");
                lines.push(ReportLine::skipped(
                    &Origin::new(&f.name, Some(row)),
                    Entity::File,
                    Reason::Malformed,
                    message,
                ));
                break;
            }
        }
        let mut cells = Vec::with_capacity(record.len());
        let mut bad = None;
        for (c, raw) in record.iter().enumerate() {
            match decode(raw, cell_encoding) {
                Ok(text) => cells.push(text.trim().to_owned()),
                Err(_) => {
                    bad = Some(c);
                    break;
                }
            }
        }
        match (&headers, bad) {
            (None, Some(c)) => {
                let message = format!(
                    "the header is not valid {} text; set the mapping's encoding (Chinese exports are often gbk)",
                    cell_encoding.name()
                );
                let l = ReportLine::skipped(&Origin::new(&f.name, Some(1)), Entity::File, Reason::Encoding, message)
                    .with_column(format!("#{}", c + 1));
                lines.push(l);
                return None;
            }
            (None, None) => headers = Some(cells),
            (Some(h), Some(c)) => {
                let column = h.get(c).cloned().unwrap_or_else(|| format!("#{}", c + 1));
                let message = format!("the cell is not valid {} text; the row is skipped", cell_encoding.name());
                let l = ReportLine::skipped(&Origin::new(&f.name, Some(row)), Entity::File, Reason::Encoding, message)
                    .with_column(column);
                lines.push(l);
            }
            (Some(_), None) => rows.push((row, cells)),
        }
    }
    let Some(headers) = headers else {
        lines.push(ReportLine::skipped(&whole, Entity::File, Reason::Malformed, "the file is empty (no header row)"));
        return None;
    };
    Some(Sheet { file: f.name.clone(), headers, rows })
}

/// A sheet seen through one table of the mapping: relmap field → column index.
pub(crate) struct View<'a> {
    pub sheet: &'a Sheet,
    pub table: &'a Table,
    columns: Vec<(&'a str, usize)>,
}

impl<'a> View<'a> {
    /// Resolves the mapped columns against the header (exact, then without
    /// letter case). A missing required column loses the file (one line); a
    /// missing optional one is a warning.
    pub fn new(sheet: &'a Sheet, table: &'a Table, entity: Entity, lines: &mut Vec<ReportLine>) -> Option<View<'a>> {
        let header = Origin::new(&sheet.file, Some(1));
        let find = |column: &str| {
            sheet
                .headers
                .iter()
                .position(|h| h == column)
                .or_else(|| sheet.headers.iter().position(|h| h.eq_ignore_ascii_case(column)))
        };
        for field in table.kind.required() {
            let column = &table.columns[*field];
            if find(column).is_none() {
                let message = format!("the column {column:?} (relmap field {field}) is not in the header");
                lines.push(
                    ReportLine::skipped(&header, Entity::File, Reason::MissingValue, message).with_column(column),
                );
                return None;
            }
        }
        let mut columns = Vec::new();
        for (field, column) in &table.columns {
            match find(column) {
                Some(c) => columns.push((field.as_str(), c)),
                None => {
                    let message =
                        format!("the column {column:?} (relmap field {field}) is not in the header; left empty");
                    lines.push(ReportLine::warning(&header, entity, Reason::MissingValue, message).with_column(column));
                }
            }
        }
        Some(View { sheet, table, columns })
    }

    /// The trimmed cell of a field in a row, `None` when unmapped, absent or empty.
    pub fn cell<'r>(&self, cells: &'r [String], field: &str) -> Option<&'r str> {
        let &(_, c) = self.columns.iter().find(|(f, _)| *f == field)?;
        cells.get(c).map(String::as_str).filter(|s| !s.is_empty())
    }

    /// The export column name of a field.
    pub fn column(&self, field: &str) -> String {
        self.table.columns.get(field).cloned().unwrap_or_default()
    }

    /// Whether the table maps this field to a column of this file.
    pub fn has(&self, field: &str) -> bool {
        self.columns.iter().any(|(f, _)| *f == field)
    }

    /// Whether a reference field holds names.
    pub fn by_name(&self, field: &str) -> bool {
        self.table.by_name.iter().any(|f| f == field)
    }
}
