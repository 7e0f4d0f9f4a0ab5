//! Running a command and measuring it from outside: wall time, CPU time and
//! the peak resident set of the largest process it ran. The memory comes
//! from GNU time (`/usr/bin/time -v`, the largest waited-for process of the
//! tree, as the kernel reports it) or, without it, from polling `/proc` for
//! `VmHWM` of the process and its descendants every 10 ms.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// GNU time, when installed (Debian package `time`).
pub const GNU_TIME: &str = "/usr/bin/time";

/// How memory is measured on this machine, for the reports.
pub fn memory_tool() -> String {
    if has_gnu_time() {
        format!("{GNU_TIME} -v")
    } else {
        "polling /proc every 10 ms (GNU time missing: apt-get install time)".to_string()
    }
}

fn has_gnu_time() -> bool {
    Path::new(GNU_TIME).is_file()
}

/// One measured run of a command.
#[derive(Debug)]
pub struct Measured {
    /// Wall time from spawning to exit.
    pub elapsed: Duration,
    /// User + system time (GNU time only).
    pub cpu: Option<Duration>,
    /// Peak resident set of the largest process, in bytes.
    pub peak: Option<u64>,
    /// The exit status; `None` when the run was killed at the time limit.
    pub status: Option<ExitStatus>,
}

impl Measured {
    /// Exited with status 0.
    pub fn success(&self) -> bool {
        self.status.is_some_and(|s| s.success())
    }
}

/// Runs `command` (program, arguments, environment and directory are taken
/// from it) with standard input closed and its standard output and error
/// both written to `log`, and measures it. A run that takes longer than
/// `limit` is killed with its whole process group.
pub fn measure(command: &Command, log: &Path, limit: Option<Duration>) -> std::io::Result<Measured> {
    let gnu_time = has_gnu_time();
    let report = log.with_extension("time");
    let mut run = if gnu_time {
        let mut c = Command::new(GNU_TIME);
        c.arg("-v").arg("-o").arg(&report).arg(command.get_program());
        c
    } else {
        Command::new(command.get_program())
    };
    run.args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => run.env(key, value),
            None => run.env_remove(key),
        };
    }
    if let Some(dir) = command.get_current_dir() {
        run.current_dir(dir);
    }
    let out = std::fs::File::create(log)?;
    run.stdin(Stdio::null())
        .stdout(out.try_clone()?)
        .stderr(out)
        // Its own process group, so a run over the limit is killed whole
        // (GNU time does not pass a kill on to the command it runs).
        .process_group(0);

    let started = Instant::now();
    let mut child = run.spawn()?;
    let pid = child.id();
    let mut polled: Option<u64> = None;
    let kill = move || {
        // SAFETY: kill(2) on the process group this function created.
        unsafe { libc::kill(-(pid as i32), libc::SIGKILL) };
    };
    let status = if gnu_time {
        // Block on the child (exact wall time); a watchdog kills it at the limit.
        let (done, watch) = std::sync::mpsc::channel::<()>();
        let limit = limit.unwrap_or(Duration::MAX);
        let watchdog = std::thread::spawn(move || match watch.recv_timeout(limit) {
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                kill();
                true
            }
            _ => false,
        });
        let status = child.wait()?;
        let _ = done.send(());
        let killed = watchdog.join().unwrap_or(false);
        (!killed).then_some(status)
    } else {
        loop {
            if let Some(status) = child.try_wait()? {
                break Some(status);
            }
            if limit.is_some_and(|limit| started.elapsed() > limit) {
                kill();
                child.wait()?;
                break None;
            }
            if let Some(peak) = tree_peak_rss(pid) {
                polled = Some(polled.map_or(peak, |p| p.max(peak)));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    };
    let elapsed = started.elapsed();
    let (peak, cpu) = if gnu_time {
        let text = std::fs::read_to_string(&report).unwrap_or_default();
        let _ = std::fs::remove_file(&report);
        parse_gnu_time(&text)
    } else {
        (polled, None)
    };
    Ok(Measured {
        elapsed,
        cpu,
        peak,
        status,
    })
}

/// Peak RSS (bytes) and user + system time from `time -v`'s report.
pub fn parse_gnu_time(report: &str) -> (Option<u64>, Option<Duration>) {
    let field = |name: &str| {
        report
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .and_then(|v| v.trim().parse::<f64>().ok())
    };
    let peak = field("Maximum resident set size (kbytes):").map(|kib| kib as u64 * 1024);
    let cpu = field("User time (seconds):")
        .zip(field("System time (seconds):"))
        .map(|(user, system)| Duration::from_secs_f64(user + system));
    (peak, cpu)
}

/// The largest `VmHWM` among `pid` and its descendants.
fn tree_peak_rss(pid: u32) -> Option<u64> {
    let mut processes = Vec::new();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(id) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(status) = std::fs::read_to_string(entry.path().join("status")) else {
            continue;
        };
        let parent = status
            .lines()
            .find_map(|l| l.strip_prefix("PPid:"))
            .and_then(|p| p.trim().parse::<u32>().ok())
            .unwrap_or(0);
        let hwm = crate::generation::status_kib(&status, "VmHWM:").map(|kib| kib * 1024);
        processes.push((id, parent, hwm));
    }
    let mut tree = vec![pid];
    let mut peak = None;
    let mut i = 0;
    while i < tree.len() {
        let current = tree[i];
        for &(id, parent, hwm) in &processes {
            if id == current {
                if let Some(hwm) = hwm {
                    peak = Some(peak.unwrap_or(0).max(hwm));
                }
            }
            if parent == current && !tree.contains(&id) {
                tree.push(id);
            }
        }
        i += 1;
    }
    peak
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_gnu_time_reports() {
        let report = "\tCommand being timed: \"true\"\n\tUser time (seconds): 1.25\n\tSystem time (seconds): 0.25\n\
                      \tMaximum resident set size (kbytes): 2048\n";
        assert_eq!(
            parse_gnu_time(report),
            (Some(2 * 1024 * 1024), Some(Duration::from_millis(1500)))
        );
        assert_eq!(parse_gnu_time(""), (None, None));
    }

    #[test]
    fn measures_a_command_and_keeps_its_output() {
        let dir = std::env::temp_dir().join(format!("switchboard-bench-process-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let log = dir.join("echo.log");
        let mut command = Command::new("sh");
        command.args(["-c", "echo out; echo err >&2; exit 3"]);
        let measured = measure(&command, &log, None).unwrap();
        assert!(!measured.success());
        assert_eq!(measured.status.and_then(|s| s.code()), Some(3));
        let text = std::fs::read_to_string(&log).unwrap();
        assert!(text.contains("out") && text.contains("err"), "{text}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
