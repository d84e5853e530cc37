//! The limits the host sets for every input of the bindings ([`facturier_core::json::Limits`]):
//! one setting per process, read by every call, changed by `configure_limits`.

use std::sync::RwLock;

use facturier_core::json::Limits;

/// The limits in force; the core's defaults until the host sets its own.
static LIMITS: RwLock<Option<Limits>> = RwLock::new(None);

/// The limits every input of this process is read with.
pub fn current() -> Limits {
    // a poisoned lock still holds a valid value: limits are plain data
    match LIMITS.read() {
        Ok(l) => l.unwrap_or_default(),
        Err(poisoned) => poisoned.into_inner().unwrap_or_default(),
    }
}

/// Sets the limits of this process, for the calls that start after it.
pub fn set(limits: Limits) {
    match LIMITS.write() {
        Ok(mut l) => *l = Some(limits),
        Err(poisoned) => *poisoned.into_inner() = Some(limits),
    }
}
