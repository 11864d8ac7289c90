//! The conformance suite's metric points: every type's round trip, aggregates and series.

use ophion_core::otlp::collector::metrics::v1::ExportMetricsServiceRequest;
use ophion_core::otlp::common::v1::any_value;
use ophion_core::otlp::metrics::v1::{
    AggregationTemporality, ExponentialHistogram, ExponentialHistogramDataPoint, Gauge, Histogram,
    HistogramDataPoint, Metric, NumberDataPoint, ResourceMetrics, ScopeMetrics, Sum, Summary,
    SummaryDataPoint, exponential_histogram_data_point, metric, number_data_point,
    summary_data_point,
};
use ophion_core::query::{MetricQuery, SeriesFunction, SeriesQuery, TimeRange};
use ophion_core::{AppliedBatch, Batch, ErrorKind, Payload, TelemetryStore, TenantId};
use serde_json::json;

use super::*;

pub(crate) fn metrics(
    tenant: &TenantId,
    position: u64,
    service: &str,
    metrics: Vec<Metric>,
) -> AppliedBatch {
    let request = ExportMetricsServiceRequest {
        resource_metrics: vec![ResourceMetrics {
            resource: resource(service, vec![]),
            scope_metrics: vec![ScopeMetrics { metrics, ..Default::default() }],
            ..Default::default()
        }],
    };
    AppliedBatch { position, batch: Batch::new(tenant.clone(), Payload::Metrics(request)) }
}

pub(crate) fn number(offset_ms: u64, value: f64, attrs: Vec<KeyValue>) -> NumberDataPoint {
    NumberDataPoint {
        attributes: attrs,
        time_unix_nano: T0 + offset_ms * MS,
        start_time_unix_nano: T0,
        value: Some(number_data_point::Value::AsDouble(value)),
        ..Default::default()
    }
}

pub(crate) fn gauge(name: &str, points: Vec<NumberDataPoint>) -> Metric {
    Metric {
        name: name.into(),
        unit: "1".into(),
        description: format!("{name} gauge"),
        data: Some(metric::Data::Gauge(Gauge { data_points: points })),
        ..Default::default()
    }
}

pub(crate) fn counter(
    name: &str,
    temporality: AggregationTemporality,
    points: Vec<NumberDataPoint>,
) -> Metric {
    Metric {
        name: name.into(),
        unit: "{requests}".into(),
        description: "requests".into(),
        data: Some(metric::Data::Sum(Sum {
            data_points: points,
            aggregation_temporality: temporality as i32,
            is_monotonic: true,
        })),
        ..Default::default()
    }
}

pub(crate) fn histogram_point(
    offset_ms: u64,
    bounds: &[f64],
    counts: &[u64],
    sum: f64,
) -> HistogramDataPoint {
    HistogramDataPoint {
        time_unix_nano: T0 + offset_ms * MS,
        start_time_unix_nano: T0,
        count: counts.iter().sum(),
        sum: Some(sum),
        bucket_counts: counts.to_vec(),
        explicit_bounds: bounds.to_vec(),
        ..Default::default()
    }
}

pub(crate) fn histogram(
    name: &str,
    temporality: AggregationTemporality,
    points: Vec<HistogramDataPoint>,
) -> Metric {
    Metric {
        name: name.into(),
        unit: "ms".into(),
        data: Some(metric::Data::Histogram(Histogram {
            data_points: points,
            aggregation_temporality: temporality as i32,
        })),
        ..Default::default()
    }
}

pub(crate) fn all_metric_types() -> Vec<Metric> {
    let mut g = gauge("cpu", vec![number(0, 0.5, vec![kv("core", any_value::Value::IntValue(0))])]);
    g.unit = "1".into();
    let sum =
        counter("requests", AggregationTemporality::Cumulative, vec![number(0, 10.0, vec![])]);
    let mut h = histogram_point(0, &[5.0, 10.0], &[1, 2, 3], 70.0);
    h.min = Some(1.0);
    h.max = Some(30.0);
    let hist = histogram("latency", AggregationTemporality::Delta, vec![h]);
    let exp = Metric {
        name: "size".into(),
        data: Some(metric::Data::ExponentialHistogram(ExponentialHistogram {
            data_points: vec![ExponentialHistogramDataPoint {
                time_unix_nano: T0,
                start_time_unix_nano: T0 - SEC,
                count: 6,
                sum: Some(12.5),
                scale: 1,
                zero_count: 1,
                zero_threshold: 0.001,
                positive: Some(exponential_histogram_data_point::Buckets {
                    offset: -1,
                    bucket_counts: vec![1, 2],
                }),
                negative: Some(exponential_histogram_data_point::Buckets {
                    offset: 2,
                    bucket_counts: vec![2],
                }),
                min: Some(-2.0),
                max: Some(1.4),
                ..Default::default()
            }],
            aggregation_temporality: AggregationTemporality::Cumulative as i32,
        })),
        ..Default::default()
    };
    let summary = Metric {
        name: "gc".into(),
        data: Some(metric::Data::Summary(Summary {
            data_points: vec![SummaryDataPoint {
                time_unix_nano: T0,
                count: 4,
                sum: 8.0,
                quantile_values: vec![
                    summary_data_point::ValueAtQuantile { quantile: 0.5, value: 1.5 },
                    summary_data_point::ValueAtQuantile { quantile: 0.99, value: 4.0 },
                ],
                ..Default::default()
            }],
        })),
        ..Default::default()
    };
    vec![g, sum, hist, exp, summary]
}

pub(crate) async fn all_five_metric_types_round_trip_with_their_buckets(
    store: &impl TelemetryStore,
) {
    let t = acme();
    store.append(vec![metrics(&t, 1, "api", all_metric_types())]).await.unwrap();
    let point = |name: &str| {
        let store = &store;
        let t = t.clone();
        let name = name.to_owned();
        async move {
            let mut points =
                store.metric_points(&metric_query(&t, Some(&name))).await.unwrap().items;
            assert_eq!(points.len(), 1, "{name}");
            points.remove(0)
        }
    };

    let cpu = point("cpu").await;
    assert_eq!((cpu.kind.as_str(), cpu.value, cpu.unit.as_str()), ("gauge", Some(0.5), "1"));
    assert_eq!(cpu.description, "cpu gauge");
    assert_eq!(cpu.service_name, "api");
    assert_eq!(cpu.attributes["core"], json!(0));
    assert_eq!(cpu.resource_attributes["service.name"], json!("api"));
    assert_eq!(cpu.time_unix_nano, T0);
    assert_eq!(cpu.start_time_unix_nano, T0);
    assert!(cpu.explicit_bounds.is_empty() && cpu.temporality.is_none());

    let requests = point("requests").await;
    assert_eq!(requests.kind, "sum");
    assert_eq!(requests.is_monotonic, Some(true));
    assert_eq!(requests.temporality.as_deref(), Some("cumulative"));

    let latency = point("latency").await;
    assert_eq!(latency.kind, "histogram");
    assert_eq!(latency.temporality.as_deref(), Some("delta"));
    assert_eq!(latency.explicit_bounds, [5.0, 10.0]);
    assert_eq!(latency.bucket_counts, [1, 2, 3]);
    assert_eq!(
        (latency.count, latency.sum, latency.min, latency.max),
        (Some(6), Some(70.0), Some(1.0), Some(30.0))
    );
    assert_eq!(latency.value, None);

    let size = point("size").await;
    assert_eq!(size.kind, "exponential_histogram");
    assert_eq!((size.scale, size.zero_count), (Some(1), Some(1)));
    assert_eq!((size.positive_offset, size.positive_bucket_counts.clone()), (Some(-1), vec![1, 2]));
    assert_eq!((size.negative_offset, size.negative_bucket_counts.clone()), (Some(2), vec![2]));
    assert_eq!(
        (size.count, size.sum, size.min, size.max),
        (Some(6), Some(12.5), Some(-2.0), Some(1.4))
    );
    assert_eq!(size.start_time_unix_nano, T0 - SEC);

    let gc = point("gc").await;
    assert_eq!(gc.kind, "summary");
    assert_eq!(gc.quantiles, [(0.5, 1.5), (0.99, 4.0)]);
    assert_eq!((gc.count, gc.sum), (Some(4), Some(8.0)));

    let names = store.metric_names(&t, range_all()).await.unwrap();
    let listed: Vec<_> =
        names.iter().map(|n| (n.name.as_str(), n.kind.as_str(), n.point_count)).collect();
    assert_eq!(
        listed,
        [
            ("cpu", "gauge", 1),
            ("gc", "summary", 1),
            ("latency", "histogram", 1),
            ("requests", "sum", 1),
            ("size", "exponential_histogram", 1)
        ]
    );
    assert_eq!(names[0].description, "cpu gauge");
    assert_eq!(names[0].last_seen_unix_nano, T0);
}

pub(crate) async fn metric_points_filter_by_service_and_attributes_newest_first(
    store: &impl TelemetryStore,
) {
    let t = acme();
    let host = |h: &str| vec![kv("host", text(h))];
    store
        .append(vec![
            metrics(
                &t,
                1,
                "api",
                vec![gauge(
                    "cpu",
                    vec![
                        number(0, 1.0, host("a")),
                        number(10, 2.0, host("b")),
                        number(20, 3.0, host("a")),
                    ],
                )],
            ),
            metrics(&t, 2, "worker", vec![gauge("cpu", vec![number(5, 9.0, host("a"))])]),
        ])
        .await
        .unwrap();
    let values = |points: Vec<ophion_core::query::MetricPoint>| {
        points.into_iter().map(|p| p.value.unwrap()).collect::<Vec<_>>()
    };
    assert_eq!(
        values(store.metric_points(&metric_query(&t, Some("cpu"))).await.unwrap().items),
        [3.0, 2.0, 9.0, 1.0]
    );
    let q = MetricQuery {
        service: Some("api".into()),
        attributes: vec![attr("host", "a")],
        ..metric_query(&t, Some("cpu"))
    };
    assert_eq!(values(store.metric_points(&q).await.unwrap().items), [3.0, 1.0]);
    let q = MetricQuery { page: page(1), ..metric_query(&t, None) };
    let first = store.metric_points(&q).await.unwrap();
    assert_eq!(values(first.items), [3.0]);
    let q = MetricQuery { page: Page { limit: 2, after: first.next }, ..metric_query(&t, None) };
    assert_eq!(values(store.metric_points(&q).await.unwrap().items), [2.0, 9.0]);
    assert!(store.metric_points(&metric_query(&t, Some("memory"))).await.unwrap().items.is_empty());
}

pub(crate) async fn metric_aggregate_covers_values_histograms_and_summaries(
    store: &impl TelemetryStore,
) {
    let t = acme();
    let values: Vec<_> = (1..=5).map(|i| number(i * 10, i as f64, vec![])).collect();
    let delta_hists = vec![
        histogram_point(0, &[0.0, 10.0, 20.0], &[0, 10, 0, 0], 50.0),
        histogram_point(10, &[0.0, 10.0, 20.0], &[0, 0, 10, 0], 150.0),
    ];
    store
        .append(vec![metrics(
            &t,
            1,
            "api",
            vec![
                gauge("queue", values),
                histogram("latency", AggregationTemporality::Delta, delta_hists),
            ],
        )])
        .await
        .unwrap();
    store.append(vec![metrics(&t, 2, "api", all_metric_types()[4..].to_vec())]).await.unwrap();

    let agg = store.metric_aggregate(&metric_query(&t, Some("queue"))).await.unwrap();
    assert_eq!(
        (agg.count, agg.sum, agg.avg, agg.min, agg.max),
        (5, 15.0, Some(3.0), Some(1.0), Some(5.0))
    );
    assert_eq!(agg.p50, Some(3.0));
    assert!((agg.p95.unwrap() - 4.8).abs() < 1e-9);

    let agg = store.metric_aggregate(&metric_query(&t, Some("latency"))).await.unwrap();
    assert_eq!((agg.count, agg.sum, agg.avg), (20, 200.0, Some(10.0)));
    assert_eq!(agg.p50, Some(10.0));
    assert!((agg.p95.unwrap() - 19.0).abs() < 1e-9, "{:?}", agg.p95);

    let agg = store.metric_aggregate(&metric_query(&t, Some("gc"))).await.unwrap();
    assert_eq!((agg.count, agg.sum, agg.p50, agg.p99), (4, 8.0, Some(1.5), Some(4.0)));

    let none = store.metric_aggregate(&metric_query(&t, Some("missing"))).await.unwrap();
    assert_eq!((none.name.as_str(), none.count, none.avg), ("missing", 0, None));
    let err = store.metric_aggregate(&metric_query(&t, None)).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
}

pub(crate) async fn cumulative_histogram_aggregate_uses_each_series_latest_point(
    store: &impl TelemetryStore,
) {
    let t = acme();
    let points = vec![
        histogram_point(0, &[10.0], &[1, 0], 5.0),
        histogram_point(10, &[10.0], &[4, 0], 20.0),
    ];
    store
        .append(vec![metrics(
            &t,
            1,
            "api",
            vec![histogram("h", AggregationTemporality::Cumulative, points)],
        )])
        .await
        .unwrap();
    let agg = store.metric_aggregate(&metric_query(&t, Some("h"))).await.unwrap();
    assert_eq!((agg.count, agg.sum), (4, 20.0));
}

pub(crate) fn series_query(
    tenant: &TenantId,
    name: &str,
    step_ns: u64,
    function: SeriesFunction,
) -> SeriesQuery {
    SeriesQuery {
        metric: MetricQuery {
            range: TimeRange { start_ns: T0, end_ns: T0 + 4 * SEC },
            ..metric_query(tenant, Some(name))
        },
        step_ns,
        function,
    }
}

pub(crate) async fn metric_series_buckets_values_by_step(store: &impl TelemetryStore) {
    let t = acme();
    let points = vec![
        number(0, 1.0, vec![]),
        number(500, 3.0, vec![]),
        number(1500, 10.0, vec![]),
        number(3000, 7.0, vec![]),
    ];
    store.append(vec![metrics(&t, 1, "api", vec![gauge("g", points)])]).await.unwrap();
    let run = |f| {
        let store = &store;
        let q = series_query(&t, "g", SEC, f);
        async move {
            store
                .metric_series(&q)
                .await
                .unwrap()
                .into_iter()
                .map(|p| ((p.time_unix_nano - T0) / SEC, p.value))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(run(SeriesFunction::Avg).await, [(0, 2.0), (1, 10.0), (3, 7.0)]);
    assert_eq!(run(SeriesFunction::Sum).await, [(0, 4.0), (1, 10.0), (3, 7.0)]);
    assert_eq!(run(SeriesFunction::Min).await, [(0, 1.0), (1, 10.0), (3, 7.0)]);
    assert_eq!(run(SeriesFunction::Max).await, [(0, 3.0), (1, 10.0), (3, 7.0)]);
    assert_eq!(run(SeriesFunction::Count).await, [(0, 2.0), (1, 1.0), (3, 1.0)]);
    assert_eq!(run(SeriesFunction::Quantile(50)).await, [(0, 2.0), (1, 10.0), (3, 7.0)]);
    let err = store
        .metric_series(&series_query(&t, "g", SEC, SeriesFunction::Quantile(101)))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    let err =
        store.metric_series(&series_query(&t, "g", 0, SeriesFunction::Avg)).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
}

pub(crate) async fn rate_handles_counter_resets_per_series_and_sums_series(
    store: &impl TelemetryStore,
) {
    let t = acme();
    let a = |ms, v| number(ms, v, vec![kv("route", text("/a"))]);
    let b = |ms, v| number(ms, v, vec![kv("route", text("/b"))]);
    // Series a: 0 → 10 → 30 → reset to 5 → 15. Series b: 100 → 104.
    let cumulative = counter(
        "requests",
        AggregationTemporality::Cumulative,
        vec![
            a(0, 0.0),
            a(500, 10.0),
            a(1500, 30.0),
            a(2500, 5.0),
            a(3500, 15.0),
            b(400, 100.0),
            b(1400, 104.0),
        ],
    );
    let delta = counter(
        "jobs",
        AggregationTemporality::Delta,
        vec![a(100, 3.0), a(200, 5.0), a(1100, 2.0)],
    );
    store.append(vec![metrics(&t, 1, "api", vec![cumulative, delta])]).await.unwrap();

    let rate = store
        .metric_series(&series_query(&t, "requests", SEC, SeriesFunction::Rate))
        .await
        .unwrap();
    let got: Vec<_> = rate.iter().map(|p| ((p.time_unix_nano - T0) / SEC, p.value)).collect();
    assert_eq!(got, [(0, 10.0), (1, 24.0), (2, 5.0), (3, 10.0)]);

    let rate = store
        .metric_series(&series_query(&t, "jobs", 2 * SEC, SeriesFunction::Rate))
        .await
        .unwrap();
    let got: Vec<_> = rate.iter().map(|p| ((p.time_unix_nano - T0) / SEC, p.value)).collect();
    assert_eq!(got, [(0, 5.0)], "delta sums: sum over the bucket / step seconds");
}

pub(crate) async fn quantile_series_estimates_from_histogram_buckets(store: &impl TelemetryStore) {
    let t = acme();
    let bounds = [0.0, 10.0, 20.0];
    let cumulative = vec![
        histogram_point(0, &bounds, &[0, 10, 0, 0], 50.0),
        // In the second bucket of time: 10 more observations, all in (10, 20].
        histogram_point(1000, &bounds, &[0, 10, 10, 0], 200.0),
    ];
    store
        .append(vec![metrics(
            &t,
            1,
            "api",
            vec![histogram("latency", AggregationTemporality::Cumulative, cumulative)],
        )])
        .await
        .unwrap();
    let series = store
        .metric_series(&series_query(&t, "latency", SEC, SeriesFunction::Quantile(50)))
        .await
        .unwrap();
    let got: Vec<_> = series.iter().map(|p| ((p.time_unix_nano - T0) / SEC, p.value)).collect();
    assert_eq!(got, [(0, 5.0), (1, 15.0)]);
}

/// Thirty points of two series of one metric and one of another on two timestamps, written
/// twice in separate queue records: paging reads each exactly once, newest first, then by
/// name.
pub(crate) async fn metric_point_pages_hold_every_point_once_in_order(store: &impl TelemetryStore) {
    let t = acme();
    let host = |h: &str| vec![kv("host", text(h))];
    let cpu: Vec<NumberDataPoint> =
        (0..20u64).map(|i| number(i % 2, i as f64, host(["a", "b"][i as usize % 2]))).collect();
    let memory: Vec<NumberDataPoint> =
        (20..30u64).map(|i| number(i % 2, i as f64, vec![])).collect();
    for first in [1, 3] {
        let batches = vec![
            metrics(&t, first, "svc", vec![gauge("cpu", cpu.clone())]),
            metrics(&t, first + 1, "svc", vec![gauge("memory", memory.clone())]),
        ];
        store.append(batches).await.unwrap();
    }
    let whole = MetricQuery { page: page(1000), ..metric_query(&t, None) };
    let everything = store.metric_points(&whole).await.unwrap().items;
    assert_eq!(everything.len(), 60);
    for limit in [1, 7] {
        let walked = walk(limit, |page| {
            let query = MetricQuery { page, ..metric_query(&t, None) };
            async move { store.metric_points(&query).await.unwrap() }
        })
        .await;
        assert_eq!(walked, everything, "{limit} at a time");
        let mut values: Vec<u64> = walked.iter().map(|p| p.value.unwrap() as u64).collect();
        values.sort();
        assert_eq!(values, (0..30).flat_map(|i| [i, i]).collect::<Vec<_>>(), "every point once");
        assert_in_order(&walked, |p| (std::cmp::Reverse(p.time_unix_nano), p.name.clone()));
    }
}
