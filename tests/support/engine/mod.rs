//! Process plumbing shared by the engines: finding binaries, starting servers that cannot
//! outlive the test process, running clients with a time limit, parsing client output.

pub mod h2;
pub mod mariadb;
pub mod postgres;

use std::collections::HashMap;
use std::ffi::CString;
use std::fs::File;
use std::io;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Once, mpsc};
use std::thread;
use std::time::{Duration, Instant};

/// How long one client command (a script, a query, initdb) may take.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(600);
/// How long a server may take to accept connections.
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(90);

/// Environment variables that would point a client somewhere else than our server.
const FOREIGN_ENV: &[&str] = &[
    "PGHOST",
    "PGHOSTADDR",
    "PGPORT",
    "PGUSER",
    "PGDATABASE",
    "PGPASSWORD",
    "PGPASSFILE",
    "PGSERVICE",
    "PGSERVICEFILE",
    "PGOPTIONS",
    "PGSSLMODE",
    "PGTZ",
    "PGDATESTYLE",
    "PGCLIENTENCODING",
    "PSQLRC",
    "MYSQL_HOST",
    "MYSQL_TCP_PORT",
    "MYSQL_UNIX_PORT",
    "MYSQL_PWD",
    "MYSQL_HISTFILE",
    "MARIADB_HOST",
    "MARIADB_PWD",
    "JAVA_TOOL_OPTIONS",
    "_JAVA_OPTIONS",
    "JDK_JAVA_OPTIONS",
    "CLASSPATH",
];

/// Panics (never skips) when an engine binary is missing, naming the install command.
pub fn require(path: &Path, what: &str, package: &str) {
    if !path.exists() {
        panic!(
            "{what} not found at {}: install it with `apt-get install -y {package}` \
             (or run .ci/install-engines)",
            path.display()
        );
    }
}

/// First of `candidates` that exists; panics with the apt command otherwise.
pub fn require_any(candidates: &[&str], what: &str, package: &str) -> PathBuf {
    for c in candidates {
        let p = Path::new(c);
        if p.exists() {
            return p.to_path_buf();
        }
    }
    panic!(
        "{what} not found (looked for {}): install it with `apt-get install -y {package}` \
         (or run .ci/install-engines)",
        candidates.join(", ")
    );
}

/// A port that was free a moment ago on 127.0.0.1 (bind to port 0, read it, release it).
pub fn free_port() -> u16 {
    let l = TcpListener::bind(("127.0.0.1", 0)).expect("bind 127.0.0.1:0");
    l.local_addr().unwrap().port()
}

pub fn keep_dirs() -> bool {
    std::env::var_os("SCHEMAGEN_KEEP_ENGINE_DIRS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// A database name nobody else in this process has: counter plus the test's name.
pub fn unique_db_name() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let thread = thread::current();
    let test = thread.name().unwrap_or("main");
    let test = test.rsplit("::").next().unwrap_or(test);
    let mut slug: String = test
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    slug.truncate(40);
    format!("sg{}_{n}_{slug}", std::process::id())
}

/// `(uid, gid)` of a system user, if it exists.
pub fn lookup_user(name: &str) -> Option<(u32, u32)> {
    let cname = CString::new(name).ok()?;
    // SAFETY: getpwnam returns a pointer into static storage or null; we copy out at once.
    unsafe {
        let pw = libc::getpwnam(cname.as_ptr());
        if pw.is_null() {
            None
        } else {
            Some(((*pw).pw_uid, (*pw).pw_gid))
        }
    }
}

pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Make the child get SIGKILL when the thread that spawned it dies (the test process dies,
/// or, for servers, the keeper thread, which lives as long as the process). Runs after
/// std's uid/gid switch, so the setting survives it.
fn die_with_parent(cmd: &mut Command) {
    let parent = std::process::id() as libc::pid_t;
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) != 0 {
                return Err(io::Error::last_os_error());
            }
            if libc::getppid() != parent {
                // The parent died before prctl took effect.
                libc::_exit(1);
            }
            Ok(())
        });
    }
}

/// Neutral environment for clients and servers.
pub fn clean_env(cmd: &mut Command) {
    for v in FOREIGN_ENV {
        cmd.env_remove(v);
    }
    cmd.env("LC_ALL", "C.UTF-8").env("LANG", "C.UTF-8");
}

/// Run a command with stdin from `stdin` (or nothing), capture its output, kill it after
/// [`CLIENT_TIMEOUT`]. Panics if it cannot be started.
pub fn run(mut cmd: Command, stdin: Option<&Path>) -> Output {
    let shown = format!("{cmd:?}");
    match stdin {
        Some(p) => cmd.stdin(File::open(p).unwrap_or_else(|e| panic!("open {}: {e}", p.display()))),
        None => cmd.stdin(Stdio::null()),
    };
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    die_with_parent(&mut cmd);
    let child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {shown}: {e}"));
    let pid = child.id() as libc::pid_t;
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(CLIENT_TIMEOUT) {
        Ok(out) => out.unwrap_or_else(|e| panic!("waiting for {shown}: {e}")),
        Err(_) => {
            // SAFETY: plain kill(2) of our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("{shown} did not finish within {CLIENT_TIMEOUT:?}; killed it");
        }
    }
}

/// [`run`] that panics unless the command succeeds.
pub fn run_ok(cmd: Command, what: &str) -> Output {
    let shown = format!("{cmd:?}");
    let out = run(cmd, None);
    if !out.status.success() {
        panic!(
            "{what} failed ({}): {shown}\nstdout:\n{}\nstderr:\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    out
}

/// A server process started by [`spawn_server`].
pub struct ServerProcess {
    pub pid: u32,
    exit: Arc<Mutex<Option<ExitStatus>>>,
}

impl ServerProcess {
    pub fn exited(&self) -> Option<ExitStatus> {
        *self.exit.lock().unwrap()
    }
}

/// What the exit hook cleans up: servers to stop (pid, polite signal), then directories.
struct Registry {
    servers: Vec<(u32, libc::c_int)>,
    dirs: Vec<PathBuf>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    servers: Vec::new(),
    dirs: Vec::new(),
});

/// A new directory under the system temp dir for a server; removed by the exit hook
/// (after the servers are stopped) unless SCHEMAGEN_KEEP_ENGINE_DIRS is set.
pub fn server_dir(prefix: &str) -> PathBuf {
    let dir = temp_dir(prefix).keep();
    install_exit_hook();
    REGISTRY.lock().unwrap().dirs.push(dir.clone());
    dir
}

const OWNER_FILE: &str = ".schemagen-owner-pid";

/// A temp dir `<prefix>XXXXXX` marked with this process's id, so that a later test run can
/// remove it if this process is killed before it cleans up (see [`sweep_stale_dirs`]).
pub fn temp_dir(prefix: &str) -> tempfile::TempDir {
    assert!(prefix.starts_with("schemagen-"));
    sweep_stale_dirs();
    let dir = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in(temp_root())
        .expect("create a temp dir");
    std::fs::write(dir.path().join(OWNER_FILE), std::process::id().to_string())
        .expect("mark temp dir");
    dir
}

/// Where server and database directories go: `$TMPDIR` when set, else `/dev/shm` when it is a
/// writable tmpfs with room to spare (at least 4 GiB free: servers fsync on DDL, and on a disk
/// that makes MariaDB three times slower), else the system temp dir.
pub fn temp_root() -> PathBuf {
    static ROOT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        if std::env::var_os("TMPDIR").is_some_and(|v| !v.is_empty()) {
            return std::env::temp_dir();
        }
        let shm = Path::new("/dev/shm");
        let free = CString::new("/dev/shm").ok().and_then(|c| {
            // SAFETY: statvfs fills the struct we pass; we read it only on success.
            unsafe {
                let mut st: libc::statvfs = std::mem::zeroed();
                (libc::statvfs(c.as_ptr(), &mut st) == 0)
                    .then(|| st.f_bavail as u64 * st.f_frsize as u64)
            }
        });
        let writable = tempfile::Builder::new()
            .prefix("schemagen-probe-")
            .tempdir_in(shm)
            .is_ok();
        if writable && free.is_some_and(|f| f >= 4 << 30) {
            shm.to_path_buf()
        } else {
            std::env::temp_dir()
        }
    })
    .clone()
}

/// Once per process: remove `schemagen-*` temp dirs whose owning process is gone (a test
/// run killed with SIGKILL; its servers died with it through PDEATHSIG).
fn sweep_stale_dirs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if keep_dirs() {
            return;
        }
        let mut roots = vec![std::env::temp_dir()];
        if temp_root() != roots[0] {
            roots.push(temp_root());
        }
        for e in roots
            .iter()
            .filter_map(|r| std::fs::read_dir(r).ok())
            .flat_map(|entries| entries.flatten())
        {
            if !e.file_name().to_string_lossy().starts_with("schemagen-") {
                continue;
            }
            let Ok(pid) = std::fs::read_to_string(e.path().join(OWNER_FILE)) else {
                continue;
            };
            let Ok(pid) = pid.trim().parse::<libc::pid_t>() else {
                continue;
            };
            // SAFETY: signal 0 only checks whether the process exists.
            let gone = unsafe { libc::kill(pid, 0) } != 0
                && io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH);
            if gone {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    });
}

/// Start a long-running server with stdout/stderr appended to `log` (never inherited
/// pipes). The child is spawned from a dedicated thread that lives until the process
/// exits, because PR_SET_PDEATHSIG fires when the spawning *thread* ends and a test
/// thread ends with its test. At process exit a hook sends `stop_signal`, waits up to
/// 5 s, then SIGKILLs; if the process is killed outright, PDEATHSIG kills the server.
pub fn spawn_server(mut cmd: Command, log: &Path, stop_signal: libc::c_int) -> ServerProcess {
    let out = File::options()
        .create(true)
        .append(true)
        .open(log)
        .unwrap_or_else(|e| panic!("open {}: {e}", log.display()));
    let err = out.try_clone().unwrap();
    cmd.stdin(Stdio::null()).stdout(out).stderr(err);
    die_with_parent(&mut cmd);
    let shown = format!("{cmd:?}");
    let exit = Arc::new(Mutex::new(None));
    let exit2 = exit.clone();
    let (tx, rx) = mpsc::channel();
    thread::Builder::new()
        .name("engine-server-keeper".into())
        .spawn(move || match cmd.spawn() {
            Ok(mut child) => {
                let _ = tx.send(Ok(child.id()));
                let status = child.wait();
                *exit2.lock().unwrap() = status.ok();
                loop {
                    thread::park();
                }
            }
            Err(e) => {
                let _ = tx.send(Err(e));
            }
        })
        .expect("spawn keeper thread");
    let pid = rx
        .recv()
        .expect("keeper thread answers")
        .unwrap_or_else(|e| panic!("cannot start {shown}: {e}"));
    install_exit_hook();
    REGISTRY.lock().unwrap().servers.push((pid, stop_signal));
    ServerProcess { pid, exit }
}

/// A long-running process talked to through its stdin and stdout (H2's Shell), spawned like
/// [`spawn_server`] (from a keeper thread, so PR_SET_PDEATHSIG holds for the whole process) and
/// SIGKILLed by the exit hook. Its stderr goes to `log`.
pub struct PipedProcess {
    pub pid: u32,
    pub stdin: std::process::ChildStdin,
    pub stdout: std::process::ChildStdout,
}

pub fn spawn_piped(mut cmd: Command, log: &Path) -> PipedProcess {
    let err = File::options()
        .create(true)
        .append(true)
        .open(log)
        .unwrap_or_else(|e| panic!("open {}: {e}", log.display()));
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(err);
    die_with_parent(&mut cmd);
    let shown = format!("{cmd:?}");
    let (tx, rx) = mpsc::channel();
    thread::Builder::new()
        .name("engine-piped-keeper".into())
        .spawn(move || match cmd.spawn() {
            Ok(mut child) => {
                let stdin = child.stdin.take().expect("piped stdin");
                let stdout = child.stdout.take().expect("piped stdout");
                let _ = tx.send(Ok((child.id(), stdin, stdout)));
                let _ = child.wait();
                loop {
                    thread::park();
                }
            }
            Err(e) => {
                let _ = tx.send(Err(e));
            }
        })
        .expect("spawn keeper thread");
    let (pid, stdin, stdout) = rx
        .recv()
        .expect("keeper thread answers")
        .unwrap_or_else(|e| panic!("cannot start {shown}: {e}"));
    install_exit_hook();
    REGISTRY.lock().unwrap().servers.push((pid, libc::SIGKILL));
    PipedProcess { pid, stdin, stdout }
}

fn install_exit_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: registering a plain extern "C" fn.
        unsafe { libc::atexit(stop_servers_at_exit) };
    });
}

extern "C" fn stop_servers_at_exit() {
    let Ok(mut reg) = REGISTRY.try_lock() else {
        return;
    };
    for &(pid, sig) in &reg.servers {
        // SAFETY: signalling processes we started.
        unsafe { libc::kill(pid as libc::pid_t, sig) };
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    for &(pid, _) in &reg.servers {
        // The keeper thread reaps the child; kill(pid, 0) fails once it is gone.
        while unsafe { libc::kill(pid as libc::pid_t, 0) } == 0 && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(20));
        }
        unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
    }
    reg.servers.clear();
    let keep = keep_dirs();
    for dir in reg.dirs.drain(..) {
        if keep {
            eprintln!(
                "engine directory kept (SCHEMAGEN_KEEP_ENGINE_DIRS): {}",
                dir.display()
            );
        } else {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

/// Poll `ready` until it returns true; panic with the log if the server exits or takes
/// too long. Returns `false` (without panicking) if the server exited and `retry_on_exit`
/// says its log shows a retryable failure (a port taken between our probe and its bind).
pub fn wait_until_ready(
    what: &str,
    server: &ServerProcess,
    log: &Path,
    mut ready: impl FnMut() -> bool,
    retry_on_exit: impl Fn(&str) -> bool,
) -> bool {
    let start = Instant::now();
    loop {
        if let Some(status) = server.exited() {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            if retry_on_exit(&text) {
                return false;
            }
            panic!(
                "{what} exited during startup ({status}); its log {}:\n{text}",
                log.display()
            );
        }
        if ready() {
            return true;
        }
        if start.elapsed() > STARTUP_TIMEOUT {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            panic!(
                "{what} not ready after {STARTUP_TIMEOUT:?}; its log {}:\n{text}",
                log.display()
            );
        }
        thread::sleep(Duration::from_millis(50));
    }
}

/// The engine's error text from a failed client run: stderr, else stdout.
pub fn error_text(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
    if err.is_empty() {
        let o = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if o.is_empty() {
            format!("client failed ({}) without a message", out.status)
        } else {
            o
        }
    } else {
        err
    }
}

/// RFC 4180 CSV as written by PostgreSQL `COPY ... (FORMAT csv)` and H2 `CSVWRITE`:
/// every row ends with a newline; an unquoted empty field is SQL NULL, a quoted one is a
/// (possibly empty) string (so a one-column NULL row is an empty line).
pub fn parse_csv(text: &str) -> Vec<Vec<Option<String>>> {
    fn end_field(row: &mut Vec<Option<String>>, field: &mut String, quoted: &mut bool) {
        row.push(if *quoted || !field.is_empty() {
            Some(std::mem::take(field))
        } else {
            None
        });
        *quoted = false;
    }
    let mut rows = Vec::new();
    let mut row: Vec<Option<String>> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if field.is_empty() && !quoted => {
                quoted = true;
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') | None => break,
                        Some(ch) => field.push(ch),
                    }
                }
            }
            ',' => end_field(&mut row, &mut field, &mut quoted),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                end_field(&mut row, &mut field, &mut quoted);
                rows.push(std::mem::take(&mut row));
            }
            ch => field.push(ch),
        }
    }
    if quoted || !field.is_empty() || !row.is_empty() {
        end_field(&mut row, &mut field, &mut quoted);
        rows.push(row);
    }
    rows
}

/// The result sets of `mariadb --xml` output (one per statement that returned rows).
pub fn parse_mariadb_xml(text: &str) -> Vec<Vec<Vec<Option<String>>>> {
    let mut sets = Vec::new();
    for set in text.split("<resultset ").skip(1) {
        let mut rows = Vec::new();
        for row in set.split("<row>").skip(1) {
            let row = row.split("</row>").next().unwrap_or("");
            let mut values = Vec::new();
            for field in row.split("<field ").skip(1) {
                // name="..." is escaped, so the first '>' ends the start tag.
                let end = field.find('>').expect("field start tag ends");
                let tag = &field[..end];
                if tag.ends_with('/') {
                    values.push(if tag.contains("xsi:nil=\"true\"") {
                        None
                    } else {
                        Some(String::new())
                    });
                } else {
                    let body = &field[end + 1..];
                    let body = &body[..body.rfind("</field>").expect("field closes")];
                    values.push(Some(xml_unescape(body)));
                }
            }
            rows.push(values);
        }
        sets.push(rows);
    }
    sets
}

fn xml_unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(semi) = rest.find(';') else { break };
        let ent = &rest[1..semi];
        let decoded = match ent {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if ent.starts_with("#x") => u32::from_str_radix(&ent[2..], 16)
                .ok()
                .and_then(char::from_u32),
            _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Helpers for reading catalog rows.
pub fn s(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

pub fn opt_i64(v: &Option<String>) -> Option<i64> {
    v.as_deref().map(|x| {
        x.trim()
            .parse()
            .unwrap_or_else(|e| panic!("not a number: {x:?}: {e}"))
    })
}

pub fn non_empty(v: &Option<String>) -> Option<String> {
    v.clone().filter(|x| !x.is_empty())
}

/// Group already-ordered rows into (key -> list) keeping first-seen order of keys.
pub fn group<K: std::hash::Hash + Eq + Clone, V>(
    items: impl IntoIterator<Item = (K, V)>,
) -> Vec<(K, Vec<V>)> {
    let mut order: Vec<(K, Vec<V>)> = Vec::new();
    let mut pos: HashMap<K, usize> = HashMap::new();
    for (k, v) in items {
        match pos.get(&k) {
            Some(&i) => order[i].1.push(v),
            None => {
                pos.insert(k.clone(), order.len());
                order.push((k, vec![v]));
            }
        }
    }
    order
}

/// Start something once per process; a failed start is remembered and reported again to
/// every later caller instead of being retried by each test.
pub fn once<T>(
    cell: &'static std::sync::OnceLock<Result<T, String>>,
    start: impl FnOnce() -> T,
) -> &'static T {
    let r = cell.get_or_init(|| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(start)).map_err(|p| {
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".into())
        })
    });
    match r {
        Ok(v) => v,
        Err(msg) => panic!("{msg}"),
    }
}

/// Collects catalog facts into tables, then puts them in canonical order.
pub struct Builder {
    cat: super::Catalog,
    pos: HashMap<String, usize>,
}

impl Builder {
    /// `tables`: (name, comment) of every base table of the database.
    pub fn new(tables: impl IntoIterator<Item = (String, Option<String>)>) -> Self {
        let mut b = Builder {
            cat: super::Catalog::default(),
            pos: HashMap::new(),
        };
        for (name, comment) in tables {
            b.pos.insert(name.clone(), b.cat.tables.len());
            b.cat.tables.push(super::Table {
                name,
                comment,
                ..Default::default()
            });
        }
        b
    }

    /// The table, or None for objects that are not base tables (views, other schemas).
    pub fn table(&mut self, name: &str) -> Option<&mut super::Table> {
        self.pos.get(name).map(|&i| &mut self.cat.tables[i])
    }

    pub fn finish(mut self) -> super::Catalog {
        self.cat.normalize();
        self.cat
    }
}
