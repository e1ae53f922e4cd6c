//! Panics in the browser: the console gets the message (console_error_panic_hook), and the
//! worker can read it afterwards (`lastPanic`), since the trap it sees says only "unreachable".
//! A worker reports a panic as a crash with its task, never as a problem with the model.

use std::sync::Mutex;
use wasm_bindgen::prelude::*;

static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

/// Records each panic's message, then logs it as console_error_panic_hook does.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = info.to_string();
        }
        console_error_panic_hook::hook(info);
    }));
}

/// The message of the last panic in this instance ("" when none).
#[wasm_bindgen(js_name = lastPanic)]
pub fn last_panic() -> String {
    LAST_PANIC
        .lock()
        .map(|last| last.clone())
        .unwrap_or_default()
}
