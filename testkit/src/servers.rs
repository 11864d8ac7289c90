//! Throwaway database servers for the storage tests.
//!
//! - PostgreSQL: a cluster made with `initdb` in a temp dir and started with `pg_ctl` on a free
//!   loopback port (as the `postgres` system user when the tests run as root, which `initdb`
//!   refuses to be). Stopped and removed on drop.
//! - ClickHouse: `testkit/clickhouse_http.py`, the HTTP adapter over the ClickHouse engine from
//!   `chdb-core`, run with the test venv's Python (`OPHION_TEST_PYTHON`, by default the venv
//!   `scripts/e2e.sh --setup` keeps). Stopped on drop.
//!
//! With `OPHION_TEST_POSTGRES_URL` or `OPHION_TEST_CLICKHOUSE_URL` set, the server it names is
//! used instead. Nothing is skipped: a server that cannot start fails the test with the reason.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long a server may take to come up.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A ClickHouse HTTP endpoint.
pub struct ClickHouse {
    pub url: String,
    adapter: Option<Child>,
    _dir: Option<tempfile::TempDir>,
}

impl ClickHouse {
    pub fn start() -> Self {
        if let Ok(url) = std::env::var("OPHION_TEST_CLICKHOUSE_URL") {
            return Self { url, adapter: None, _dir: None };
        }
        let python = test_python();
        let script = workspace_root().join("testkit/clickhouse_http.py");
        let dir = tempfile::tempdir().expect("temp dir for chDB");
        let mut child = Command::new(&python)
            .arg(&script)
            .args(["--port", "0", "--path"])
            .arg(dir.path().join("chdb"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot run {} {}: {e}", python.display(), script.display())
            });
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(START_TIMEOUT).unwrap_or_default();
        let Some(url) = line.trim().strip_prefix("listening on ") else {
            let _ = child.kill();
            panic!(
                "the ClickHouse adapter did not start (first line {line:?}); it needs chdb-core \
                 and lz4 in {}: run `bash scripts/e2e.sh --setup` or set OPHION_TEST_PYTHON",
                python.display()
            );
        };
        Self { url: url.to_owned(), adapter: Some(child), _dir: Some(dir) }
    }
}

impl Drop for ClickHouse {
    fn drop(&mut self) {
        if let Some(child) = self.adapter.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A PostgreSQL server and the URL of a database on it that the test may use as it likes.
pub struct Postgres {
    pub url: String,
    cluster: Option<Cluster>,
}

struct Cluster {
    data: PathBuf,
    user: Option<&'static str>,
    _dir: tempfile::TempDir,
}

impl Postgres {
    pub fn start() -> Self {
        if let Ok(url) = std::env::var("OPHION_TEST_POSTGRES_URL") {
            return Self { url, cluster: None };
        }
        // initdb refuses to run as root; the Debian package's `postgres` user is there.
        let user = is_root().then_some("postgres");
        let dir = tempfile::tempdir().expect("temp dir for PostgreSQL");
        let data = dir.path().join("data");
        if let Some(user) = user {
            chown(dir.path(), user);
        }
        let port = free_port();
        run_as(user, "initdb", |c| {
            c.arg("-D").arg(&data).args([
                "-U",
                "ophion",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ]);
        });
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
            dir.path().display()
        );
        run_as(user, "pg_ctl", |c| {
            c.arg("-D")
                .arg(&data)
                .args(["-o", &options, "-l"])
                .arg(dir.path().join("server.log"))
                .args(["-w", "-t", &START_TIMEOUT.as_secs().to_string(), "start"]);
        });
        let url = format!("postgres://ophion@127.0.0.1:{port}/postgres");
        Self { url, cluster: Some(Cluster { data, user, _dir: dir }) }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Some(cluster) = &self.cluster {
            let mut stop = command_as(cluster.user, "pg_ctl");
            stop.arg("-D").arg(&cluster.data).args(["-m", "immediate", "stop"]);
            let _ = stop.stdout(Stdio::null()).stderr(Stdio::null()).status();
        }
    }
}

fn command_as(user: Option<&str>, program: &str) -> Command {
    let program = postgres_binary(program);
    match user {
        Some(user) => {
            let mut c = Command::new("runuser");
            c.args(["-u", user, "--"]).arg(program);
            c
        }
        None => Command::new(program),
    }
}

/// `program` from PATH, else from the newest `/usr/lib/postgresql/<version>/bin`, where
/// Debian's packages put the server binaries.
pub fn postgres_binary(program: &str) -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()));
    if on_path {
        return program.into();
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join("bin").join(program))
        .filter(|binary| binary.is_file())
        .collect();
    versions.sort_by_key(|binary| {
        let version = binary.ancestors().nth(2).and_then(|dir| dir.file_name());
        version.and_then(|v| v.to_str()?.parse::<u32>().ok()).unwrap_or(0)
    });
    versions.pop().unwrap_or_else(|| program.into())
}

fn run_as(user: Option<&str>, program: &str, args: impl FnOnce(&mut Command)) {
    let mut command = command_as(user, program);
    args(&mut command);
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} (PostgreSQL 15 binaries on PATH?): {e}"));
    assert!(
        out.status.success(),
        "{program} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

fn chown(path: &Path, user: &str) {
    let status = Command::new("chown").arg(user).arg(path).status();
    assert!(status.is_ok_and(|s| s.success()), "chown {user} {}", path.display());
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    listener.local_addr().expect("bound address").port()
}

/// The test venv's Python: `OPHION_TEST_PYTHON`, else the one `scripts/e2e.sh --setup` keeps.
fn test_python() -> PathBuf {
    if let Some(python) = std::env::var_os("OPHION_TEST_PYTHON") {
        return python.into();
    }
    let cache = std::env::var_os("OPHION_CACHE_DIR").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/ophion")
    });
    cache.join("e2e-venv/bin/python")
}

/// The checkout being tested: found from the running test's package directory (the
/// compile-time one may name another checkout that shared the build cache).
fn workspace_root() -> PathBuf {
    let start = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    start
        .ancestors()
        .find(|dir| dir.join("testkit/clickhouse_http.py").is_file())
        .unwrap_or_else(|| panic!("no testkit/clickhouse_http.py above {}", start.display()))
        .to_path_buf()
}
