//! The envelope that flows from the receiver through the pipeline and queue into a store:
//! one tenant's OTLP export request for one signal.

use prost::Message;

use crate::otlp::collector::logs::v1::ExportLogsServiceRequest;
use crate::otlp::collector::metrics::v1::ExportMetricsServiceRequest;
use crate::otlp::collector::trace::v1::ExportTraceServiceRequest;
use crate::otlp::metrics::v1::metric::Data;
use crate::{Error, Result, TenantId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signal {
    Traces,
    Metrics,
    Logs,
}

impl Signal {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Traces => "traces",
            Self::Metrics => "metrics",
            Self::Logs => "logs",
        }
    }

    /// The OTLP name of one item of this signal, as used in `rejected_*` counts.
    pub fn item_name(self) -> &'static str {
        match self {
            Self::Traces => "spans",
            Self::Metrics => "data points",
            Self::Logs => "log records",
        }
    }

    fn tag(self) -> u8 {
        match self {
            Self::Traces => 1,
            Self::Metrics => 2,
            Self::Logs => 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    Traces(ExportTraceServiceRequest),
    Metrics(ExportMetricsServiceRequest),
    Logs(ExportLogsServiceRequest),
}

impl Payload {
    pub fn signal(&self) -> Signal {
        match self {
            Self::Traces(_) => Signal::Traces,
            Self::Metrics(_) => Signal::Metrics,
            Self::Logs(_) => Signal::Logs,
        }
    }

    /// An OTLP export request of `signal`, protobuf-encoded.
    pub fn from_protobuf(signal: Signal, request: &[u8]) -> Result<Self> {
        let invalid = |e: prost::DecodeError| Error::invalid(format!("malformed protobuf: {e}"));
        Ok(match signal {
            Signal::Traces => Self::Traces(Message::decode(request).map_err(invalid)?),
            Signal::Metrics => Self::Metrics(Message::decode(request).map_err(invalid)?),
            Signal::Logs => Self::Logs(Message::decode(request).map_err(invalid)?),
        })
    }

    /// Spans, metric data points or log records in this payload.
    pub fn item_count(&self) -> u64 {
        match self {
            Self::Traces(req) => span_count(req),
            Self::Metrics(req) => data_point_count(req),
            Self::Logs(req) => log_record_count(req),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    pub tenant: TenantId,
    pub payload: Payload,
}

impl Batch {
    pub fn new(tenant: TenantId, payload: Payload) -> Self {
        Self { tenant, payload }
    }

    pub fn signal(&self) -> Signal {
        self.payload.signal()
    }

    pub fn item_count(&self) -> u64 {
        self.payload.item_count()
    }

    /// Queue record encoding: signal tag, tenant length, tenant, then the protobuf request.
    pub fn encode(&self) -> Vec<u8> {
        let body_len = match &self.payload {
            Payload::Traces(r) => r.encoded_len(),
            Payload::Metrics(r) => r.encoded_len(),
            Payload::Logs(r) => r.encoded_len(),
        };
        let mut out = record_header(&self.tenant, self.signal(), body_len);
        // Encoding into a Vec cannot run out of space.
        let _ = match &self.payload {
            Payload::Traces(r) => r.encode(&mut out),
            Payload::Metrics(r) => r.encode(&mut out),
            Payload::Logs(r) => r.encode(&mut out),
        };
        out
    }

    /// The queue record of a request that is already protobuf-encoded: it decodes to the
    /// same batch as [`Batch::encode`] of the decoded request.
    pub fn encode_protobuf(tenant: &TenantId, signal: Signal, request: &[u8]) -> Vec<u8> {
        let mut out = record_header(tenant, signal, request.len());
        out.extend_from_slice(request);
        out
    }

    pub fn decode(bytes: &[u8]) -> Result<Self> {
        let corrupt = |what: &str| Error::internal(format!("corrupt queue record: {what}"));
        let (&tag, rest) = bytes.split_first().ok_or_else(|| corrupt("empty"))?;
        let (&len, rest) = rest.split_first().ok_or_else(|| corrupt("no tenant"))?;
        let len = usize::from(len);
        if rest.len() < len {
            return Err(corrupt("short tenant"));
        }
        let tenant = std::str::from_utf8(&rest[..len]).map_err(|_| corrupt("tenant utf-8"))?;
        let tenant = TenantId::new(tenant)?;
        let body = &rest[len..];
        let decode_err = |e: prost::DecodeError| corrupt(&e.to_string());
        let payload = match tag {
            1 => Payload::Traces(ExportTraceServiceRequest::decode(body).map_err(decode_err)?),
            2 => Payload::Metrics(ExportMetricsServiceRequest::decode(body).map_err(decode_err)?),
            3 => Payload::Logs(ExportLogsServiceRequest::decode(body).map_err(decode_err)?),
            _ => return Err(corrupt("unknown signal")),
        };
        Ok(Self { tenant, payload })
    }
}

fn record_header(tenant: &TenantId, signal: Signal, body_len: usize) -> Vec<u8> {
    let tenant = tenant.as_str().as_bytes();
    let mut out = Vec::with_capacity(2 + tenant.len() + body_len);
    out.push(signal.tag());
    out.push(tenant.len() as u8); // TenantId guarantees <= 64 bytes
    out.extend_from_slice(tenant);
    out
}

pub fn span_count(req: &ExportTraceServiceRequest) -> u64 {
    let spans = req.resource_spans.iter().flat_map(|r| &r.scope_spans).map(|s| s.spans.len());
    spans.sum::<usize>() as u64
}

pub fn log_record_count(req: &ExportLogsServiceRequest) -> u64 {
    let logs = req.resource_logs.iter().flat_map(|r| &r.scope_logs).map(|s| s.log_records.len());
    logs.sum::<usize>() as u64
}

/// Data points, counted the way the OTLP `rejected_data_points` field counts them.
pub fn data_point_count(req: &ExportMetricsServiceRequest) -> u64 {
    let metrics = req.resource_metrics.iter().flat_map(|r| &r.scope_metrics);
    metrics.flat_map(|s| &s.metrics).map(|m| metric_point_count(m.data.as_ref())).sum()
}

pub fn metric_point_count(data: Option<&Data>) -> u64 {
    let n = match data {
        Some(Data::Gauge(g)) => g.data_points.len(),
        Some(Data::Sum(s)) => s.data_points.len(),
        Some(Data::Histogram(h)) => h.data_points.len(),
        Some(Data::ExponentialHistogram(h)) => h.data_points.len(),
        Some(Data::Summary(s)) => s.data_points.len(),
        None => 0,
    };
    n as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otlp::trace::v1::{ResourceSpans, ScopeSpans, Span};

    #[test]
    fn queue_encoding_round_trips_tenant_and_payload() {
        let req = ExportTraceServiceRequest {
            resource_spans: vec![ResourceSpans {
                scope_spans: vec![ScopeSpans {
                    spans: vec![Span { name: "GET /".into(), ..Default::default() }; 3],
                    ..Default::default()
                }],
                ..Default::default()
            }],
        };
        let batch = Batch::new(TenantId::new("acme").unwrap(), Payload::Traces(req));
        let decoded = Batch::decode(&batch.encode()).unwrap();
        assert_eq!(decoded, batch);
        assert_eq!(decoded.item_count(), 3);
        let Payload::Traces(req) = &batch.payload else { unreachable!() };
        let record = Batch::encode_protobuf(&batch.tenant, Signal::Traces, &req.encode_to_vec());
        assert_eq!(record, batch.encode());
    }

    #[test]
    fn corrupt_records_are_errors_not_panics() {
        assert!(Batch::decode(&[]).is_err());
        assert!(Batch::decode(&[9, 0]).is_err());
        assert!(Batch::decode(&[1, 200, b'a']).is_err());
        assert!(Batch::decode(&[1, 1, b'a', 0xff, 0xff]).is_err());
    }
}
