//! The fuzz targets check what the tests check: tests/suite/invariants.rs.

#[path = "../../tests/suite/invariants.rs"]
mod invariants;

pub use invariants::{article, check_spans, check_tree};
