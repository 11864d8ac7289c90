//! The `ophion` binary's integration tests, in one test binary so that they link once.
//! `bombs.rs` stays apart: it measures the process's peak memory, which other tests would move.

#[path = "../common/mod.rs"]
mod common;

mod alerts;
mod api;
mod cli;
mod conformance;
mod console;
mod faults;
mod hostile;
mod insights;
mod notify;
mod security;
