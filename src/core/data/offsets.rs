//! Offset conversions between Unicode code points, UTF-8 bytes and UTF-16 code units.
//!
//! The dataset stores code-point offsets (0-based, end exclusive). Rust slices and egui's layout
//! sections want UTF-8 byte offsets; doccano and other JavaScript/Java tools count UTF-16 units.
//! Every format and view converts through this module, so there is exactly one place to get it right.

/// The unit an external tool counts offsets in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OffsetUnit {
    /// Unicode scalar values (Python `str`, spaCy, brat, Label Studio, the native format).
    CodePoint,
    /// UTF-16 code units (JavaScript `.length`, doccano, INCEpTION).
    Utf16,
    /// UTF-8 bytes (Rust `&str`, egui layout sections).
    Utf8,
}

/// A precomputed table over one text that converts offsets in O(1) (code points to bytes) or
/// O(log n) (bytes or UTF-16 units to code points).
///
/// Building it walks the text once. For pure ASCII text every unit is the same and no table is
/// kept at all.
#[derive(Clone, Debug)]
pub struct OffsetMap {
    char_count: usize,
    byte_len: usize,
    /// Byte offset of every code point, plus `byte_len` at the end. Empty for ASCII text.
    byte_of_char: Vec<u32>,
    /// UTF-16 offset of every code point, plus the total at the end. Empty when the text has no
    /// character outside the Basic Multilingual Plane.
    utf16_of_char: Vec<u32>,
}

impl OffsetMap {
    /// Builds the table for `text`.
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Self {
                char_count: text.len(),
                byte_len: text.len(),
                byte_of_char: Vec::new(),
                utf16_of_char: Vec::new(),
            };
        }
        let mut byte_of_char = Vec::with_capacity(text.len() / 2 + 1);
        let mut has_astral = false;
        for (b, c) in text.char_indices() {
            byte_of_char.push(b as u32);
            has_astral |= c.len_utf16() == 2;
        }
        byte_of_char.push(text.len() as u32);
        let char_count = byte_of_char.len() - 1;
        let mut utf16_of_char = Vec::new();
        if has_astral {
            utf16_of_char.reserve(char_count + 1);
            let mut u = 0u32;
            for c in text.chars() {
                utf16_of_char.push(u);
                u += c.len_utf16() as u32;
            }
            utf16_of_char.push(u);
        }
        Self {
            char_count,
            byte_len: text.len(),
            byte_of_char,
            utf16_of_char,
        }
    }

    /// Number of code points in the text.
    pub fn char_count(&self) -> usize {
        self.char_count
    }

    /// Length of the text in `unit`.
    pub fn len_in(&self, unit: OffsetUnit) -> usize {
        match unit {
            OffsetUnit::CodePoint => self.char_count,
            OffsetUnit::Utf8 => self.byte_len,
            OffsetUnit::Utf16 => self
                .utf16_of_char
                .last()
                .map_or(self.char_count, |&u| u as usize),
        }
    }

    /// The UTF-8 byte offset of code point `cp`; `None` when `cp` is past the end.
    pub fn char_to_byte(&self, cp: usize) -> Option<usize> {
        if cp > self.char_count {
            return None;
        }
        if self.byte_of_char.is_empty() {
            return Some(cp);
        }
        Some(self.byte_of_char[cp] as usize)
    }

    /// The code point at UTF-8 byte offset `byte`; `None` when it is past the end or inside a
    /// character.
    pub fn byte_to_char(&self, byte: usize) -> Option<usize> {
        if byte > self.byte_len {
            return None;
        }
        if self.byte_of_char.is_empty() {
            return Some(byte);
        }
        self.byte_of_char.binary_search(&(byte as u32)).ok()
    }

    /// The UTF-16 offset of code point `cp`; `None` when `cp` is past the end.
    pub fn char_to_utf16(&self, cp: usize) -> Option<usize> {
        if cp > self.char_count {
            return None;
        }
        if self.utf16_of_char.is_empty() {
            return Some(cp);
        }
        Some(self.utf16_of_char[cp] as usize)
    }

    /// The code point at UTF-16 offset `unit`; `None` when it is past the end or between the two
    /// halves of a surrogate pair.
    pub fn utf16_to_char(&self, unit: usize) -> Option<usize> {
        if self.utf16_of_char.is_empty() {
            return (unit <= self.char_count).then_some(unit);
        }
        self.utf16_of_char.binary_search(&(unit as u32)).ok()
    }

    /// Converts a code-point offset to `unit`.
    pub fn from_char(&self, cp: usize, unit: OffsetUnit) -> Option<usize> {
        match unit {
            OffsetUnit::CodePoint => (cp <= self.char_count).then_some(cp),
            OffsetUnit::Utf8 => self.char_to_byte(cp),
            OffsetUnit::Utf16 => self.char_to_utf16(cp),
        }
    }

    /// Converts an offset counted in `unit` to a code-point offset.
    pub fn to_char(&self, offset: usize, unit: OffsetUnit) -> Option<usize> {
        match unit {
            OffsetUnit::CodePoint => (offset <= self.char_count).then_some(offset),
            OffsetUnit::Utf8 => self.byte_to_char(offset),
            OffsetUnit::Utf16 => self.utf16_to_char(offset),
        }
    }

    /// The byte range of the code-point range `start..end`, when it is inside the text.
    pub fn byte_range(&self, start: usize, end: usize) -> Option<std::ops::Range<usize>> {
        if start > end {
            return None;
        }
        Some(self.char_to_byte(start)?..self.char_to_byte(end)?)
    }

    /// The text covered by the code-point range `start..end`, when it is inside the text.
    pub fn slice<'t>(&self, text: &'t str, start: usize, end: usize) -> Option<&'t str> {
        text.get(self.byte_range(start, end)?)
    }
}

/// Number of code points in `text`.
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// The text covered by code points `start..end`, without building a table. For one-off lookups.
pub fn slice_chars(text: &str, start: usize, end: usize) -> Option<&str> {
    if start > end {
        return None;
    }
    let mut indices = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()));
    let b0 = indices.nth(start)?;
    let b1 = if end == start {
        b0
    } else {
        indices.nth(end - start - 1)?
    };
    text.get(b0..b1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_example_from_the_formats_note() {
        let text = "𠮷利集团拟投资约50亿元建设👍新能源项目";
        let map = OffsetMap::new(text);
        let start = 7;
        let end = 12;
        assert_eq!(map.slice(text, start, end), Some("约50亿元"));
        assert_eq!(
            (map.char_to_utf16(start), map.char_to_utf16(end)),
            (Some(8), Some(13))
        );
        assert_eq!(
            (map.char_to_byte(start), map.char_to_byte(end)),
            (Some(22), Some(33))
        );
        assert_eq!(map.utf16_to_char(8), Some(7));
        assert_eq!(
            map.utf16_to_char(1),
            None,
            "inside the surrogate pair of 𠮷"
        );
        assert_eq!(map.byte_to_char(23), None, "inside a UTF-8 sequence");
        assert_eq!(slice_chars(text, 7, 12), Some("约50亿元"));
    }

    #[test]
    fn ascii_needs_no_table_and_bounds_hold() {
        let map = OffsetMap::new("abc");
        assert_eq!(map.char_to_byte(3), Some(3));
        assert_eq!(map.char_to_byte(4), None);
        assert_eq!(map.slice("abc", 2, 1), None);
        assert_eq!(slice_chars("abc", 1, 4), None);
    }
}
