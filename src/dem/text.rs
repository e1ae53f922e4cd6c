//! `.dem` text: writer, and a reader for stim's own files.
