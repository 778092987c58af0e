//! Single-value extended property ids ("Outlook extended properties overview", "id formats"):
//! `{type} {guid} Name {name}`, `{type} {guid} Id {id}` or `{type} {proptag}`, checked when an
//! event is written and compared when a filter or an expand names one.

/// Graph's refusal of a malformed id (quoted in msgraph-sdk-dotnet issue 1807).
pub(super) const BAD_ID: &str = "PropertyId values may only be in one of the following formats: 'MapiPropertyType namespaceGuid Name propertyName', 'MapiPropertyType namespaceGuid Id propertyId' or 'MapiPropertyType propertyTag'.";

/// The MAPI property types a single value can have (the array types are for multi-value ones).
const SINGLE_VALUE_TYPES: &[&str] = &[
    "ApplicationTime",
    "Binary",
    "Boolean",
    "CLSID",
    "Currency",
    "Double",
    "Float",
    "Integer",
    "Long",
    "Short",
    "String",
    "SystemTime",
];

/// An id reduced to what identifies the property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PropertyKey {
    /// Lower-case type name.
    kind: String,
    target: Target,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// Lower-case GUID and the name: "Filtering the string name (`Name`) in the **id** of an
    /// extended property is case-sensitive." ("Get singleValueLegacyExtendedProperty")
    Named(String, String),
    Numbered(String, u32),
    Tag(u32),
}

/// Parses an id in one of the three documented formats.
pub(super) fn parse(id: &str) -> Option<PropertyKey> {
    let (kind, rest) = id.split_once(' ')?;
    let kind = SINGLE_VALUE_TYPES
        .iter()
        .find(|t| t.eq_ignore_ascii_case(kind))?
        .to_ascii_lowercase();
    let target = if rest.starts_with('{') {
        let (guid, rest) = rest.split_once(' ')?;
        let guid = guid.strip_prefix('{')?.strip_suffix('}')?;
        if !is_guid(guid) {
            return None;
        }
        let guid = guid.to_ascii_lowercase();
        let (word, value) = rest.split_once(' ')?;
        if word.eq_ignore_ascii_case("Name") && !value.trim().is_empty() {
            Target::Named(guid, value.to_string())
        } else if word.eq_ignore_ascii_case("Id") {
            Target::Numbered(guid, number(value)?)
        } else {
            return None;
        }
    } else {
        Target::Tag(number(rest).filter(|_| rest.len() == 10)?)
    };
    Some(PropertyKey { kind, target })
}

/// `0x8012` or a decimal number.
fn number(s: &str) -> Option<u32> {
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) if !hex.is_empty() => u32::from_str_radix(hex, 16).ok(),
        Some(_) => None,
        None => s.parse().ok(),
    }
}

fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_documented_formats_parse() {
        assert!(parse("String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Color").is_some());
        assert!(parse("Integer {8ECCC264-6880-4EBE-992F-8888D2EEAA1D} Id 0x8012").is_some());
        assert!(parse("String 0x4001001E").is_some());
    }

    #[test]
    fn malformed_ids_are_refused() {
        for bad in [
            "",
            "String",
            "Color",
            "String {66f5a359} Name Color",
            "String {66f5a359-4659-4830-9070-00047ec6ac6e} Color",
            "String {66f5a359-4659-4830-9070-00047ec6ac6e} Name ",
            "String 66f5a359-4659-4830-9070-00047ec6ac6e Name Color",
            "StringArray {66f5a359-4659-4830-9070-00047ec6ac6e} Name Color",
            "Text {66f5a359-4659-4830-9070-00047ec6ac6e} Name Color",
            "String 0x40",
            "Integer {8ECCC264-6880-4EBE-992F-8888D2EEAA1D} Id 0xZZ",
        ] {
            assert!(parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn guid_and_type_compare_case_insensitively_but_the_name_does_not() {
        let a = parse("String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Color");
        let b = parse("string {66F5A359-4659-4830-9070-00047EC6AC6E} Name Color");
        let c = parse("String {66f5a359-4659-4830-9070-00047ec6ac6e} Name color");
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
