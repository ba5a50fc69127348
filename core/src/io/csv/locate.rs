//! From an error's JSON-style field path to the CSV file, row and column.

use crate::io::FormatError;
use crate::model::ModelError;
use crate::Error;

/// Where in a CSV folder an error points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvLocation {
    /// The file name, e.g. `stakeholders.csv`.
    pub file: String,
    /// The 1-based row (header = 1); `None` when the path alone cannot tell,
    /// as for the rows of `milestones.csv`, `criteria.csv` and
    /// `vendor_scores.csv`, which are grouped by opportunity.
    pub row: Option<usize>,
    /// The column name; empty when the error is about the whole row.
    pub column: String,
}

impl std::fmt::Display for CsvLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if !self.column.is_empty() {
            write!(f, ", column {}", self.column)?;
        }
        Ok(())
    }
}

/// Where an error from [`read_map`](super::read_map) points in the CSV folder.
///
/// A CSV error carries its location already; a model error carries the JSON
/// path of the value (`stakeholders[3].reports_to`), which maps to the file of
/// that table, data row `index + 2` and the column of the field. Returns `None`
/// for errors with no place in a folder (I/O, JSON syntax).
///
/// ```
/// use relmap::io::csv::locate;
/// use relmap::model::ModelError;
/// let e: relmap::Error = ModelError::UnknownReference {
///     kind: "stakeholder", id: "ghost".into(), field: "interactions[7].stakeholders[1]".into(),
/// }.into();
/// assert_eq!(locate(&e).unwrap().to_string(), "interactions.csv, row 9, column stakeholders");
/// ```
pub fn locate(error: &Error) -> Option<CsvLocation> {
    match error {
        Error::Format(FormatError::Csv { file, row, column, .. }) => {
            Some(CsvLocation { file: file.clone(), row: Some(*row), column: column.clone() })
        }
        Error::Model(e) => locate_model(e),
        // Other domains' errors do not come from reading a CSV folder.
        _ => None,
    }
}

fn at(file: &str, row: Option<usize>, column: &str) -> Option<CsvLocation> {
    Some(CsvLocation { file: file.to_owned(), row, column: column.to_owned() })
}

/// Splits `name[12].rest` into (`name`, 12, `rest`).
fn indexed(path: &str) -> Option<(&str, usize, &str)> {
    let open = path.find('[')?;
    let close = open + path[open..].find(']')?;
    let index = path[open + 1..close].parse().ok()?;
    let rest = &path[close + 1..];
    Some((&path[..open], index, rest.strip_prefix('.').unwrap_or(rest)))
}

/// The column of a field path inside one entry: `members[2]` → `members`.
fn column(rest: &str) -> &str {
    match rest.find('[') {
        Some(i) => &rest[..i],
        None => rest,
    }
}

fn locate_model(e: &ModelError) -> Option<CsvLocation> {
    if let ModelError::ReportsToCycle { .. } = e {
        return at("stakeholders.csv", None, "reports_to");
    }
    let field = e.field()?;
    if let Some(rest) = field.strip_prefix("account.") {
        return at("account.csv", Some(2), rest);
    }
    let (table, index, rest) = indexed(field)?;
    let row = Some(index + 2);
    match table {
        "stakeholders" | "relations" | "team" | "interactions" | "evidence" => {
            at(&format!("{table}.csv"), row, column(rest))
        }
        "opportunities" => locate_opportunity_part(e, rest, row),
        _ => None,
    }
}

fn locate_opportunity_part(e: &ModelError, rest: &str, row: Option<usize>) -> Option<CsvLocation> {
    let unknown = matches!(e, ModelError::UnknownReference { .. });
    if rest.starts_with("milestones[") {
        return at("milestones.csv", None, "key");
    }
    if let Some(r) = rest.strip_prefix("criteria[") {
        let inner = r.split_once("].").map_or("", |(_, c)| c);
        let col = if inner.starts_with("weights.") {
            if unknown {
                "stakeholder"
            } else {
                "weight"
            }
        } else {
            "criterion"
        };
        return at("criteria.csv", None, col);
    }
    if rest == "vendor_scores" {
        return at("vendor_scores.csv", None, "vendor");
    }
    if rest.starts_with("vendor_scores.") {
        return at("vendor_scores.csv", None, if unknown { "criterion" } else { "score" });
    }
    if let Some(r) = rest.strip_prefix("meddpicc.") {
        if let Some((_, step)) = r.split_once(".steps[") {
            let col = step.split_once("].").map_or("step", |(_, c)| if c == "name" { "step" } else { c });
            return at("process_steps.csv", None, col);
        }
        return at("meddpicc.csv", None, r.split_once('.').map_or("element", |(_, c)| c));
    }
    if let Some(r) = rest.strip_prefix("buying_influences[") {
        return at("buying_influences.csv", None, column(r.split_once("].").map_or("stakeholder", |(_, c)| c)));
    }
    at("opportunities.csv", row, column(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(field: &str) -> Error {
        ModelError::OutOfRange { id: "x".into(), field: field.into(), value: 9.0, expected: "-5..=5" }.into()
    }

    #[test]
    fn maps_entry_index_to_row() {
        let l = locate(&model("stakeholders[3].stance_toward.华为云")).unwrap();
        assert_eq!(
            l,
            CsvLocation { file: "stakeholders.csv".into(), row: Some(5), column: "stance_toward.华为云".into() }
        );
        let l = locate(&model("relations[0]")).unwrap();
        assert_eq!((l.file.as_str(), l.row, l.column.as_str()), ("relations.csv", Some(2), ""));
        assert_eq!(locate(&model("account.revenue")).unwrap().to_string(), "account.csv, row 2, column revenue");
        assert_eq!(locate(&model("opportunities[1].amount")).unwrap().row, Some(3));
    }

    #[test]
    fn opportunity_parts_name_their_file_and_column() {
        assert_eq!(locate(&model("opportunities[0].criteria[2].weights.cfo")).unwrap().column, "weight");
        let unknown: Error = ModelError::UnknownReference {
            kind: "criterion",
            id: "speed".into(),
            field: "opportunities[0].vendor_scores.us.speed".into(),
        }
        .into();
        let l = locate(&unknown).unwrap();
        assert_eq!((l.file.as_str(), l.row, l.column.as_str()), ("vendor_scores.csv", None, "criterion"));
        let l = locate(&model("opportunities[0].milestones[1].key")).unwrap();
        assert_eq!((l.file.as_str(), l.column.as_str()), ("milestones.csv", "key"));
        let l = locate(&model("opportunities[0].meddpicc.champion.stakeholder")).unwrap();
        assert_eq!((l.file.as_str(), l.column.as_str()), ("meddpicc.csv", "stakeholder"));
        let l = locate(&model("opportunities[0].meddpicc.paper_process.steps[2].date")).unwrap();
        assert_eq!((l.file.as_str(), l.column.as_str()), ("process_steps.csv", "date"));
        let l = locate(&model("opportunities[1].buying_influences[0].win_results[1]")).unwrap();
        assert_eq!((l.file.as_str(), l.column.as_str()), ("buying_influences.csv", "win_results"));
        let cycle: Error = ModelError::ReportsToCycle { cycle: vec!["a".into(), "b".into(), "a".into()] }.into();
        assert_eq!(locate(&cycle).unwrap().column, "reports_to");
    }
}
