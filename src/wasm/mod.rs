//! The browser facade: the only place with `#[wasm_bindgen]`, compiled only for wasm32.
//!
//! It turns plain JS objects (serde-wasm-bindgen) and typed arrays into the core's types and
//! back, and core errors into JS exceptions carrying the core's exact messages. It holds no
//! logic of its own beyond that: parameters are checked by [`crate::spec`], counts come from
//! [`crate::collect`], the a × b plan from [`crate::parallel`].
//!
//! Two builds use it: the threaded one (nightly, `+atomics`), which exports `initThreadPool`
//! from wasm-bindgen-rayon for the page's Web Workers, and the single-thread fallback.

mod analysis;
mod busy;
mod circuit;
mod form;
mod memory;
mod merge;
mod panic;
mod plan;
mod run;
mod shot;
mod stats;
mod stream;
mod task;
#[cfg(test)]
mod tests;

use serde::Serialize;
use wasm_bindgen::prelude::*;

/// rayon's global pool of a Web Workers; call once per wasm instance, before any rayon use.
#[cfg(target_feature = "atomics")]
pub use wasm_bindgen_rayon::init_thread_pool;

#[wasm_bindgen(start)]
fn start() {
    panic::install();
}

/// True in the threaded build (shared memory, `initThreadPool` exported).
#[wasm_bindgen(js_name = threadsAvailable)]
pub fn threads_available() -> bool {
    cfg!(target_feature = "atomics")
}

/// A core error as a JS `Error` whose message is the core's message.
fn js_error(error: crate::Error) -> JsError {
    JsError::new(&error.to_string())
}

/// A value as a plain JS object (maps as objects, 64-bit integers as numbers).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|error| JsError::new(&error.to_string()))
}

/// A plain JS object as a Rust value.
fn from_js<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|error| JsError::new(&error.to_string()))
}
