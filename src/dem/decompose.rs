//! Splitting errors that flip more than two detectors into graph-like pieces, as stim's
//! `decompose_errors=True` does.
