//! The npm package `relmap`: thin wasm-bindgen wrappers over the `relmap` core.
//!
//! One Rust module per domain (`map`, `chain`, `trust`, `stage`, `matrix`,
//! `render`, `value`); every failure becomes a JavaScript `Error` in
//! [`errors`], the only place that builds them (besides `build.sh`, which gives
//! the generated glue's class check the same form). No domain logic lives here:
//! the wrappers convert their arguments ([`convert`]: camelCase JavaScript
//! objects into the core's types), call the core, and convert the result back.
//!
//! The TypeScript declarations of the objects that cross the boundary are
//! written by hand in `ts/*.d.ts` (included by each module as a custom section) and
//! checked against the core's types by the tests in `src/typescript.rs`.
//!
//! A panic in the core is a bug (bad input returns an error). The package is
//! built with `panic = "abort"`, so a panic cannot be caught: it is reported on
//! the console with its message and surfaces as a `WebAssembly.RuntimeError`.

use wasm_bindgen::prelude::*;

pub mod chain;
pub mod convert;
pub mod diagnostics;
pub mod errors;
pub mod health;
pub mod importing;
pub mod learning;
pub mod map;
pub mod matrix;
pub mod render;
pub mod stage;
pub mod trust;
#[cfg(test)]
mod typescript;
pub mod value;
pub mod value_models;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Runs once when the module is instantiated: report panics with their message,
/// and give the core its clock (wasm32-unknown-unknown has none of its own).
#[wasm_bindgen(start, skip_typescript, js_name = __relmapStart)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error(&format!("relmap: internal error, please report it: {info}"));
    }));
    relmap::time::set_clock(|| relmap::time::Timestamp((js_sys::Date::now() / 1000.0).floor() as i64));
}

/// The version of the package (and of the core it wraps).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
