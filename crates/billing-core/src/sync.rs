//! Locks that survive a panic elsewhere.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Locks a mutex, taking over the data of a thread that panicked while holding it: every
/// critical section in this crate leaves its data consistent, so a panic elsewhere must not
/// take the whole app down with `PoisonError`.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
