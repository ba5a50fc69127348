//! Input files: bytes with a name, read from a path or handed over in memory,
//! and their decoding to text.

use std::borrow::Cow;
use std::path::Path;

use super::ImportError;
use crate::io::FormatError;

/// One input file: its name (used in the report) and its bytes.
///
/// The importers work on bytes so that the same code serves files on disk and
/// files dropped on a web page.
///
/// ```
/// use relmap::io::import::SourceFile;
/// let f = SourceFile::new("team.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".to_vec());
/// assert_eq!(f.name, "team.ics");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The file name as the report should show it.
    pub name: String,
    /// The raw content.
    pub bytes: Vec<u8>,
}

impl SourceFile {
    /// A file from a name and its bytes.
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        SourceFile { name: name.into(), bytes: bytes.into() }
    }
}

/// Reads a file, or the files of a folder (not its subfolders) whose names end
/// with one of `extensions` (compared without letter case), sorted by name.
pub fn read_path(path: &Path, extensions: &[&str]) -> crate::Result<Vec<SourceFile>> {
    let io = |p: &Path, e: std::io::Error| FormatError::Io { path: p.display().to_string(), message: e.to_string() };
    let name_of =
        |p: &Path| p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
    if !path.is_dir() {
        let bytes = std::fs::read(path).map_err(|e| io(path, e))?;
        return Ok(vec![SourceFile::new(name_of(path), bytes)]);
    }
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|e| io(path, e))? {
        let p = entry.map_err(|e| io(path, e))?.path();
        let lower = name_of(&p).to_lowercase();
        if p.is_file() && extensions.iter().any(|ext| lower.ends_with(ext)) {
            paths.push(p);
        }
    }
    paths.sort();
    if paths.is_empty() {
        return Err(ImportError::NoInput {
            path: path.display().to_string(),
            message: format!("no file ending in {} in this folder", extensions.join(", ")),
        }
        .into());
    }
    paths.iter().map(|p| Ok(SourceFile::new(name_of(p), std::fs::read(p).map_err(|e| io(p, e))?))).collect()
}

/// Where text decoding failed: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BadByte {
    pub line: usize,
    pub column: usize,
}

/// Decodes bytes in an encoding (a leading UTF-8 or UTF-16 byte-order mark
/// wins over the declared encoding); malformed input is an error with its place.
pub(crate) fn decode<'a>(bytes: &'a [u8], encoding: &'static encoding_rs::Encoding) -> Result<Cow<'a, str>, BadByte> {
    let (encoding, bom) = encoding_rs::Encoding::for_bom(bytes).unwrap_or((encoding, 0));
    let body = &bytes[bom..];
    if encoding == encoding_rs::UTF_8 {
        return std::str::from_utf8(body).map(Cow::Borrowed).map_err(|e| place(&body[..e.valid_up_to()]));
    }
    match encoding.decode_without_bom_handling_and_without_replacement(body) {
        Some(text) => Ok(text),
        None => {
            // Decode with replacement to find the first bad sequence's place.
            let (text, _) = encoding.decode_without_bom_handling(body);
            let at = text.find('\u{FFFD}').unwrap_or(text.len());
            Err(place(text[..at].as_bytes()))
        }
    }
}

/// The line and column just after the valid UTF-8 prefix `before`.
fn place(before: &[u8]) -> BadByte {
    let text = String::from_utf8_lossy(before);
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    BadByte { line, column }
}

/// The encoding with this label (WHATWG names: `utf-8`, `gbk`, `gb18030`, `big5`, `shift_jis`, `utf-16le`, ...).
pub(crate) fn encoding(label: &str) -> Option<&'static encoding_rs::Encoding> {
    encoding_rs::Encoding::for_label(label.trim().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_places_bad_bytes() {
        assert_eq!(decode(b"a\nb", encoding_rs::UTF_8).unwrap(), "a\nb");
        assert_eq!(decode(b"\xEF\xBB\xBFid", encoding_rs::GBK).unwrap(), "id");
        let (gbk, _, _) = encoding_rs::GBK.encode("客户名称,联系人\n华东,王");
        assert_eq!(decode(&gbk, encoding_rs::GBK).unwrap(), "客户名称,联系人\n华东,王");
        let e = decode(&gbk, encoding_rs::UTF_8).unwrap_err();
        assert_eq!(e, BadByte { line: 1, column: 1 });
        let e = decode(b"ok\nab\xFFc", encoding_rs::UTF_8).unwrap_err();
        assert_eq!(e, BadByte { line: 2, column: 3 });
        assert!(encoding("GBK").is_some() && encoding("klingon").is_none());
    }
}
