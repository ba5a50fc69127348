//! The fuzz targets' dictionaries (`fuzz/dict/*.dict`) are in the form libFuzzer reads:
//! each line blank, a `#` comment, or an optional name and `=` followed by a quoted word
//! of printable ASCII, where `\\`, `\"` and `\xNN` are the only escapes. libFuzzer stops
//! at the first other line ("ParseDictionaryFile: error"), so a word outside ASCII must be
//! written as its UTF-8 bytes.

fn is_dictionary_word(line: &str) -> bool {
    let quoted = match line.find('"') {
        Some(start) => &line[start..],
        None => return false,
    };
    let name = &line[..line.len() - quoted.len()];
    if !(name.is_empty()
        || name.strip_suffix('=').is_some_and(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')))
    {
        return false;
    }
    let Some(body) = quoted.strip_prefix('"').and_then(|q| q.strip_suffix('"')) else {
        return false;
    };
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => match bytes.get(i + 1) {
                Some(b'\\') | Some(b'"') => i += 2,
                Some(b'x') if bytes.len() >= i + 4 && bytes[i + 2..i + 4].iter().all(u8::is_ascii_hexdigit) => i += 4,
                _ => return false,
            },
            b'"' => return false,
            b if (0x20..0x7f).contains(&b) => i += 1,
            _ => return false,
        }
    }
    true
}

#[test]
fn every_dictionary_line_is_one_libfuzzer_reads() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/dict");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "dict") {
            continue;
        }
        files += 1;
        for (n, line) in std::fs::read_to_string(&path).unwrap().lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            assert!(is_dictionary_word(line), "{}:{}: not a libFuzzer dictionary line: {line}", path.display(), n + 1);
        }
    }
    assert!(files >= 4, "{files} dictionaries in {}", dir.display());
}

#[test]
fn the_check_refuses_what_libfuzzer_refuses() {
    assert!(is_dictionary_word(r#""green""#));
    assert!(is_dictionary_word(r#"kw1="\xE7\xBA\xA2\"""#));
    assert!(!is_dictionary_word("\"红灯\""));
    assert!(!is_dictionary_word(r#""\q""#));
    assert!(!is_dictionary_word("green"));
}
