//! The collection loop.
