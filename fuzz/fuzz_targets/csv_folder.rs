//! The CSV folder reader: read → write → read.
//!
//! The input is a folder as text: each file starts with a line `=== NAME`
//! (`=== account.csv`), and everything up to the next such line is its content
//! (bytes, not necessarily UTF-8). Whatever the files hold, reading either fails
//! with a typed error or gives a map that writes back (the writer must carry
//! every map the reader produces), reloads equal, and writes the same files again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relmap::io::csv::{read_map_files, write_map_files};
use relmap::RelationshipMap;

mod common;
use common::ok;

/// Splits the input into (file name, content) pairs.
fn files(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    for line in data.split_inclusive(|&b| b == b'\n') {
        if let Some(name) = line.strip_prefix(b"=== ") {
            let name = String::from_utf8_lossy(name).trim_end_matches(['\n', '\r']).to_owned();
            out.push((name, Vec::new()));
        } else if let Some((_, content)) = out.last_mut() {
            content.extend_from_slice(line);
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let folder = files(data);
    let Some(map) = ok(read_map_files(&folder)) else { return };
    let written = write_map_files(&map).unwrap_or_else(|e| panic!("a map read from CSV cannot be written back: {e}"));
    let back = read_map_files(&written).unwrap_or_else(|e| panic!("written CSV refused: {e}"));
    assert_eq!(back, map, "CSV round trip changed the map");
    assert_eq!(write_map_files(&back).unwrap(), written, "CSV writing is not stable");
    // And through the JSON document.
    assert_eq!(RelationshipMap::from_json(&map.to_json()).unwrap(), map);
});
