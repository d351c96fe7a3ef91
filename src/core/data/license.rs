//! The dataset's licence (`license` in `dataset.json`): one SPDX licence id, checked against the
//! SPDX licence list that the `spdx` crate carries.

use crate::core::data::error::{Error, Result};
use crate::core::data::store::Dataset;
use crate::core::data::{fsio, layout};

/// Where the SPDX licence list is, for error messages.
pub const SPDX_LIST: &str = "https://spdx.org/licenses/";

/// The SPDX licence `id` written as the list writes it, or a message that says what is wrong
/// with it and what to write instead (the id with its list spelling, or the current id of a
/// deprecated one).
pub fn check(id: &str) -> std::result::Result<&'static str, String> {
    if let Some(lic) = spdx::license_id(id).filter(|l| l.name == id) {
        if lic.is_deprecated() {
            return Err(format!(
                "{id:?} is a deprecated SPDX licence id; use its current id (such as {}-only or {}-or-later) from {SPDX_LIST}",
                lic.name, lic.name
            ));
        }
        return Ok(lic.name);
    }
    let hint = suggestion(id)
        .map(|s| format!("; did you mean {s:?}?"))
        .unwrap_or_else(|| format!("; choose one from {SPDX_LIST} (such as CC-BY-4.0)"));
    Err(format!("{id:?} is not an SPDX licence id{hint}"))
}

/// Records `id` (an SPDX licence id) as the licence of `ds`, writing `dataset.json` atomically;
/// a usage error, with nothing written, when it is not a listed, current id.
pub fn set(ds: &mut Dataset, id: &str) -> Result<()> {
    let id = check(id).map_err(|m| Error::Usage(format!("--license: {m}")))?;
    if !ds.is_writable() {
        return Err(Error::ReadOnly {
            path: ds.root().to_path_buf(),
            reason: "the dataset is open read-only".into(),
        });
    }
    let mut manifest = ds.manifest.clone();
    manifest.license = Some(id.to_string());
    fsio::write_json(&ds.root().join(layout::MANIFEST_FILE), &manifest)?;
    ds.manifest = manifest;
    Ok(())
}

/// The listed licence `id` most likely stands for: the same id in other letter case, or the one
/// a common name of it (such as "apache 2") stands for.
fn suggestion(id: &str) -> Option<&'static str> {
    let id = id.trim();
    spdx::identifiers::LICENSES
        .iter()
        .find(|l| l.name.eq_ignore_ascii_case(id) && l.flags & spdx::flags::IS_DEPRECATED == 0)
        .map(|l| l.name)
        .or_else(|| {
            spdx::imprecise_license_id(id)
                .filter(|(_, matched)| *matched == id.len())
                .map(|(l, _)| l.name)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_ids_pass_and_others_say_what_to_write() {
        assert_eq!(check("CC-BY-4.0"), Ok("CC-BY-4.0"));
        assert_eq!(check("Apache-2.0"), Ok("Apache-2.0"));
        let e = check("cc-by-4.0").unwrap_err();
        assert!(e.contains("did you mean \"CC-BY-4.0\""), "{e}");
        let e = check("CC-BY-4").unwrap_err();
        assert!(
            e.contains("not an SPDX licence id") && e.contains(SPDX_LIST),
            "{e}"
        );
        let e = check("GPL-2.0").unwrap_err();
        assert!(
            e.contains("deprecated") && e.contains("GPL-2.0-only"),
            "{e}"
        );
        assert!(check("").is_err());
        assert!(check("MIT+").is_err());
    }
}
