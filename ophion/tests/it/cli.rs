//! The `ophion` command line: configuration errors are clear and fatal before anything starts.

#![allow(clippy::expect_used)] // test helper: a binary that cannot run should fail the test

use std::process::Command;

fn ophion(args: &[&str], dir: &std::path::Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ophion"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .output()
        .expect("the binary runs");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn validate_config_prints_the_effective_settings_of_every_layer() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ophion.yaml"),
        "retention: { logs: 3d }\nprocessors:\n  - filter: { services: [healthcheck] }\n",
    )
    .unwrap();
    let (ok, out) = ophion(
        &["validate-config", "--config", "ophion.yaml", "--api-addr", "127.0.0.1:9999"],
        dir.path(),
    );
    assert!(ok, "{out}");
    assert!(out.contains("configuration is valid"), "{out}");
    assert!(out.contains("127.0.0.1:9999"), "flag applied: {out}");
    assert!(out.contains("3days"), "file applied: {out}");
    assert!(out.contains("healthcheck"), "{out}");
}

#[test]
fn bad_configuration_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    for (yaml, mention) in [
        ("data_dri: ./x\n", "data_dri"),
        ("processors:\n  - filter: { span_names: [\"(unclosed\"] }\n", "(unclosed"),
        ("queue: { fsync: sometimes }\n", "sometimes"),
        ("log: { format: xml }\n", "log.format"),
    ] {
        std::fs::write(dir.path().join("bad.yaml"), yaml).unwrap();
        let (ok, out) = ophion(&["validate-config", "--config", "bad.yaml"], dir.path());
        assert!(!ok, "{yaml} was accepted");
        assert!(out.contains(mention), "{yaml}: {out}");
    }
    let (ok, out) = ophion(&["validate-config", "--config", "missing.yaml"], dir.path());
    assert!(!ok && out.contains("does not exist"), "{out}");
}

#[test]
fn serve_fails_clearly_when_a_port_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let (ok, out) = ophion(
        &[
            "serve",
            "--data-dir",
            "data",
            "--otlp-grpc-addr",
            "127.0.0.1:0",
            "--otlp-http-addr",
            "127.0.0.1:0",
            "--api-addr",
            &addr,
        ],
        dir.path(),
    );
    assert!(!ok);
    assert!(out.contains(&format!("cannot listen for API on {addr}")), "{out}");
}

#[test]
#[cfg(all(feature = "clickhouse", feature = "postgres"))]
fn migrate_creates_then_keeps_a_postgres_and_a_clickhouse_schema() {
    let dir = tempfile::tempdir().expect("temp dir");
    let postgres = ophion_testkit::servers::Postgres::start();
    let clickhouse = ophion_testkit::servers::ClickHouse::start();
    for _ in 0..2 {
        let (ok, out) = ophion(&["migrate", "--postgres-url", &postgres.url], dir.path());
        let version = ophion_storage::postgres::SCHEMA_VERSION;
        assert!(
            ok && out.contains(&format!("PostgreSQL database: schema version {version}")),
            "{out}"
        );
        let args = ["migrate", "--clickhouse-url", &clickhouse.url, "--clickhouse-database", "cli"];
        let (ok, out) = ophion(&args, dir.path());
        let version = ophion_storage::clickhouse::SCHEMA_VERSION;
        assert!(
            ok && out.contains(&format!("ClickHouse database cli: schema version {version}")),
            "{out}"
        );
    }
}

#[test]
fn migrate_needs_exactly_one_reachable_store() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (ok, out) = ophion(&["migrate"], dir.path());
    assert!(!ok && out.contains("--clickhouse-url"), "{out}");
    let both = ["migrate", "--clickhouse-url", "http://x", "--postgres-url", "postgres://x"];
    let (ok, out) = ophion(&both, dir.path());
    assert!(!ok && out.contains("cannot be used with"), "{out}");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("addr")
        .port();
    let url = format!("postgres://ophion:hunter2@127.0.0.1:{port}/ophion");
    let (ok, out) = ophion(&["migrate", "--postgres-url", &url], dir.path());
    assert!(!ok && out.contains("unreachable") && !out.contains("hunter2"), "{out}");
}

/// `serve --store clickhouse|postgres` stops before serving, saying why, when the store has
/// no URL, cannot be reached, is not migrated (with migration off) or is newer than the binary.
#[test]
fn serve_on_a_shared_store_fails_clearly_before_serving() {
    let dir = tempfile::tempdir().expect("temp dir");
    let serve = |extra: &[&str], env: &[(&str, &str)]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ophion"));
        command.args(["serve", "--data-dir", "data", "--otlp-grpc-addr", "127.0.0.1:0"]);
        command.args(["--otlp-http-addr", "127.0.0.1:0", "--api-addr", "127.0.0.1:0"]);
        let out = command
            .args(extra)
            .envs(env.iter().copied())
            .current_dir(dir.path())
            .env_remove("RUST_LOG")
            .output()
            .expect("the binary runs");
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), text)
    };
    let (ok, out) = serve(&["--store", "postgres"], &[]);
    assert!(!ok && out.contains("--postgres-url"), "{out}");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("addr")
        .port();
    let closed = format!("http://127.0.0.1:{port}");
    let (ok, out) = serve(&["--store", "clickhouse", "--clickhouse-url", &closed], &[]);
    assert!(!ok && out.contains("unreachable") && out.contains(&closed), "{out}");

    let postgres = ophion_testkit::servers::Postgres::start();
    let no_migration = [("OPHION_STORE__MIGRATE", "false")];
    let args = ["--store", "postgres", "--postgres-url", &postgres.url];
    let (ok, out) = serve(&args, &no_migration);
    assert!(!ok && out.contains("run `ophion migrate`"), "{out}");
    let (ok, out) = ophion(&["migrate", "--postgres-url", &postgres.url], dir.path());
    assert!(ok, "{out}");
    let psql = Command::new(ophion_testkit::servers::postgres_binary("psql"))
        .args([&postgres.url, "-c", "INSERT INTO ophion_schema_migrations VALUES (99, 'future')"])
        .output()
        .expect("psql runs");
    assert!(psql.status.success(), "{}", String::from_utf8_lossy(&psql.stderr));
    let (ok, out) = serve(&args, &[]);
    assert!(!ok && out.contains("99"), "{out}");
}

#[test]
fn printed_settings_never_show_a_store_password() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("ophion.yaml"),
        "store: { clickhouse: { password: hunter2 } }\n",
    )
    .expect("config file");
    let url = "postgres://ophion:hunter3@db.internal:5432/telemetry";
    let args = ["validate-config", "--config", "ophion.yaml", "--store", "postgres"];
    let (ok, out) = ophion(&[&args[..], &["--postgres-url", url]].concat(), dir.path());
    assert!(ok, "{out}");
    assert!(out.contains("db.internal") && out.contains("\"postgres\""), "{out}");
    assert!(!out.contains("hunter2") && !out.contains("hunter3"), "a password was printed: {out}");
}

#[test]
fn ai_detect_and_patterns_read_files_and_write_their_formats() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("timestamp,value\n");
    for i in 0..2000u32 {
        let minutes = i * 5;
        let value = if i == 1700 { 400.0 } else { 20.0 + f64::from(i % 9) };
        let (day, hour, minute) = (1 + minutes / 1440, minutes % 1440 / 60, minutes % 60);
        csv.push_str(&format!("2014-04-{day:02} {hour:02}:{minute:02}:00,{value}\n"));
    }
    std::fs::write(dir.path().join("series.csv"), csv).unwrap();
    let (ok, out) = ophion(&["ai", "detect", "--input", "series.csv"], dir.path());
    assert!(ok, "{out}");
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows[0], "timestamp,value,anomaly_score,label");
    assert_eq!(rows.len(), 2001);
    let raised: Vec<usize> = (1..rows.len()).filter(|&i| rows[i].ends_with(",1")).collect();
    assert_eq!(raised, [1701], "the spike, and only it");

    std::fs::write(
        dir.path().join("app.log"),
        "Accepted connection from 10.0.0.1:5000\nAccepted connection from 10.0.0.2:5001\nDisk full\n",
    )
    .unwrap();
    let (ok, out) = ophion(&["ai", "patterns", "--input", "app.log"], dir.path());
    assert!(ok, "{out}");
    assert_eq!(
        out,
        "1\tAccepted connection from <*>:<*>\n1\tAccepted connection from <*>:<*>\n2\tDisk full\n"
    );

    let (ok, out) = ophion(&["ai", "detect", "--input", "missing.csv"], dir.path());
    assert!(!ok && out.contains("missing.csv"), "{out}");
    std::fs::write(dir.path().join("bad.csv"), "timestamp,value\n2014-04-01 00:00:00,high\n")
        .unwrap();
    let (ok, out) = ophion(&["ai", "detect", "--input", "bad.csv"], dir.path());
    assert!(!ok && out.contains("line 2: bad value"), "{out}");
}

/// Runs the binary with `RUST_BACKTRACE=1`, its stdout a pipe whose reader is already gone
/// when `closed_stdout`; returns the exit code and stderr.
fn ophion_status(args: &[&str], dir: &std::path::Path, closed_stdout: bool) -> (i32, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ophion"));
    command.args(args).current_dir(dir).env_remove("RUST_LOG").env("RUST_BACKTRACE", "1");
    if closed_stdout {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        command.stdout(writer);
    }
    let out = command.output().expect("the binary runs");
    (out.status.code().expect("an exit code"), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn user_mistakes_are_one_line_with_status_2_and_failures_status_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("series")).unwrap();
    std::fs::write(dir.path().join("bad.csv"), "timestamp,value\n2014-04-01 00:00:00,high\n")
        .unwrap();
    std::fs::write(dir.path().join("binary.csv"), b"timestamp,value\n\xff\xfe,1\n").unwrap();
    std::fs::write(dir.path().join("bad.yaml"), "data_dri: ./x\n").unwrap();
    for (args, says) in [
        (&["ai", "detect", "--input", "series"][..], "ophion: --input series: is a directory"),
        (&["ai", "patterns", "--input", "series"], "ophion: --input series: is a directory"),
        (&["ai", "detect", "--input", "missing.csv"], "ophion: cannot open --input missing.csv"),
        (&["ai", "detect", "--input", "bad.csv"], "ophion: line 2: bad value \"high\""),
        (&["ai", "detect", "--input", "binary.csv"], "ophion: reading line 2: stream did not"),
        (&["validate-config", "--config", "bad.yaml"], "ophion: invalid configuration"),
        (&["keys", "revoke", "0123456789abcdef", "--data-dir", "data"], "ophion: no API key"),
        (&["keys", "list", "--tenant", "no tenant", "--data-dir", "data"], "ophion: "),
    ] {
        let (status, stderr) = ophion_status(args, dir.path(), false);
        assert_eq!(status, 2, "{args:?}: {stderr}");
        assert!(stderr.starts_with(says), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: one line, no backtrace: {stderr}");
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("postgres://ophion@127.0.0.1:{port}/ophion");
    let (status, stderr) = ophion_status(&["migrate", "--postgres-url", &url], dir.path(), false);
    assert_eq!(status, 1, "an unreachable store is a failure, not a mistake: {stderr}");
    assert!(stderr.starts_with("ophion: ") && !stderr.contains("backtrace"), "{stderr}");
}

#[test]
fn a_closed_stdout_ends_the_command_quietly_with_status_0() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("timestamp,value\n");
    for i in 0..500 {
        csv.push_str(&format!("{},{}\n", 1_400_000_000 + i * 300, i % 7));
    }
    std::fs::write(dir.path().join("series.csv"), csv).unwrap();
    std::fs::write(dir.path().join("app.log"), "disk full\nconnection reset\n").unwrap();
    for args in [
        &["ai", "detect", "--input", "series.csv"][..],
        &["ai", "patterns", "--input", "app.log"],
        &["validate-config"],
        &["keys", "list", "--data-dir", "data"],
    ] {
        let (status, stderr) = ophion_status(args, dir.path(), true);
        assert_eq!((status, stderr.as_str()), (0, ""), "{args:?}");
    }
}
