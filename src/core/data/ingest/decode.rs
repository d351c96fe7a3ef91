//! Turns raw file bytes into text: byte-order marks, strict UTF-8, then GB18030/GBK or Big5 by
//! detection (chardetng + encoding_rs). Undecodable bytes are an error, never replacement
//! characters, and binary files are refused.

use crate::core::data::problem::Problem;
use encoding_rs::Encoding;

/// The decoded text and what was found on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The text, without the byte-order mark.
    pub text: String,
    /// The encoding's name, such as `UTF-8`, `GBK`, `Big5` or `UTF-16LE`.
    pub encoding: &'static str,
    /// Whether a byte-order mark was removed.
    pub bom: bool,
}

/// The legacy encodings tried for Chinese text, GB18030 (a superset of GBK) first.
const CHINESE: [&Encoding; 2] = [encoding_rs::GBK, encoding_rs::BIG5];

/// Largest source file that import accepts. News articles are a few hundred kB at most.
pub const MAX_SOURCE_BYTES: usize = 16 * 1024 * 1024;

/// Decodes `bytes`, or says why it cannot (a problem of the whole file).
pub fn decode(bytes: &[u8]) -> Result<Decoded, Problem> {
    if bytes.is_empty() {
        return Err(Problem::new(
            "the file is empty; there is nothing to import",
        ));
    }
    if bytes.len() > MAX_SOURCE_BYTES {
        return Err(Problem::new(format!(
            "the file is {} MB; biaozhu imports articles of at most {} MB (split it into articles first)",
            bytes.len() / (1024 * 1024),
            MAX_SOURCE_BYTES / (1024 * 1024)
        )));
    }
    let decoded = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let text = strict(encoding, &bytes[bom_len..]).ok_or_else(|| {
            Problem::new(format!(
                "the file starts with a {} byte-order mark but is not valid {}",
                encoding.name(),
                encoding.name()
            ))
        })?;
        Decoded {
            text,
            encoding: encoding.name(),
            bom: true,
        }
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => Decoded {
                text: text.to_string(),
                encoding: "UTF-8",
                bom: false,
            },
            Err(utf8_error) => {
                refuse_binary_bytes(bytes)?;
                let mut detector =
                    chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                detector.feed(bytes, true);
                let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
                // Chinese news comes as UTF-8, GB18030/GBK or Big5. Single-byte encodings decode
                // any bytes at all, so a guess outside the Chinese ones is not trusted.
                let candidates: Vec<&'static Encoding> = if CHINESE.contains(&guess) {
                    std::iter::once(guess)
                        .chain(CHINESE.iter().copied().filter(|e| *e != guess))
                        .collect()
                } else {
                    CHINESE.to_vec()
                };
                let (text, encoding) = candidates
                    .into_iter()
                    .find_map(|enc| strict(enc, bytes).map(|t| (t, enc)))
                    .ok_or_else(|| {
                        Problem::new(format!(
                            "the file is not valid UTF-8 (invalid byte at offset {}), nor valid GBK/GB18030 or Big5 (the closest guess was {}); convert it to UTF-8 and import again",
                            utf8_error.valid_up_to(),
                            guess.name()
                        ))
                    })?;
                Decoded {
                    text,
                    encoding: encoding.name(),
                    bom: false,
                }
            }
        }
    };
    refuse_binary_text(&decoded.text)?;
    Ok(decoded)
}

fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Option<String> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|c| c.into_owned())
}

/// Refuses bytes with a NUL in them: text files have none.
fn refuse_binary_bytes(bytes: &[u8]) -> Result<(), Problem> {
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(Problem::new(format!(
            "this looks like a binary file, not an article (a NUL byte at offset {pos})"
        )));
    }
    Ok(())
}

/// Refuses decoded text with a NUL or more than 1% control characters.
fn refuse_binary_text(text: &str) -> Result<(), Problem> {
    let controls = text
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if text.contains('\0') || controls * 100 > text.chars().count().max(1) {
        return Err(Problem::new(format!(
            "this looks like a binary file, not an article ({controls} control characters)"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_utf8() {
        let d = decode("\u{feff}标题".as_bytes()).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.bom),
            ("标题", "UTF-8", true)
        );
        let mut le = vec![0xFF, 0xFE];
        le.extend("项目𠮷".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le).unwrap().text, "项目𠮷");
        let mut be = vec![0xFE, 0xFF];
        be.extend("项目".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).unwrap().encoding, "UTF-16BE");
    }

    #[test]
    fn gbk_and_big5_are_detected() {
        let text = "南通开发区新签约重大项目二十个，总投资超过一百亿元，其中制造业项目十五个。";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let d = decode(&gbk).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "GBK"));
        let trad =
            "鎮江新區新簽約億元以上項目四十六個，總投資超過一百五十億元，製造業項目三十五個。";
        let (big5, _, _) = encoding_rs::BIG5.encode(trad);
        let d = decode(&big5).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (trad, "Big5"));
    }

    #[test]
    fn bad_input_is_refused() {
        assert!(decode(b"").unwrap_err().to_string().contains("empty"));
        let binary: Vec<u8> = (0..=255u8).cycle().take(256 * 50).collect();
        let refused = decode(&binary).unwrap_err();
        assert!(refused.message().contains("binary"), "{refused}");
        assert!(refused.at.is_empty(), "a problem of the whole file");
        assert!(
            decode(&vec![b'a'; MAX_SOURCE_BYTES + 1])
                .unwrap_err()
                .to_string()
                .contains("MB")
        );
        assert!(
            decode(&[0xEF, 0xBB, 0xBF, 0xFF])
                .unwrap_err()
                .to_string()
                .contains("byte-order mark")
        );
    }
}
