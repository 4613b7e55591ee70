//! A stub of the billing-details API (filled in by the stub work).
