//! The pipeline between receiver and store: validation and processors (before anything
//! touches disk), the durable queue, and the writer that drains it into a store.

pub mod ingest;
pub mod inspect;
pub mod memory;
pub mod processors;
pub mod queue;
pub mod validate;
pub mod writer;

pub use ingest::Pipeline;
pub use memory::MemoryGuard;
pub use writer::{Writer, WriterConfig};
