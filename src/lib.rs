//! biaozhu (标注): annotation of Chinese investment news.
//!
//! `core` holds the model, the dataset store, import, schemas, validation and the edit model;
//! `app` is the eframe desktop app and `cli` the command line, both thin layers over the core.

#[cfg(feature = "app")]
pub mod app;
pub mod cli;
pub mod core;
