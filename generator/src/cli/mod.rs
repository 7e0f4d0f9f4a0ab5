//! The subcommands that need more than a function of main.rs.

pub mod diff;
