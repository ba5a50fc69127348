//! The npm package `relmap`: thin wasm-bindgen wrappers over the `relmap` core.
//!
//! One Rust module per domain (`map`, later `chain`, `trust`, `value`, ...);
//! every failure becomes a JavaScript `Error` in [`errors`], the only place
//! that builds them. No domain logic lives here: the wrappers convert their
//! arguments, call the core, and convert the result back.
//!
//! A panic in the core is a bug (bad input returns an error). The package is
//! built with `panic = "abort"`, so a panic cannot be caught: it is reported on
//! the console with its message and surfaces as a `WebAssembly.RuntimeError`.

use wasm_bindgen::prelude::*;

pub mod errors;
pub mod map;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Runs once when the module is instantiated: report panics with their message.
#[wasm_bindgen(start, skip_typescript)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error(&format!("relmap: internal error, please report it: {info}"));
    }));
}
