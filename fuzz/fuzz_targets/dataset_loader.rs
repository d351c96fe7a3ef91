//! Fuzzes the dataset loader: any bytes read as a manifest, a document or an annotation must give
//! a report, never a panic.
#![no_main]

use biaozhu::core::data::labels::LabelSchema;
use biaozhu::core::exchange::schemas::FileKind;
use biaozhu::core::check::validate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let labels = LabelSchema::default_schema();
    let text = "𠮷利集团在南通开发区投资约50亿元\n建设新能源项目";
    let sha = biaozhu::core::data::ids::sha256_hex(text.as_bytes());
    for kind in [FileKind::Manifest, FileKind::Document, FileKind::Annotation] {
        let _ = validate::check_bytes(kind, data, &labels, Some((text, &sha)));
    }
});
