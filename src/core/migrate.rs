//! Format migrations between dataset `format_version`s. A migration runs in memory when an
//! older dataset is read, and is written back only by an explicit `biaozhu migrate DIR`.
//!
//! format_version 1 is the first and current version, so the table of steps is empty today;
//! `tests/fixtures/format-v1/` keeps a frozen version-1 dataset that must keep loading.

use super::error::{Error, Result};
use super::model::FORMAT_VERSION;
use super::store::{Dataset, MANIFEST_FILE};

/// One step: the version it upgrades from, and the change to the manifest value.
pub type Step = (u32, fn(&mut serde_json::Value));

/// Every step, in order. Empty while format_version 1 is the only version.
pub const STEPS: &[Step] = &[];

/// Upgrades a manifest value in memory to the current version; returns the version it had.
pub fn upgrade_manifest(value: &mut serde_json::Value) -> Result<u32> {
    let found = value
        .get("format_version")
        .and_then(|v| v.as_u64())
        .unwrap_or(0) as u32;
    let mut at = found;
    for (from, step) in STEPS {
        if *from == at {
            step(value);
            at += 1;
        }
    }
    if at != FORMAT_VERSION {
        return Err(Error::Usage(format!(
            "no migration from format_version {found} to {FORMAT_VERSION}"
        )));
    }
    value["format_version"] = FORMAT_VERSION.into();
    Ok(found)
}

/// Rewrites the dataset in the current format; returns how many files were written.
pub fn migrate_in_place(ds: &Dataset) -> Result<usize> {
    let path = ds.root().join(MANIFEST_FILE);
    let mut value: serde_json::Value = super::fsio::read_json(&path)?;
    let found = upgrade_manifest(&mut value)?;
    if found == FORMAT_VERSION {
        return Ok(0);
    }
    super::fsio::write_json(&path, &value)?;
    Ok(1)
}
