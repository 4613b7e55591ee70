//! The app's commands, one small file each. See the crate docs for how to add one.

pub mod app_info;
pub mod names;
