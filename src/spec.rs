//! Experiment parameters and their validation.
