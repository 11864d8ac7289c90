//! The `ophion` binary's library half: configuration and the server, so integration tests
//! start exactly what `ophion serve` starts.

pub mod config;
pub mod http_server;
pub mod keys;
pub mod server;
pub mod stores;
