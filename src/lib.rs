//! biaozhu (标注): annotation of Chinese investment news.
//!
//! `core` holds the model, the dataset store, import, schemas, validation and the edit model;
//! `cli` is the command line over it.

pub mod cli;
pub mod core;
