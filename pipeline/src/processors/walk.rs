//! Walks over the attribute lists of OTLP payloads, so each processor states what it does to
//! one list rather than how to reach every list of every signal.

use ophion_core::Payload;
use ophion_core::otlp::common::v1::KeyValue;
use ophion_core::otlp::common::v1::any_value::Value;
use ophion_core::otlp::metrics::v1::Exemplar;
use ophion_core::otlp::metrics::v1::metric::Data;
use ophion_core::otlp::resource::v1::Resource;

/// Calls `f` with the attributes of every span, log record and metric data point.
pub(crate) fn for_each_item_attributes(
    payload: &mut Payload,
    mut f: impl FnMut(&mut Vec<KeyValue>),
) {
    match payload {
        Payload::Traces(req) => {
            let scopes = req.resource_spans.iter_mut().flat_map(|r| &mut r.scope_spans);
            scopes.flat_map(|s| &mut s.spans).for_each(|span| f(&mut span.attributes));
        }
        Payload::Logs(req) => {
            let scopes = req.resource_logs.iter_mut().flat_map(|r| &mut r.scope_logs);
            scopes.flat_map(|s| &mut s.log_records).for_each(|log| f(&mut log.attributes));
        }
        Payload::Metrics(req) => {
            let scopes = req.resource_metrics.iter_mut().flat_map(|r| &mut r.scope_metrics);
            for metric in scopes.flat_map(|s| &mut s.metrics) {
                if let Some(data) = metric.data.as_mut() {
                    for_each_point_attributes(data, &mut f);
                }
            }
        }
    }
}

/// Calls `f` with the resource of every resource container (absent resources are `None`).
pub(crate) fn for_each_resource(payload: &mut Payload, mut f: impl FnMut(&mut Option<Resource>)) {
    match payload {
        Payload::Traces(req) => req.resource_spans.iter_mut().for_each(|r| f(&mut r.resource)),
        Payload::Logs(req) => req.resource_logs.iter_mut().for_each(|r| f(&mut r.resource)),
        Payload::Metrics(req) => req.resource_metrics.iter_mut().for_each(|r| f(&mut r.resource)),
    }
}

/// Calls `f` with the attributes of every data point of one metric.
pub(crate) fn for_each_point_attributes(data: &mut Data, mut f: impl FnMut(&mut Vec<KeyValue>)) {
    match data {
        Data::Gauge(g) => g.data_points.iter_mut().for_each(|p| f(&mut p.attributes)),
        Data::Sum(s) => s.data_points.iter_mut().for_each(|p| f(&mut p.attributes)),
        Data::Histogram(h) => h.data_points.iter_mut().for_each(|p| f(&mut p.attributes)),
        Data::ExponentialHistogram(h) => {
            h.data_points.iter_mut().for_each(|p| f(&mut p.attributes))
        }
        Data::Summary(s) => s.data_points.iter_mut().for_each(|p| f(&mut p.attributes)),
    }
}

/// Calls `f` with the filtered attributes of every exemplar of one metric.
pub(crate) fn for_each_exemplar_attributes(data: &mut Data, mut f: impl FnMut(&mut Vec<KeyValue>)) {
    let mut each = |exemplars: &mut Vec<Exemplar>| {
        exemplars.iter_mut().for_each(|e| f(&mut e.filtered_attributes));
    };
    match data {
        Data::Gauge(g) => g.data_points.iter_mut().for_each(|p| each(&mut p.exemplars)),
        Data::Sum(s) => s.data_points.iter_mut().for_each(|p| each(&mut p.exemplars)),
        Data::Histogram(h) => h.data_points.iter_mut().for_each(|p| each(&mut p.exemplars)),
        Data::ExponentialHistogram(h) => {
            h.data_points.iter_mut().for_each(|p| each(&mut p.exemplars))
        }
        Data::Summary(_) => {}
    }
}

/// Keeps the data points of one metric for which `keep` returns true, given their attributes.
/// Returns how many were removed.
pub(crate) fn retain_points(data: &mut Data, mut keep: impl FnMut(&[KeyValue]) -> bool) -> u64 {
    fn retain<P>(points: &mut Vec<P>, mut keep: impl FnMut(&P) -> bool) -> u64 {
        let before = points.len();
        points.retain(|p| keep(p));
        (before - points.len()) as u64
    }
    match data {
        Data::Gauge(g) => retain(&mut g.data_points, |p| keep(&p.attributes)),
        Data::Sum(s) => retain(&mut s.data_points, |p| keep(&p.attributes)),
        Data::Histogram(h) => retain(&mut h.data_points, |p| keep(&p.attributes)),
        Data::ExponentialHistogram(h) => retain(&mut h.data_points, |p| keep(&p.attributes)),
        Data::Summary(s) => retain(&mut s.data_points, |p| keep(&p.attributes)),
    }
}

/// The string value of the first attribute named `key`.
pub(crate) fn string_attribute<'a>(attributes: &'a [KeyValue], key: &str) -> Option<&'a str> {
    let kv = attributes.iter().find(|kv| kv.key == key)?;
    match kv.value.as_ref()?.value.as_ref()? {
        Value::StringValue(s) => Some(s),
        _ => None,
    }
}

/// A resource's `service.name`, when it has one.
pub(crate) fn service_name(resource: Option<&Resource>) -> Option<&str> {
    string_attribute(&resource?.attributes, "service.name")
}
