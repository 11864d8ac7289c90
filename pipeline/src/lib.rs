//! The pipeline between receiver and store: processors, the durable queue and the writer
//! that drains it into a store.

pub mod processors;
